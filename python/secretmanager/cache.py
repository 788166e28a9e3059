""":class:`SecretCache`: the library's rotation-aware secret cache (``sm_cache``) over a
:class:`~secretmanager.Client` or a :class:`~secretmanager.HuaweiClient`. The way a service
reads its secrets: from memory, once per TTL from the service.
"""

from __future__ import annotations

import ctypes
import json
import threading
from ctypes import POINTER, byref, c_char, c_size_t
from typing import Any, Callable, List, Optional, Tuple, TypeVar, Union

from . import _native
from ._calls import call as _call, check as _check, take_string as _take_string
from ._handle import _Handle
from ._native import lib
from .errors import InvalidArgumentError
from .models import SecretStr

T = TypeVar("T")
_Client = Any  # Client or HuaweiClient (imported lazily: client.py does not know the cache)


class SecretCache(_Handle):
    """A cache of secret values over ``client`` (a :class:`~secretmanager.Client` or a
    :class:`~secretmanager.HuaweiClient`), safe to share between threads.

    ``get`` answers from memory while the value is fresh (``ttl`` seconds, default 300) and
    refreshes it in the background shortly before (``refresh_ahead`` seconds, default a tenth
    of the TTL; 0 turns it off). Concurrent reads of a missing value make one request. CSMS
    values are refreshed by asking where SYSCURRENT is and fetching the value only when it
    moved. When refreshing fails transiently (5xx, 429, timeouts, connection errors) the value
    held is served up to ``max_stale`` seconds past its TTL (default 300; never through an
    authentication, permission or not-found error); "not found" is remembered for
    ``negative_ttl`` seconds (default 5). At most ``max_size`` values are held (default 1024),
    the least recently read going first. A rotation or new version made through the same
    client expires the secret's values at once.

    Values are :class:`~secretmanager.SecretStr`; the library zeroes its copies when they
    leave the cache. Errors are those of the client (:class:`~secretmanager.NotFoundError`...),
    and :class:`~secretmanager.NoValueError` when there is no value where asked.

    >>> cache = SecretCache(client, ttl=60)                           # doctest: +SKIP
    >>> password = cache.get_field("secret-id", "password")           # doctest: +SKIP
    >>> current, previous = cache.get_with_previous("secret-id")      # doctest: +SKIP
    """

    def __init__(
        self,
        client: _Client,
        *,
        ttl: float = 300.0,
        max_size: int = 1024,
        max_stale: float = 300.0,
        refresh_ahead: Optional[float] = None,
        negative_ttl: float = 5.0,
    ) -> None:
        new = _constructor(client)
        super().__init__()
        native = lib()
        options = _native.sm_cache_options()
        _check(native.sm_cache_options_init(byref(options), ctypes.sizeof(options)), POINTER(_native.sm_error)())
        options.ttl_ms = max(1, _millis(ttl, "ttl"))
        options.max_entries = _count(max_size, "max_size")
        options.max_stale_ms = _millis(max_stale, "max_stale")
        options.negative_ttl_ms = _millis(negative_ttl, "negative_ttl")
        options.refresh_ahead_ms = -1 if refresh_ahead is None else _millis(refresh_ahead, "refresh_ahead")
        self._options = options
        self._client = client
        self._new = new
        self._owned: Optional[_OwnedCache] = _OwnedCache(client._run(self._create))

    def _create(self, client_ptr: Any) -> Any:
        ptr = POINTER(_native.sm_cache)()
        _call(self._new, client_ptr, byref(self._options), byref(ptr))
        return ptr

    def _after_fork(self) -> None:
        # The parent's refresher thread does not exist here and may have held an entry's lock:
        # the child leaves the inherited cache alone (never freed) and starts an empty one
        # over the same client (whose pointer stays valid; its own lock may not be reset yet).
        inherited, self._owned = self._owned, None
        if inherited is not None:
            inherited.ptr = None
            client_ptr = getattr(self._client, "_ptr", None)
            self._owned = _OwnedCache(self._create(client_ptr)) if client_ptr else None

    def close(self) -> None:
        """Closes the cache: reads made afterwards raise ``ValueError``. Its memory (every
        value, zeroed) is freed at once, or as the last read in flight on another thread
        returns; close() does not wait for it. Idempotent."""
        self._owned = None

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._owned is None

    def _run(self, body: Callable[..., T], *args: Any) -> T:
        """Runs ``body(cache_pointer, *args)``, keeping the cache alive until it returns."""
        owned = self._owned  # this reference keeps the C cache alive through close()
        if owned is None:
            raise ValueError("the secret cache is closed")
        return body(owned.ptr, *args)

    def get(self, secret_id: str) -> SecretStr:
        """The current value: NCP ACTIVE (by secret id), CSMS SYSCURRENT (by secret name)."""
        return SecretStr(self._read_current(_text(secret_id, "secret_id")))

    def get_stage(self, secret_id: str, stage: str) -> SecretStr:
        """The value at ``stage``: NCP ``PREVIOUS`` / ``ACTIVE`` / ``PENDING``; any CSMS stage."""
        return SecretStr(self._read(_GET_STAGE, _text(secret_id, "secret_id"), _text(stage, "stage")))

    def get_version(self, secret_id: str, version_id: str) -> SecretStr:
        """CSMS: the value of version ``version_id``."""
        return SecretStr(self._read(_GET_VERSION, _text(secret_id, "secret_id"), _text(version_id, "version_id")))

    def get_field(self, secret_id: str, field: str) -> SecretStr:
        """Field ``field`` of the current value, a JSON object (a number or boolean as JSON
        writes it); the other fields are never copied out of the library."""
        return SecretStr(self._read(_GET_FIELD, _text(secret_id, "secret_id"), _text(field, "field")))

    def get_json(self, secret_id: str) -> Any:
        """The current value parsed as JSON (revealed: the result holds plain strings)."""
        return json.loads(self._read_current(_text(secret_id, "secret_id")))

    def get_with_previous(self, secret_id: str) -> Tuple[SecretStr, Optional[SecretStr]]:
        """``(current, previous)``: for the login that raced a rotation, try ``previous`` when
        ``current`` is refused. ``previous`` is ``None`` before the first rotation."""
        secret = _text(secret_id, "secret_id")

        def body(ptr: Any) -> Tuple[SecretStr, Optional[SecretStr]]:
            current, previous, err = _CHARS(), _CHARS(), _ERROR()
            _check(_GET_WITH_PREVIOUS(ptr, secret, byref(current), byref(previous), byref(err)), err)
            now, before = _take_string(current), _take_string(previous)
            return SecretStr((now or b"").decode("utf-8")), None if before is None else SecretStr(before.decode("utf-8"))

        return self._run(body)

    def invalidate(self, secret_id: str) -> None:
        """Drops every value held of ``secret_id``; the next read fetches."""
        secret = _text(secret_id, "secret_id")
        self._run(lambda ptr: _call(lib().sm_cache_invalidate, ptr, secret))

    def refresh_now(self, secret_id: str) -> None:
        """Fetches every value held of ``secret_id`` now, whatever its age."""
        secret = _text(secret_id, "secret_id")
        self._run(lambda ptr: _call(lib().sm_cache_refresh_now, ptr, secret))

    def __len__(self) -> int:
        """The number of entries held (NCP holds a secret's chain as one)."""
        return int(self._run(lambda ptr: lib().sm_cache_len(ptr)))

    def _read_current(self, secret: bytes) -> str:
        """The current value of ``secret``, read into one of this thread's buffers
        (``sm_cache_get_into``: one call into the library, nothing to free) and zeroed there
        once copied out: the hot path, :meth:`_run` written out in one frame."""
        owned = self._owned  # this reference keeps the C cache alive through close()
        if owned is None:
            raise ValueError("the secret cache is closed")
        ptr = owned.ptr
        spare = _spare_buffers()
        read = spare.pop() if spare else _ReadBuffer(_FIRST_BUFFER_BYTES)
        try:
            for _ in range(_READ_ATTEMPTS):
                status = _GET_INTO(ptr, secret, read.buffer, read.capacity, read.length_ref, read.err_ref)
                if status != _BUFFER_TOO_SMALL:
                    break
                # The value outgrew the buffer (it may grow again before the next read).
                _native.lib().sm_error_free(read.err)
                read = _ReadBuffer(read.length.value + 1)
            if status:
                _check(status, read.err)
            size = read.length.value
            try:
                text: str = read.buffer[:size].decode("utf-8")
                return text
            finally:
                read.view[:size] = bytes(size)  # through the memoryview: one copy, not one per byte
        finally:
            spare.append(read)

    def _read(self, func: Callable[..., int], *args: bytes) -> str:
        """Calls a read that answers one owned value (freed, and zeroed, by the library),
        :meth:`_run` written out in one frame."""
        owned = self._owned  # this reference keeps the C cache alive through close()
        if owned is None:
            raise ValueError("the secret cache is closed")
        value, err = _CHARS(), _ERROR()
        status = func(owned.ptr, *args, byref(value), byref(err))
        if status:
            _check(status, err)
        try:
            text: str = _STRING_AT(value).decode("utf-8")
            return text
        finally:
            _FREE_STRING(value)


