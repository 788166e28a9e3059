"""The ownership of a C client pointer: closing, the context manager, a last-resort free, a
count of the calls in flight (so that ``close()`` never frees a client another thread is
using), and the reset of every client in a child process made by ``fork()``."""

from __future__ import annotations

import os
import threading
import weakref
from typing import Any, Callable, TypeVar

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
        self._state = threading.Condition(threading.Lock())
        self._in_flight = 0
        _LIVE_HANDLES.add(self)

    def _after_fork(self) -> None:
        self._state = threading.Condition(threading.Lock())
        self._in_flight = 0
        if self._ptr:
            getattr(lib(), self._forget_name)(self._ptr, None)

    def close(self) -> None:
        """Frees the client once every call in flight on other threads has returned.

        Idempotent. Calls made afterwards raise ``ValueError``.
        """
        with self._state:
            ptr, self._ptr = self._ptr, None
            while self._in_flight:
                self._state.wait()
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
        state = self._state
        with state:
            ptr = self._ptr
            if not ptr:
                raise ValueError("the secretmanager client is closed")
            self._in_flight += 1
        try:
            return body(ptr, *args)
        finally:
            with state:
                self._in_flight -= 1
                if not self._in_flight:
                    state.notify_all()

    _entry: Any = None
    """The JSON entry point of the client's provider (a :class:`~secretmanager._calls.JsonEntry`)."""

    def _call_json(self, operation: str, request: bytes) -> bytes:
        """Sends ``operation`` with its JSON ``request`` (every operation method comes here)."""
        return self._run(self._entry, operation, request)
