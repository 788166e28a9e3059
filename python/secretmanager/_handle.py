"""The ownership of a C client pointer: closing, the context manager, a last-resort free, a
count of the calls in flight (so that ``close()`` never frees a client another thread is
using), and the reset of every client in a child process made by ``fork()``."""

from __future__ import annotations

import ctypes
import os
import threading
import weakref
from ctypes import POINTER, byref, c_char
from typing import Any, Callable, Optional, TypeVar

from . import _logbridge, _native
from ._calls import check, take_string
from ._native import lib

T = TypeVar("T")
H = TypeVar("H", bound="_Handle")


_LIVE_HANDLES: "weakref.WeakSet[_Handle]" = weakref.WeakSet()
"""Every open client, so that a child process made by ``fork()`` can reset them."""


def _after_fork_in_child() -> None:
    """In a child process: every client forgets the connections it shares with the parent
    (left open and untouched), and its lock and count of calls in flight start afresh (the
    threads that held them do not exist in the child)."""
    for handle in list(_LIVE_HANDLES):
        handle._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _Handle:
    """Owns a C client pointer: close(), context manager, last-resort free, and a count of the
    calls in flight so that close() never frees the client under another thread."""

    _free_name = ""
    _forget_name = ""

    def __init__(self) -> None:
        self._ptr: Any = None
        self._new_lock()
        _LIVE_HANDLES.add(self)

    def _new_lock(self) -> None:
        # Calls take the plain lock (a C-level context manager: cheap on every call); only
        # close() waits on the condition, and a call notifies it only once close() began.
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._in_flight = 0
        self._closing = False

    def _after_fork(self) -> None:
        self._new_lock()
        if self._ptr:
            getattr(lib(), self._forget_name)(self._ptr, None)

    def close(self) -> None:
        """Frees the client once every call in flight on other threads has returned.

        Idempotent. Calls made afterwards raise ``ValueError``.
        """
        with self._lock:
            ptr, self._ptr = self._ptr, None
            self._closing = True
            while self._in_flight:
                self._idle.wait()
        if ptr:
            getattr(lib(), self._free_name)(ptr)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._ptr is None

    def __enter__(self: "H") -> "H":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        ptr = getattr(self, "_ptr", None)
        if ptr:
            self._ptr = None
            try:
                getattr(lib(), self._free_name)(ptr)
            except Exception:  # noqa: BLE001 - interpreter shutdown; nothing left to do
                pass

    def __repr__(self) -> str:
        return f"<secretmanager.{type(self).__name__} {'closed' if self.closed else 'open'}>"

    def _run(self, body: Callable[..., T], *args: Any) -> T:
        """Runs ``body(client_pointer, *args)``, keeping the client alive until it returns."""
        _logbridge.sync()
        lock = self._lock
        with lock:
            ptr = self._ptr
            if not ptr:
                raise ValueError("the secretmanager client is closed")
            self._in_flight += 1
        try:
            return body(ptr, *args)
        finally:
            with lock:
                self._in_flight -= 1
                if self._closing and not self._in_flight:
                    self._idle.notify_all()

    _send_json: Any = None
    """The JSON entry point of the client's provider: ``sm_call`` or ``sm_huawei_call``."""

    def _call_json(self, operation: str, request: bytes) -> bytes:
        """Sends ``operation`` with its JSON ``request`` and returns the answer JSON (the
        library's copy is zeroed as it is freed). Every operation method comes here: this is
        :meth:`_run` and the call written out in one frame, the hot path of the package."""
        lock = self._lock
        with lock:
            ptr = self._ptr
            if not ptr:
                raise ValueError("the secretmanager client is closed")
            self._in_flight += 1
        try:
            answer, err = _CHARS(), _ERROR()
            status = self._send_json(ptr, operation.encode("ascii"), request, byref(answer), byref(err))
            if status:
                check(status, err)
            try:
                return _STRING_AT(answer)
            finally:
                _FREE_STRING(answer)  # take_string's work, written out for the hot path
        finally:
            with lock:
                self._in_flight -= 1
                if self._closing and not self._in_flight:
                    self._idle.notify_all()

    def _next_page(self, operation: str, request: bytes, answer: bytes) -> Optional[bytes]:
        """Where the page after ``answer`` starts, as JSON text; ``None`` after the last page
        (the paged operations are Huawei's: ``sm_huawei_next_page``)."""
        position, err = _CHARS(), _ERROR()
        status = lib().sm_huawei_next_page(operation.encode("ascii"), request, answer, byref(position), byref(err))
        if status:
            check(status, err)
        return take_string(position)


_CHARS = POINTER(c_char)
_ERROR = POINTER(_native.sm_error)
_STRING_AT = ctypes.string_at
_FREE_STRING = lib().sm_string_free