def _constructor(client: _Client) -> Callable[..., int]:
    """``sm_cache_new`` or ``sm_huawei_cache_new``, as the client's class says."""
    from .client import Client, HuaweiClient

    if isinstance(client, Client):
        return lib().sm_cache_new
    if isinstance(client, HuaweiClient):
        return lib().sm_huawei_cache_new
    raise TypeError(f"SecretCache needs a Client or a HuaweiClient, not {type(client).__name__}")


def _text(value: Union[str, Any], argument: str) -> bytes:
    """A string argument as the library takes it (UTF-8, NUL-terminated)."""
    if not isinstance(value, str):
        raise TypeError(f"`{argument}` must be a str, not {type(value).__name__}")
    if "\x00" in value:
        raise InvalidArgumentError(f"argument `{argument}` contains a NUL character", status="SM_INVALID_ARGUMENT")
    return value.encode("utf-8", "surrogatepass")


def _millis(seconds: float, argument: str) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"`{argument}` must be a number of seconds, not {type(seconds).__name__}")
    if not 0 <= seconds <= 10**9:
        raise InvalidArgumentError(
            f"argument `{argument}` is {seconds} s; it must be between 0 and 1e9 s", status="SM_INVALID_ARGUMENT"
        )
    return round(seconds * 1000)


