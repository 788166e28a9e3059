"""Python bindings of the ``secretmanager`` SDK (NAVER Cloud Platform Secret Manager rotation
APIs), over the C library ``libsecretmanager`` through ctypes.

>>> from secretmanager import Client                                  # doctest: +SKIP
>>> with Client("https://secretmanager.apigw.ntruss.com") as client:  # doctest: +SKIP
...     value = client.get_secret_value("my-secret-id")
...     password = value.chain.active.reveal_json()["password"]
"""

from __future__ import annotations

from . import errors, huawei, models, ncp
from ._native import LIBRARY_ENV, LibraryNotFoundError, LibraryVersionError, lib as _lib
from .cache import SecretCache
from .client import Client, HuaweiClient
from .huawei_rotation import CommonRotation, CommonRotationError
from .rotation import RotationError
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
    NoValueError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceededError,
    RequestTimeoutError,
    SecretManagerError,
    ThrottledError,
    TransportError,
    OutcomeUnknownError,
    TaskFailedError,
    UnknownError,
)
# The value types, then every generated result type and enum of both providers.
from .models import *  # noqa: F401,F403
from .ncp import *  # noqa: F401,F403
from .huawei import *  # noqa: F401,F403

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
    "SecretCache",
    "RotationError",
    "CommonRotation",
    "CommonRotationError",
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
    "NoValueError",
    "NotFoundError",
    "PermissionDeniedError",
    "QuotaExceededError",
    "RequestTimeoutError",
    "SecretManagerError",
    "ThrottledError",
    "TransportError",
    "OutcomeUnknownError",
    "TaskFailedError",
    "UnknownError",
]
__all__ += models.__all__ + ncp.__all__ + huawei.__all__
