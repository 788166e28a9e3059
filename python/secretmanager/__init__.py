"""Python bindings of the ``secretmanager`` SDK (NAVER Cloud Platform Secret Manager rotation
APIs), over the C library ``libsecretmanager`` through ctypes.

>>> from secretmanager import Client                                  # doctest: +SKIP
>>> with Client("https://secretmanager.apigw.ntruss.com") as client:  # doctest: +SKIP
...     chain = client.get_secret_value("my-secret-id")
...     password = chain.active.reveal_json()["password"]
"""

from __future__ import annotations

from . import errors, models
from ._native import LIBRARY_ENV, LibraryNotFoundError, LibraryVersionError, lib as _lib
from .client import Client, HuaweiClient
from .errors import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    CredentialsError,
    DecodeError,
    InternalError,
    InvalidArgumentError,
    InvalidRequestError,
    InvalidStatusError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceededError,
    RequestTimeoutError,
    SecretManagerError,
    ThrottledError,
    TransportError,
    OutcomeUnknownError,
    UnknownError,
)
# Every public model; models.__all__ is the one list of them.
from .models import *  # noqa: F401,F403

__version__: str = _lib().version
"""The version of the loaded C library (``sm_version``), checked when it is loaded: its major
and minor numbers are this package's (else importing raises :class:`LibraryVersionError`)."""

__all__ = [
    "__version__",
    "LIBRARY_ENV",
    "LibraryNotFoundError",
    "LibraryVersionError",
    "Client",
    "HuaweiClient",
    "errors",
    "ApiError",
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "CredentialsError",
    "DecodeError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidRequestError",
    "InvalidStatusError",
    "NotFoundError",
    "PermissionDeniedError",
    "QuotaExceededError",
    "RequestTimeoutError",
    "SecretManagerError",
    "ThrottledError",
    "TransportError",
    "OutcomeUnknownError",
    "UnknownError",
]
__all__ += models.__all__
