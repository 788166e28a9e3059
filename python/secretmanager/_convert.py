"""Checking and converting the client settings for C: strings, timeouts, retry counts,
sizes, TLS trust. The operations' own arguments are checked by the library, which names the
field."""

from __future__ import annotations

import os
from typing import Any, Optional, Tuple, Union

from . import _native
from .errors import InvalidArgumentError
from .models import Endpoint, SecretStr

_U32_MAX = 0xFFFF_FFFF
_I32_MAX = 0x7FFF_FFFF

TextOrSecret = Union[str, SecretStr]

CaBundle = Union[str, bytes, "os.PathLike[str]"]
"""A CA bundle: PEM text (``bytes``, or a ``str`` holding ``-----BEGIN``), or a file path."""

_TLS_ROOTS = {"bundled": _native.SM_TLS_ROOTS_BUNDLED, "system": _native.SM_TLS_ROOTS_SYSTEM}


def encode(value: Optional[TextOrSecret], argument: str, *, secret: bool = False) -> Optional[bytes]:
    """UTF-8 bytes for a C string argument; ``None`` stays ``None`` (NULL).

    A NUL character (which C would silently cut the text at) or a lone surrogate gives
    InvalidArgumentError, whose message never includes the text.
    """
    if value is None:
        return None
    if isinstance(value, SecretStr):
        value = value.reveal()
        secret = True
    if not isinstance(value, str):
        raise TypeError(f"`{argument}` must be a str, not {type(value).__name__}")
    if "\x00" in value:
        raise InvalidArgumentError(
            f"argument `{argument}` contains a NUL character", status="SM_INVALID_ARGUMENT"
        )
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as exc:
        where = "" if secret else f" at index {exc.start}"
        raise InvalidArgumentError(
            f"argument `{argument}` cannot be encoded as UTF-8 (lone surrogate{where})",
            status="SM_INVALID_ARGUMENT",
        ) from None


def required(value: Optional[TextOrSecret], argument: str, *, secret: bool = False) -> bytes:
    encoded = encode(value, argument, secret=secret)
    if encoded is None:
        raise InvalidArgumentError(f"argument `{argument}` is required", status="SM_INVALID_ARGUMENT")
    return encoded


def timeout_ms(seconds: Optional[float], argument: str) -> int:
    """Milliseconds for a timeout in seconds; ``None`` -> 0 (the library default)."""
    if seconds is None:
        return 0
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"`{argument}` must be a number of seconds, not {type(seconds).__name__}")
    ms = round(seconds * 1000)
    if not 1 <= ms <= _U32_MAX:
        raise InvalidArgumentError(
            f"argument `{argument}` is {seconds} s; it must be between 0.001 s and {_U32_MAX // 1000} s",
            status="SM_INVALID_ARGUMENT",
        )
    return ms


def max_retries(value: Optional[int]) -> int:
    """``max_retries`` for C: ``None`` -> -1 (the library default), else 0..2**31-1."""
    if value is None:
        return -1
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"`max_retries` must be an int, not {type(value).__name__}")
    if not 0 <= value <= _I32_MAX:
        raise InvalidArgumentError(
            f"argument `max_retries` is {value}; it must be 0 or more", status="SM_INVALID_ARGUMENT"
        )
    return value


def flag(value: Any, argument: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"`{argument}` must be a bool, not {type(value).__name__}")
    return value


def endpoint(endpoint: Union[str, Endpoint]) -> Tuple[int, Optional[bytes]]:
    if isinstance(endpoint, Endpoint):
        return endpoint.value, None
    return _native.SM_ENDPOINT_URL, required(endpoint, "endpoint")


def max_response_bytes(value: Optional[int]) -> int:
    """``max_response_bytes`` for C: ``None`` -> 0 (the library default, 8 MiB), else 1..2**64-1."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"`max_response_bytes` must be an int, not {type(value).__name__}")
    if not 1 <= value < 2**64:
        raise InvalidArgumentError(
            f"argument `max_response_bytes` is {value}; it must be 1 or more", status="SM_INVALID_ARGUMENT"
        )
    return value


def tls_trust(ca_bundle: Optional[CaBundle], tls_roots: Optional[str]) -> Tuple[int, Optional[bytes], Optional[bytes]]:
    """``tls_roots``, ``ca_file`` and ``ca_pem`` for C from the ``ca_bundle`` and ``tls_roots``
    arguments (which exclude each other): PEM text is ``bytes`` or a ``str`` holding
    ``-----BEGIN``, any other ``str`` or path-like is a file path; ``tls_roots`` is
    ``"bundled"`` or ``"system"``. Neither given: ``SSL_CERT_FILE`` when set, else bundled."""
    if ca_bundle is not None and tls_roots is not None:
        raise InvalidArgumentError(
            "argument `tls_roots` is given together with `ca_bundle`: give one of them",
            status="SM_INVALID_ARGUMENT",
        )
    if tls_roots is not None:
        if not isinstance(tls_roots, str):
            raise TypeError(f"`tls_roots` must be a str, not {type(tls_roots).__name__}")
        if tls_roots not in _TLS_ROOTS:
            raise InvalidArgumentError(
                f"argument `tls_roots` is {tls_roots!r}, not 'bundled' or 'system'", status="SM_INVALID_ARGUMENT"
            )
        return _TLS_ROOTS[tls_roots], None, None
    if ca_bundle is None:
        return _native.SM_TLS_ROOTS_DEFAULT, None, None
    if isinstance(ca_bundle, (bytes, bytearray)):
        if b"\x00" in ca_bundle:
            raise InvalidArgumentError("argument `ca_bundle` contains a NUL byte", status="SM_INVALID_ARGUMENT")
        return _native.SM_TLS_ROOTS_CA_PEM, None, bytes(ca_bundle)
    if isinstance(ca_bundle, str) and "-----BEGIN" in ca_bundle:
        return _native.SM_TLS_ROOTS_CA_PEM, None, encode(ca_bundle, "ca_bundle")
    if isinstance(ca_bundle, (str, os.PathLike)):
        path = os.fspath(ca_bundle)
        if not isinstance(path, str):
            raise TypeError("`ca_bundle` must be a str path, PEM bytes or a str path-like, not a bytes path")
        return _native.SM_TLS_ROOTS_CA_FILE, encode(path, "ca_bundle"), None
    raise TypeError(f"`ca_bundle` must be PEM bytes, a PEM str or a file path, not {type(ca_bundle).__name__}")
