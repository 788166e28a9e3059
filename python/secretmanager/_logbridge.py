"""The library's log events on :mod:`logging`: ``logging.getLogger("secretmanager")``.

The C library tells a callback (``sm_set_log_callback``) one line per event: a span per call
and an event per attempt and retry decision, with the provider, operation, attempt number, HTTP
status, provider error code, request id and durations, never a secret value, key, token,
signature or header. This module installs that callback with the most verbose level the
``secretmanager`` logger is enabled for (DEBUG: every attempt; INFO: retries, clock
corrections, read-backs and failed calls; anything less: none), and checks again before every
call, so configuring :mod:`logging` at any time takes effect at the next call. Events of
calls made on threads the library started (the cache's refresher) are logged too.
"""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Optional

from . import _native
from ._native import lib

logger = logging.getLogger("secretmanager")
"""The logger every event of the library goes to."""

_LEVELS = {
    _native.SM_LOG_ERROR: logging.ERROR,
    _native.SM_LOG_WARN: logging.WARNING,
    _native.SM_LOG_INFO: logging.INFO,
    _native.SM_LOG_DEBUG: logging.DEBUG,
    _native.SM_LOG_TRACE: 5,
}


def _forward(_user_data: Optional[int], level: int, message: Optional[bytes]) -> None:
    try:
        logger.log(_LEVELS.get(level, logging.DEBUG), "%s", (message or b"").decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - a handler's failure must not reach the library
        pass


_callback = _native.sm_log_fn(_forward)
"""Kept referenced for as long as the library may call it."""

_installed = _native.SM_LOG_OFF
_lock = threading.Lock()


def _wanted() -> int:
    if logger.isEnabledFor(logging.DEBUG):
        return _native.SM_LOG_DEBUG
    if logger.isEnabledFor(logging.INFO):
        return _native.SM_LOG_INFO
    return _native.SM_LOG_OFF


def sync() -> None:
    """Installs the callback at the level the logger is enabled for now, if that changed."""
    wanted = _wanted()
    if wanted == _installed:
        return
    _set(wanted)


def _set(level: int) -> None:
    global _installed
    with _lock:
        if level == _installed:
            return
        callback = _callback if level != _native.SM_LOG_OFF else _native.sm_log_fn()
        # Refused only when another tracing subscriber owns the process (a Rust host
        # program): the events go there, and asking again at every call would not help.
        lib().sm_set_log_callback(level, callback, None, None)
        _installed = level


@atexit.register
def _stop() -> None:
    """No callback into an interpreter that is shutting down."""
    try:
        _set(_native.SM_LOG_OFF)
    except Exception:  # noqa: BLE001 - the library may already be unloaded
        pass
