"""Calling the library: a fallible function's status becomes the matching exception of
:mod:`secretmanager.errors` (its ``sm_error`` read and freed), and an operation is sent as JSON."""

from __future__ import annotations

import ctypes
from ctypes import POINTER, byref, c_char
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


def call(func: Callable[..., int], *args: Any) -> None:
    """Calls a fallible function with a trailing ``sm_error **`` and checks its status."""
    err = POINTER(_native.sm_error)()
    status = func(*args, byref(err))
    check(status, err)


class JsonEntry:
    """``sm_call`` or ``sm_huawei_call``, bound once: sends an operation by name with its JSON
    request and returns the answer JSON (the library's copy is zeroed as it is freed)."""

    __slots__ = ("_entry", "_free")

    def __init__(self, name: str) -> None:
        native = lib()
        self._entry = getattr(native, name)
        self._free = native.sm_string_free

    def __call__(self, client: Any, operation: str, request: bytes) -> bytes:
        answer, err = POINTER(c_char)(), POINTER(_native.sm_error)()
        status = self._entry(client, operation.encode("ascii"), request, byref(answer), byref(err))
        if status:
            check(status, err)
        try:
            return ctypes.string_at(answer)
        finally:
            self._free(answer)