def _count(value: int, argument: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"`{argument}` must be an int, not {type(value).__name__}")
    if value < 1:
        raise InvalidArgumentError(f"argument `{argument}` is {value}; it must be at least 1", status="SM_INVALID_ARGUMENT")
    return value


class _OwnedCache:
    """The C cache, freed when the last reference to this goes: the :class:`SecretCache`'s
    own, or that of a read in flight on another thread when the cache was closed (CPython
    frees it as that read returns)."""

    __slots__ = ("ptr",)

    def __init__(self, ptr: Any) -> None:
        self.ptr = ptr

    def __del__(self) -> None:
        ptr, self.ptr = self.ptr, None
        if ptr:
            try:
                _FREE_CACHE(ptr)
            except Exception:  # noqa: BLE001 - interpreter shutdown; nothing left to do
                pass


class _ReadBuffer:
    """One thread's buffer for ``sm_cache_get_into`` (a power of two of at least ``size``
    bytes: values grow by rotation), with what every read passes along it, made once: a byte
    view (to zero what was read), the length and error slots and references to them."""

    __slots__ = ("buffer", "view", "capacity", "length", "length_ref", "err", "err_ref")

    def __init__(self, size: int) -> None:
        self.capacity = 1 << max(size - 1, 0).bit_length()
        self.buffer: Any = ctypes.create_string_buffer(self.capacity)  # sliced as bytes
        self.view = memoryview(self.buffer).cast("B")
        self.length = c_size_t()
        self.length_ref = byref(self.length)
        self.err = _ERROR()
        self.err_ref = byref(self.err)


def _spare_buffers() -> List[_ReadBuffer]:
    """This thread's read buffers not in use (a list, so that a read reentered from a signal
    handler on this thread takes another buffer)."""
    try:
        return _BUFFERS.spare  # type: ignore[no-any-return]
    except AttributeError:
        _BUFFERS.spare = []
        return _BUFFERS.spare  # type: ignore[no-any-return]


_BUFFERS = threading.local()
_FIRST_BUFFER_BYTES = 1024
_READ_ATTEMPTS = 3
"""Reads of one value: the first, and one more each time it outgrew the buffer (at most twice:
a rotation between two reads of one call is rare, three in a row do not happen)."""
_CHARS = POINTER(c_char)
_ERROR = POINTER(_native.sm_error)
_STRING_AT = ctypes.string_at
_FREE_STRING = lib().sm_string_free
_FREE_CACHE = lib().sm_cache_free
_GET = lib().sm_cache_get
_GET_INTO = lib().sm_cache_get_into
_BUFFER_TOO_SMALL = _native.SM_BUFFER_TOO_SMALL
_GET_STAGE = lib().sm_cache_get_stage
_GET_VERSION = lib().sm_cache_get_version
_GET_FIELD = lib().sm_cache_get_json_field
_GET_WITH_PREVIOUS = lib().sm_cache_get_with_previous

__all__ = ["SecretCache"]
