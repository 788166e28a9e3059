"""Exceptions raised by the client, one class per ``sm_status`` of the C library.

Every exception derives from :class:`SecretManagerError` and carries:

* ``status``: the ``sm_status`` name (``"SM_NOT_FOUND"``...);
* ``http_status``: the HTTP status of the provider's answer, or ``None`` when none arrived;
* ``code``: the provider's error code (``"200"``, ``"INVALID_STATUS"``...), or ``None``;
* ``request_id``: the request id the provider gave with its error answer (Huawei's
  ``X-Request-Id``, NCP's ``x-ncp-trace-id``), to quote to its support, or ``None``;
* ``retryable``: whether the same request may succeed if sent again later (throttling, any
  HTTP 429, a passing server fault, a timeout, a broken connection); the client's own retries
  go by it, so ``True`` on a raised error means they were used up or the call is not one to
  resend blindly. Never ``True`` for :class:`OutcomeUnknownError`;
* ``message``: an English message from the library, which never contains a secret value.

The class of an answer from the provider follows the kind the library judges it to be, from the
provider's code first and the HTTP status second (Huawei's ``CSMS.0005`` is a
:class:`NotFoundError` although CSMS answers it with HTTP 400).

::

    SecretManagerError
    ├── InvalidArgumentError (also ValueError)   SM_INVALID_ARGUMENT, nothing was sent
    ├── ConfigurationError (also ValueError)     SM_CONFIG_ERROR
    ├── CredentialsError                         SM_CREDENTIALS_ERROR
    ├── ApiError                                 SM_API_ERROR, the provider answered an error
    │   ├── AuthenticationError                  SM_AUTHENTICATION_FAILED (NCP code "200")
    │   ├── PermissionDeniedError                SM_PERMISSION_DENIED (NCP code "210")
    │   ├── NotFoundError                        SM_NOT_FOUND (HTTP 404, CSMS.0005)
    │   ├── InvalidStatusError                   SM_INVALID_STATE (HTTP 422 INVALID_STATUS)
    │   ├── ThrottledError                       SM_THROTTLED (HTTP 429, APIG.0308)
    │   ├── ConflictError                        SM_CONFLICT (HTTP 409)
    │   ├── QuotaExceededError                   SM_QUOTA_EXCEEDED (NCP "400", CSMS.0202)
    │   └── InvalidRequestError                  SM_INVALID_REQUEST (HTTP 400 INVALID_REQUEST)
    ├── DecodeError                              SM_DECODE_ERROR
    ├── RequestTimeoutError (also TimeoutError)  SM_TIMEOUT
    ├── TransportError (also ConnectionError)    SM_TRANSPORT_ERROR
    ├── OutcomeUnknownError                      SM_OUTCOME_UNKNOWN, may have been applied
    ├── TaskFailedError                          SM_TASK_FAILED, a rotation task ended FAILED
    ├── NoValueError                             SM_NO_VALUE, a cache read found no value there
    ├── BufferTooSmallError                      SM_BUFFER_TOO_SMALL (handled by SecretCache)
    ├── InternalError                            SM_PANIC (a bug in the library)
    └── UnknownError                             SM_UNKNOWN_ERROR or an unknown number
"""

from __future__ import annotations

from typing import Dict, Optional, Type


class SecretManagerError(Exception):
    """Base class of every error of this package."""

    status: str
    http_status: Optional[int]
    code: Optional[str]
    request_id: Optional[str]
    retryable: bool
    message: str

    def __init__(
        self,
        message: str,
        *,
        status: str = "SM_UNKNOWN_ERROR",
        http_status: Optional[int] = None,
        code: Optional[str] = None,
        request_id: Optional[str] = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.http_status = http_status
        self.code = code
        self.request_id = request_id
        self.retryable = retryable

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, http_status={self.http_status!r}, "
            f"code={self.code!r}, request_id={self.request_id!r}, retryable={self.retryable!r}, "
            f"message={self.message!r})"
        )


class InvalidArgumentError(SecretManagerError, ValueError):
    """An argument broke a rule of the API or could not be passed to C; nothing was sent."""


class ConfigurationError(SecretManagerError, ValueError):
    """The client configuration is unusable (bad endpoint, bad timeout combination...)."""


class CredentialsError(SecretManagerError):
    """No credentials were given and none could be read from the environment."""


class ApiError(SecretManagerError):
    """The provider answered with an error (see ``http_status`` and ``code``)."""


class AuthenticationError(ApiError):
    """The gateway refused the credentials or the signature (NCP code ``"200"``)."""


class PermissionDeniedError(ApiError):
    """The credentials are valid but not allowed to do this (NCP code ``"210"``)."""


class NotFoundError(ApiError):
    """The secret or job does not exist (HTTP 404)."""


class InvalidStatusError(ApiError):
    """The operation is not allowed in the secret's current state (HTTP 422 ``INVALID_STATUS``)."""


class ThrottledError(ApiError):
    """The provider throttled the request (HTTP 429, Huawei ``APIG.0308``) and retries were used up."""


