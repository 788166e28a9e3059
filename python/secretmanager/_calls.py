"""Calling the library: a fallible function's status becomes the matching exception of
:mod:`secretmanager.errors` (its ``sm_error`` read and freed)."""

from __future__ import annotations

import ctypes
from ctypes import POINTER, byref
from typing import Any, Callable, Optional

from . import _native
from ._native import lib
from .errors import error_for


def check(status: int, err: "ctypes._Pointer[_native.sm_error]") -> None:
    """Raises the exception for a failed call and frees ``err``; does nothing on SM_OK."""
    if status == _native.SM_OK:
        return
    native = lib()
    try:
        name = _native.STATUS_NAMES.get(status, "SM_UNKNOWN_ERROR")
        request_id: Optional[str] = None
        retryable = False
        if err:
            message = _native.text(native.sm_error_message(err)) or ""
            http_status = int(native.sm_error_http_status(err)) or None
            code = _native.text(native.sm_error_code(err)) or None
            request_id = _native.text(native.sm_error_request_id(err)) or None
            retryable = bool(native.sm_error_retryable(err))
        else:
            message, http_status, code = "", None, None
        if not message:
            message = _native.text(native.sm_status_str(status)) or f"status {status}"
        raise error_for(name, message, http_status, code, request_id, retryable)
    finally:
        native.sm_error_free(err)


def take_string(pointer: "ctypes._Pointer[ctypes.c_char]") -> Optional[bytes]:
    """The bytes of an owned ``char *`` the library handed out (``None`` for NULL), which is
    freed (and zeroed) with ``sm_string_free`` as it is read."""
    if not pointer:
        return None
    try:
        return ctypes.string_at(pointer)
    finally:
        lib().sm_string_free(pointer)


def call(func: Callable[..., int], *args: Any) -> None:
    """Calls a fallible function with a trailing ``sm_error **`` and checks its status."""
    err = POINTER(_native.sm_error)()
    status = func(*args, byref(err))
    check(status, err)