class ConflictError(ApiError):
    """The request conflicts with the resource as it is (HTTP 409)."""


class QuotaExceededError(ApiError):
    """A quota is used up: NCP ``"400"`` Quota Exceeded (calls per period, HTTP 429, retried like
    throttling), Huawei ``CSMS.0202`` / ``CSMS.0203`` (the number of secrets or stages)."""


class InvalidRequestError(ApiError):
    """The provider found the request invalid (NCP ``INVALID_REQUEST``, Huawei ``CSMS.0002``,
    HTTP 400): a rule the library could not check before sending (an unknown trigger, a wrong
    job token...)."""


class DecodeError(SecretManagerError):
    """The provider's answer could not be read."""


class RequestTimeoutError(SecretManagerError, TimeoutError):
    """A connect, read or total timeout expired."""


class TransportError(SecretManagerError, ConnectionError):
    """The request could not be sent or its answer not received."""


class OutcomeUnknownError(SecretManagerError):
    """The request may have been applied, and nothing tells whether it was.

    Its answer was lost (the connection broke, the answer timed out or could not be read) and
    the operation cannot be resent blindly (a create, ``rotate_secret``, Execute Rotation
    Job...), or reading the state back could not settle it. Not a failure: the message names
    the operation that tells what happened (``Get Secret List``, ``ListSecretTask``...); look
    the outcome up before acting on it. ``code`` and ``http_status`` are those of a refused
    resend, when there was one.
    """


class TaskFailedError(SecretManagerError):
    """A Huawei rotation task ended ``FAILED`` (``HuaweiClient.wait_for_task``): ``code`` is
    the task's ``task_error_code`` and the message holds its ``task_error_msg``."""


class NoValueError(SecretManagerError):
    """A :class:`~secretmanager.SecretCache` read found no value where it was asked for: a
    stage holding none (NCP ``PENDING`` outside a rotation), a version holding only binary
    data, or a JSON field that is missing or not a string, number or boolean. The message names
    the secret and the stage or field, never a value."""


class BufferTooSmallError(SecretManagerError):
    """A read into a caller's buffer (``sm_cache_get_into``) found the buffer too small for the
    value. :class:`~secretmanager.SecretCache` grows its buffer and reads again, so this reaches
    no caller of the package."""


class InternalError(SecretManagerError):
    """A panic was caught inside the C library: a bug, please report it."""


class UnknownError(SecretManagerError):
    """An error the library gave no specific status for."""


ERRORS_BY_STATUS: Dict[str, Type[SecretManagerError]] = {
    "SM_INVALID_ARGUMENT": InvalidArgumentError,
    "SM_CONFIG_ERROR": ConfigurationError,
    "SM_CREDENTIALS_ERROR": CredentialsError,
    "SM_API_ERROR": ApiError,
    "SM_AUTHENTICATION_FAILED": AuthenticationError,
    "SM_PERMISSION_DENIED": PermissionDeniedError,
    "SM_NOT_FOUND": NotFoundError,
    "SM_INVALID_STATE": InvalidStatusError,
    "SM_THROTTLED": ThrottledError,
    "SM_DECODE_ERROR": DecodeError,
    "SM_CONFLICT": ConflictError,
    "SM_QUOTA_EXCEEDED": QuotaExceededError,
    "SM_INVALID_REQUEST": InvalidRequestError,
    "SM_TIMEOUT": RequestTimeoutError,
    "SM_TRANSPORT_ERROR": TransportError,
    "SM_OUTCOME_UNKNOWN": OutcomeUnknownError,
    "SM_TASK_FAILED": TaskFailedError,
    "SM_NO_VALUE": NoValueError,
    "SM_BUFFER_TOO_SMALL": BufferTooSmallError,
    "SM_PANIC": InternalError,
    "SM_UNKNOWN_ERROR": UnknownError,
}
"""The exception class raised for each ``sm_status`` name."""


def error_for(
    status: str,
    message: str,
    http_status: Optional[int] = None,
    code: Optional[str] = None,
    request_id: Optional[str] = None,
    retryable: bool = False,
) -> SecretManagerError:
    """The exception for a failed call with ``sm_status`` name ``status``."""
    cls = ERRORS_BY_STATUS.get(status, UnknownError)
    return cls(
        message,
        status=status,
        http_status=http_status,
        code=code,
        request_id=request_id,
        retryable=retryable,
    )


__all__ = [
    "SecretManagerError",
    "InvalidArgumentError",
    "ConfigurationError",
    "CredentialsError",
    "ApiError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "InvalidStatusError",
    "ThrottledError",
    "ConflictError",
    "QuotaExceededError",
    "InvalidRequestError",
    "DecodeError",
    "RequestTimeoutError",
    "TransportError",
    "OutcomeUnknownError",
    "TaskFailedError",
    "NoValueError",
    "InternalError",
    "UnknownError",
    "ERRORS_BY_STATUS",
    "error_for",
]
