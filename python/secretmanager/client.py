"""The NCP Secret Manager client: a thin layer over the C library's ``sm_client``.

Each method converts its arguments to C, makes one call, converts the result to the dataclasses
of :mod:`secretmanager.models`, frees what the library handed out, and raises the exception of
:mod:`secretmanager.errors` that matches the call's ``sm_status``. Validation, signing, retries
and decoding all happen in the library.
"""

from __future__ import annotations

import ctypes
import os
import threading
import weakref
from ctypes import POINTER, byref, c_char, c_uint32, sizeof
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, TypeVar, Union

from . import _native
from ._native import lib
from .errors import InvalidArgumentError, error_for
from .operations import HuaweiOperations, NcpOperations
from .models import (
    Endpoint,
    HuaweiRotation,
    HuaweiSecret,
    HuaweiSecretVersion,
    HuaweiStage,
    HuaweiTask,
    HuaweiTaskList,
    ProtectionKey,
    Stage,
    Trigger,
    KmsBoundaryType,
    LogEntry,
    ProtectionKeyType,
    RotationSettings,
    Secret,
    SecretChain,
    SecretList,
    SecretLogs,
    SecretStr,
    datetime_from_ms,
    json_text,
)

_U32_MAX = 0xFFFF_FFFF
_I32_MAX = 0x7FFF_FFFF

T = TypeVar("T")
H = TypeVar("H", bound="_Handle")
SecretValue = Union[Dict[str, Any], str, SecretStr]
TextOrSecret = Union[str, SecretStr]


# ---------------------------------------------------------------------------------------------
# Argument conversion.


def _encode(value: Optional[TextOrSecret], argument: str, *, secret: bool = False) -> Optional[bytes]:
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


def _required(value: Optional[TextOrSecret], argument: str, *, secret: bool = False) -> bytes:
    encoded = _encode(value, argument, secret=secret)
    if encoded is None:
        raise InvalidArgumentError(f"argument `{argument}` is required", status="SM_INVALID_ARGUMENT")
    return encoded


def _u32(value: int, argument: str) -> int:
    """A C ``uint32_t``. Only what ``uint32_t`` cannot hold (negative, 2**32 or more) is refused
    here; the library checks the API's own range (0 included) and names the field."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"`{argument}` must be an int, not {type(value).__name__}")
    if not 0 <= value <= _U32_MAX:
        raise InvalidArgumentError(
            f"argument `{argument}` is {value}, which a uint32_t cannot hold", status="SM_INVALID_ARGUMENT"
        )
    return value


def _optional_u32(value: Optional[int], argument: str) -> Optional[c_uint32]:
    """A ``const uint32_t *`` argument: ``None`` -> NULL (not sent), else the number, as is."""
    return None if value is None else c_uint32(_u32(value, argument))


def _ref(number: Optional[c_uint32]) -> Any:
    """The pointer to pass for an optional number (NULL for ``None``)."""
    return None if number is None else byref(number)


def _stage_number(stage: Stage) -> int:
    if not isinstance(stage, Stage):
        raise TypeError(f"`stage` must be a Stage, not {type(stage).__name__}")
    return stage.value


def _timeout_ms(seconds: Optional[float], argument: str) -> int:
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


def _max_retries(value: Optional[int]) -> int:
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


def _bool(value: Any, argument: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"`{argument}` must be a bool, not {type(value).__name__}")
    return value


def _string_list(values: Iterable[str], argument: str) -> List[bytes]:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"`{argument}` must be a list of str, not a single {type(values).__name__}")
    return [_required(v, f"{argument}[{i}]") for i, v in enumerate(values)]


# ---------------------------------------------------------------------------------------------
# Calling the library.


def _check(status: int, err: "ctypes._Pointer[_native.sm_error]") -> None:
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


def _call(func: Callable[..., int], *args: Any) -> None:
    """Calls a fallible function with a trailing ``sm_error **`` and checks its status."""
    err = POINTER(_native.sm_error)()
    status = func(*args, byref(err))
    _check(status, err)


def _call_json(entry: Callable[..., int], client: Any, operation: str, request: bytes) -> bytes:
    """Sends ``operation`` with the JSON ``request`` through ``sm_call`` / ``sm_huawei_call``
    and returns the answer JSON (the library's copy is zeroed as it is freed)."""
    answer = POINTER(c_char)()
    _call(entry, client, operation.encode("utf-8"), request, byref(answer))
    try:
        return ctypes.string_at(answer)
    finally:
        lib().sm_string_free(answer)


def _secret(ptr: "ctypes._Pointer[_native.sm_secret]") -> Secret:
    native = lib()
    auto = native.sm_secret_auto_rotation(ptr)
    period = native.sm_secret_auto_rotation_period(ptr)
    return Secret(
        secret_id=_native.text(native.sm_secret_id(ptr)) or "",
        name=_native.text(native.sm_secret_name(ptr)) or "",
        status=_native.text(native.sm_secret_status(ptr)),
        memo=_native.text(native.sm_secret_memo(ptr)),
        rotation_phase=_native.text(native.sm_secret_rotation_phase(ptr)),
        trigger_id=_native.text(native.sm_secret_trigger_id(ptr)),
        auto_rotation=None if auto < 0 else bool(auto),
        auto_rotation_period=period or None,
        next_rotation_date=datetime_from_ms(native.sm_secret_next_rotation_date_ms(ptr)),
    )


def _stage(value: Optional[bytes]) -> Optional[SecretStr]:
    return None if value is None else SecretStr(value.decode("utf-8"))


def _chain(ptr: "ctypes._Pointer[_native.sm_secret_chain]") -> SecretChain:
    native = lib()
    count = native.sm_secret_chain_rotation_target_count(ptr)
    return SecretChain(
        previous=_stage(native.sm_secret_chain_previous(ptr)),
        active=_stage(native.sm_secret_chain_active(ptr)),
        pending=_stage(native.sm_secret_chain_pending(ptr)),
        rotation_targets=tuple(
            _native.text(native.sm_secret_chain_rotation_target(ptr, i)) or "" for i in range(count)
        ),
    )


def _settings(ptr: "ctypes._Pointer[_native.sm_rotation_settings]") -> RotationSettings:
    native = lib()
    enabled = native.sm_rotation_settings_enabled(ptr)
    return RotationSettings(
        enabled=None if enabled < 0 else bool(enabled),
        period_days=native.sm_rotation_settings_period_days(ptr) or None,
        next_rotation_date=datetime_from_ms(native.sm_rotation_settings_next_rotation_date_ms(ptr)),
        trigger_id=_native.text(native.sm_rotation_settings_trigger_id(ptr)),
    )


def _log_entry(ptr: "ctypes._Pointer[_native.sm_secret_logs]", i: int) -> LogEntry:
    native = lib()
    token = native.sm_secret_log_job_token(ptr, i)
    return LogEntry(
        log_id=_native.text(native.sm_secret_log_id(ptr, i)) or "",
        action=_native.text(native.sm_secret_log_action(ptr, i)) or "",
        job_token=None if token is None else SecretStr(token.decode("utf-8")),
        result=_native.text(native.sm_secret_log_result(ptr, i)),
        create_date=datetime_from_ms(native.sm_secret_log_create_date_ms(ptr, i)),
    )


def _huawei_task(ptr: "ctypes._Pointer[_native.sm_huawei_task_list]", i: int) -> HuaweiTask:
    native = lib()
    attempts = native.sm_huawei_task_attempt_count(ptr, i)
    return HuaweiTask(
        task_id=_native.text(native.sm_huawei_task_id(ptr, i)) or "",
        secret_name=_native.text(native.sm_huawei_task_secret_name(ptr, i)),
        status=_native.text(native.sm_huawei_task_status(ptr, i)),
        operate_type=_native.text(native.sm_huawei_task_operate_type(ptr, i)),
        task_time=datetime_from_ms(native.sm_huawei_task_time_ms(ptr, i)),
        attempt_count=None if attempts < 0 else attempts,
        error_code=_native.text(native.sm_huawei_task_error_code(ptr, i)),
        error_message=_native.text(native.sm_huawei_task_error_message(ptr, i)),
    )


def _endpoint(endpoint: Union[str, Endpoint]) -> Tuple[int, Optional[bytes]]:
    if isinstance(endpoint, Endpoint):
        return endpoint.value, None
    return _native.SM_ENDPOINT_URL, _required(endpoint, "endpoint")


def _max_response_bytes(value: Optional[int]) -> int:
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
        self._state = threading.Condition()
        self._in_flight = 0
        _LIVE_HANDLES.add(self)

    def _after_fork(self) -> None:
        self._state = threading.Condition()
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

    def _run(self, body: Callable[[Any], T]) -> T:
        """Runs ``body(client_pointer)``, keeping the client alive until it returns."""
        with self._state:
            ptr = self._ptr
            if not ptr:
                raise ValueError("the secretmanager client is closed")
            self._in_flight += 1
        try:
            return body(ptr)
        finally:
            with self._state:
                self._in_flight -= 1
                if not self._in_flight:
                    self._state.notify_all()


class Client(_Handle, NcpOperations):
    """An NCP Secret Manager client.

    ``endpoint`` is a base URL (``"http://127.0.0.1:8080"``) or an :class:`Endpoint`.
    ``access_key`` and ``secret_key`` are given together, or both left ``None`` to read
    ``NCLOUD_ACCESS_KEY`` / ``NCLOUD_SECRET_KEY`` from the environment. Timeouts are in seconds
    (``timeout`` bounds a whole call, its retries and the waits between them included: no
    attempt or wait starts that would end after it; default 60 s); ``max_retries`` counts
    retries of transient failures of operations safe to resend; ``max_response_bytes`` caps the
    answer body read (default 8 MiB). ``None`` keeps the library's default.
    ``proxy`` is a proxy URL (``"http://proxy.internal:3128"``); ``None`` reads
    ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``ALL_PROXY`` (honouring ``NO_PROXY``), and
    ``no_proxy=True`` never uses a proxy. An unusable proxy URL raises ConfigError.

    One client may be shared by many threads. Use it as a context manager, or call
    :meth:`close`; a closed client raises ``ValueError``.
    """

    _free_name = "sm_client_free"
    _forget_name = "sm_client_forget_connections"

    def _call_json(self, operation: str, request: bytes) -> bytes:
        return self._run(lambda client: _call_json(lib().sm_call, client, operation, request))

    def __init__(
        self,
        endpoint: Union[str, Endpoint] = Endpoint.KR_GLOBAL,
        access_key: Optional[str] = None,
        secret_key: Optional[TextOrSecret] = None,
        *,
        connect_timeout: Optional[float] = None,
        read_timeout: Optional[float] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        user_agent: Optional[str] = None,
        proxy: Optional[str] = None,
        no_proxy: bool = False,
        max_response_bytes: Optional[int] = None,
    ) -> None:
        super().__init__()
        native = lib()
        options = _native.sm_client_options()
        _check(
            native.sm_client_options_init(byref(options), sizeof(options)), POINTER(_native.sm_error)()
        )
        preset, url = _endpoint(endpoint)
        keep = [
            url,
            _encode(access_key, "access_key"),
            _encode(secret_key, "secret_key", secret=True),
            _encode(user_agent, "user_agent"),
            _encode(proxy, "proxy", secret=True),
        ]
        options.endpoint_preset = preset
        (
            options.endpoint_url,
            options.access_key,
            options.secret_key,
            options.user_agent,
            options.proxy,
        ) = keep
        options.no_proxy = _bool(no_proxy, "no_proxy")
        options.connect_timeout_ms = _timeout_ms(connect_timeout, "connect_timeout")
        options.read_timeout_ms = _timeout_ms(read_timeout, "read_timeout")
        options.total_timeout_ms = _timeout_ms(timeout, "timeout")
        options.max_retries = _max_retries(max_retries)
        options.max_response_bytes = _max_response_bytes(max_response_bytes)
        ptr = POINTER(_native.sm_client)()
        _call(native.sm_client_new, byref(options), byref(ptr))
        self._ptr = ptr

    # -- secrets -------------------------------------------------------------------------------

    def create_secret(
        self,
        name: str,
        value: SecretValue,
        rotation_targets: Iterable[str],
        *,
        memo: Optional[str] = None,
        auto_rotation: bool = False,
        auto_rotation_period: Optional[int] = None,
        trigger_id: Optional[str] = None,
        secret_type: Optional[str] = None,
        protection_key_type: ProtectionKeyType = ProtectionKeyType.DEFAULT,
        kms_key_tag: Optional[str] = None,
        kms_boundary_type: Optional[KmsBoundaryType] = None,
    ) -> Secret:
        """**Create Secret**. ``value`` is a dict, or the text of a JSON object; ``rotation_targets``
        are the keys of the value that rotation replaces. With ``auto_rotation=True``,
        ``auto_rotation_period`` (days) and ``trigger_id`` are required. Not retried."""
        targets = _string_list(rotation_targets, "rotation_targets")
        if not isinstance(protection_key_type, ProtectionKeyType):
            raise TypeError("`protection_key_type` must be a ProtectionKeyType")
        if kms_boundary_type is not None and not isinstance(kms_boundary_type, KmsBoundaryType):
            raise TypeError("`kms_boundary_type` must be a KmsBoundaryType or None")
        keep = {
            "secret_name": _required(name, "name"),
            "memo": _encode(memo, "memo"),
            "secret_value": _required(json_text(value, "value"), "value", secret=True),
            "secret_type": _encode(secret_type, "secret_type"),
            "trigger_id": _encode(trigger_id, "trigger_id"),
            "kms_key_tag": _encode(kms_key_tag, "kms_key_tag"),
        }
        array = _native.c_strings(targets)
        period = _optional_u32(auto_rotation_period, "auto_rotation_period")
        request = _native.sm_create_secret_request(
            rotation_targets=ctypes.cast(array, POINTER(ctypes.c_char_p)),
            rotation_targets_count=len(targets),
            auto_rotation=_bool(auto_rotation, "auto_rotation"),
            auto_rotation_period_days=None if period is None else ctypes.pointer(period),
            protection_key_type=protection_key_type.value,
            kms_boundary_type=(
                _native.SM_KMS_BOUNDARY_UNSET if kms_boundary_type is None else kms_boundary_type.value
            ),
            **keep,
        )

        def body(client: Any) -> Secret:
            out = POINTER(_native.sm_secret)()
            try:
                _call(lib().sm_create_secret, client, byref(request), byref(out))
                return _secret(out)
            finally:
                lib().sm_secret_free(out)

        return self._run(body)

    def get_secret_detail(self, secret_id: str) -> Secret:
        """**Get Secret Detail**: the metadata of a secret."""
        sid = _required(secret_id, "secret_id")

        def body(client: Any) -> Secret:
            out = POINTER(_native.sm_secret)()
            try:
                _call(lib().sm_get_secret_detail, client, sid, byref(out))
                return _secret(out)
            finally:
                lib().sm_secret_free(out)

        return self._run(body)

    def list_secrets(self, page_no: Optional[int] = None) -> SecretList:
        """**Get Secret List**: page ``page_no`` (from 1; ``None`` = not sent, the first) of the
        account's secrets."""
        page = _optional_u32(page_no, "page_no")

        def body(client: Any) -> SecretList:
            native = lib()
            out = POINTER(_native.sm_secret_list)()
            try:
                _call(native.sm_list_secrets, client, _ref(page), byref(out))
                count = native.sm_secret_list_count(out)
                secrets = tuple(_secret(native.sm_secret_list_get(out, i)) for i in range(count))
                return SecretList(secrets=secrets, total_count=native.sm_secret_list_total_count(out))
            finally:
                native.sm_secret_list_free(out)

        return self._run(body)

    def get_secret_value(self, secret_id: str) -> SecretChain:
        """**Get Secret Value**: the decrypted value chain of a secret."""
        sid = _required(secret_id, "secret_id")
        return self._run(lambda client: self._chain_call(lib().sm_get_secret_value, client, sid))

    @staticmethod
    def _chain_call(func: Callable[..., int], *args: Any) -> SecretChain:
        out = POINTER(_native.sm_secret_chain)()
        try:
            _call(func, *args, byref(out))
            return _chain(out)
        finally:
            lib().sm_secret_chain_free(out)

    # -- rotation settings and control --------------------------------------------------------

    def enable_auto_rotation(
        self, secret_id: str, period_days: Optional[int] = None, trigger_id: Optional[str] = None
    ) -> RotationSettings:
        """**Enable Auto Rotation** every ``period_days`` days (``None``: not sent) through trigger
        ``trigger_id`` (``None``: not sent, required unless one is already linked)."""
        sid = _required(secret_id, "secret_id")
        days = _optional_u32(period_days, "period_days")
        trigger = _encode(trigger_id, "trigger_id")
        return self._run(
            lambda client: self._settings_call(lib().sm_enable_auto_rotation, client, sid, _ref(days), trigger)
        )

    def disable_auto_rotation(self, secret_id: str) -> RotationSettings:
        """**Disable Auto Rotation** of a secret."""
        sid = _required(secret_id, "secret_id")
        return self._run(lambda client: self._settings_call(lib().sm_disable_auto_rotation, client, sid))

    @staticmethod
    def _settings_call(func: Callable[..., int], *args: Any) -> RotationSettings:
        out = POINTER(_native.sm_rotation_settings)()
        try:
            _call(func, *args, byref(out))
            return _settings(out)
        finally:
            lib().sm_rotation_settings_free(out)

    def execute_rotation(self, secret_id: str) -> None:
        """**Execute Rotation Job**: rotates a secret now; the job's token appears in its logs.
        Not retried."""
        sid = _required(secret_id, "secret_id")
        self._run(lambda client: _call(lib().sm_execute_rotation, client, sid))

    # -- rotation job steps --------------------------------------------------------------------

    def start_rotation_job(self, secret_id: str, job_token: TextOrSecret) -> SecretChain:
        """**Start Rotation Job**: step 1 of a rotation function; returns the value chain."""
        sid = _required(secret_id, "secret_id")
        token = _required(job_token, "job_token", secret=True)
        return self._run(lambda client: self._chain_call(lib().sm_start_rotation_job, client, sid, token))

    def add_pending_stage(self, secret_id: str, job_token: TextOrSecret) -> SecretStr:
        """**Add Pending Stage**: Secret Manager generates the PENDING value; returns it.
        Not retried."""
        sid = _required(secret_id, "secret_id")
        token = _required(job_token, "job_token", secret=True)
        return self._run(lambda client: self._string_call(lib().sm_add_pending_stage, client, sid, token))

    def update_pending_stage(self, secret_id: str, job_token: TextOrSecret, value: SecretValue) -> None:
        """**Update Pending Stage**: sets the PENDING value (a dict or JSON object text)."""
        sid = _required(secret_id, "secret_id")
        token = _required(job_token, "job_token", secret=True)
        text = _required(json_text(value, "value"), "value", secret=True)
        self._run(lambda client: _call(lib().sm_update_pending_stage, client, sid, token, text))

    def generate_random_secret(
        self,
        secret_id: str,
        job_token: TextOrSecret,
        *,
        length: Optional[int] = None,
        exclude_characters: Optional[str] = None,
        exclude_numbers: Optional[bool] = None,
        exclude_punctuation: Optional[bool] = None,
        exclude_uppercase: Optional[bool] = None,
        exclude_lowercase: Optional[bool] = None,
        include_space: Optional[bool] = None,
        require_each_included_type: Optional[bool] = None,
    ) -> SecretStr:
        """**Generate Random Secret** for a rotation job. ``None`` keeps NCP's default (length
        12, every character type, space included, each type required)."""
        sid = _required(secret_id, "secret_id")
        token = _required(job_token, "job_token", secret=True)
        options = _native.sm_random_secret_options()
        _check(
            lib().sm_random_secret_options_init(byref(options), sizeof(options)), POINTER(_native.sm_error)()
        )
        if length is not None:
            options.length = _u32(length, "length")
        exclude = _encode(exclude_characters, "exclude_characters")
        options.exclude_characters = exclude
        flags = {
            "exclude_numbers": exclude_numbers,
            "exclude_punctuation": exclude_punctuation,
            "exclude_uppercase": exclude_uppercase,
            "exclude_lowercase": exclude_lowercase,
            "include_space": include_space,
            "require_each_included_type": require_each_included_type,
        }
        for field, flag in flags.items():
            if flag is not None:
                setattr(options, field, _bool(flag, field))
        return self._run(
            lambda client: self._string_call(
                lib().sm_generate_random_secret, client, sid, token, byref(options)
            )
        )

    @staticmethod
    def _string_call(func: Callable[..., int], *args: Any) -> SecretStr:
        out = POINTER(c_char)()
        try:
            _call(func, *args, byref(out))
            return SecretStr(ctypes.string_at(out).decode("utf-8"))
        finally:
            lib().sm_string_free(out)

    def complete_rotation_job(self, secret_id: str, job_token: TextOrSecret) -> None:
        """**Complete Rotation Job**: PENDING becomes ACTIVE, ACTIVE becomes PREVIOUS."""
        sid = _required(secret_id, "secret_id")
        token = _required(job_token, "job_token", secret=True)
        self._run(lambda client: _call(lib().sm_complete_rotation_job, client, sid, token))

    def fail_rotation_job(self, secret_id: str, job_token: TextOrSecret) -> None:
        """**Fail Rotation Job**: ends the job as failed; the PENDING value is dropped."""
        sid = _required(secret_id, "secret_id")
        token = _required(job_token, "job_token", secret=True)
        self._run(lambda client: _call(lib().sm_fail_rotation_job, client, sid, token))

    # -- secret management --------------------------------------------------------------------

    def _secret_action(self, func_name: str, secret_id: str) -> None:
        sid = _required(secret_id, "secret_id")
        self._run(lambda client: _call(getattr(lib(), func_name), client, sid))

    def enable_secret(self, secret_id: str) -> None:
        """**Enable Secret**: the secret becomes ``ENABLE`` (only from ``DISABLE``)."""
        self._secret_action("sm_enable_secret", secret_id)

    def disable_secret(self, secret_id: str) -> None:
        """**Disable Secret**: the secret becomes ``DISABLE`` (only from ``ENABLE``)."""
        self._secret_action("sm_disable_secret", secret_id)

    def request_secret_deletion(self, secret_id: str) -> None:
        """**Request Secret Deletion**: the secret becomes ``REVOKE``."""
        self._secret_action("sm_request_secret_deletion", secret_id)

    def cancel_secret_deletion(self, secret_id: str) -> None:
        """**Cancel Secret Deletion**: ``REVOKE`` back to ``DISABLE``."""
        self._secret_action("sm_cancel_secret_deletion", secret_id)

    def delete_secret(self, secret_id: str) -> None:
        """**Delete Secret**: only from ``REVOKE``; cannot be undone. Not retried."""
        self._secret_action("sm_delete_secret", secret_id)

    def update_secret_memo(self, secret_id: str, memo: str) -> None:
        """**Update Secret Memo**: sets the description (``""`` clears it)."""
        sid = _required(secret_id, "secret_id")
        text = _required(memo, "memo")
        self._run(lambda client: _call(lib().sm_update_secret_memo, client, sid, text))

    def update_protection_key(
        self,
        secret_id: str,
        protection_key_type: ProtectionKeyType,
        kms_key_tag: Optional[str] = None,
        kms_boundary_type: Optional[KmsBoundaryType] = None,
    ) -> None:
        """**Update Protection Key**: the key protecting the secret (``kms_key_tag`` with a
        user-managed key)."""
        sid = _required(secret_id, "secret_id")
        if not isinstance(protection_key_type, ProtectionKeyType):
            raise TypeError("`protection_key_type` must be a ProtectionKeyType")
        if kms_boundary_type is not None and not isinstance(kms_boundary_type, KmsBoundaryType):
            raise TypeError("`kms_boundary_type` must be a KmsBoundaryType or None")
        tag = _encode(kms_key_tag, "kms_key_tag")
        boundary = _native.SM_KMS_BOUNDARY_UNSET if kms_boundary_type is None else kms_boundary_type.value
        self._run(
            lambda client: _call(
                lib().sm_update_protection_key, client, sid, protection_key_type.value, tag, boundary
            )
        )

    # -- stage values -------------------------------------------------------------------------

    def get_secret_stage_value(self, secret_id: str, stage: Stage) -> SecretStr:
        """**Get Secret Stage Value**: the decrypted value of one stage."""
        sid = _required(secret_id, "secret_id")
        number = _stage_number(stage)
        return self._run(
            lambda client: self._string_call(lib().sm_get_secret_stage_value, client, sid, number)
        )

    def update_secret_value(
        self,
        secret_id: str,
        *,
        previous: Optional[SecretValue] = None,
        active: Optional[SecretValue] = None,
        pending: Optional[SecretValue] = None,
        delete: Iterable[Stage] = (),
    ) -> None:
        """**Update Secret Value**: sets the stages given (dicts or JSON object texts), deletes
        the stages listed in ``delete`` and keeps the others."""
        sid = _required(secret_id, "secret_id")
        deleted = set()
        for stage in delete:
            deleted.add(_stage_number(stage))
        update = _native.sm_secret_value_update()  # keeps the assigned bytes alive
        for stage, value in ((Stage.PREVIOUS, previous), (Stage.ACTIVE, active), (Stage.PENDING, pending)):
            field = stage.name.lower()
            if value is not None:
                if stage.value in deleted:
                    raise InvalidArgumentError(
                        f"argument `{field}` is given, but `delete` lists it too", status="SM_INVALID_ARGUMENT"
                    )
                text = _required(json_text(value, field), field, secret=True)
                setattr(update, field, text)
                setattr(update, f"{field}_action", _native.SM_VALUE_SET)
            elif stage.value in deleted:
                setattr(update, f"{field}_action", _native.SM_VALUE_DELETE)
        self._run(lambda client: _call(lib().sm_update_secret_value, client, sid, byref(update)))

    def update_secret_stage_value(self, secret_id: str, stage: Stage, value: SecretValue) -> None:
        """**Update Secret Stage Value**: sets one stage (a dict or JSON object text)."""
        sid = _required(secret_id, "secret_id")
        number = _stage_number(stage)
        text = _required(json_text(value, "value"), "value", secret=True)
        self._run(lambda client: _call(lib().sm_update_secret_stage_value, client, sid, number, text))

    # -- rotation settings and job controls ----------------------------------------------------

    def update_rotation_period(self, secret_id: str, period_days: int) -> RotationSettings:
        """**Update Rotation Period** (days, 1-730; any int a uint32_t holds is sent and checked)."""
        sid = _required(secret_id, "secret_id")
        days = _u32(period_days, "period_days")
        return self._run(
            lambda client: self._settings_call(lib().sm_update_rotation_period, client, sid, days)
        )

    def update_rotation_trigger(self, secret_id: str, trigger_id: str) -> RotationSettings:
        """**Update Rotation Trigger**: links the secret to another trigger."""
        sid = _required(secret_id, "secret_id")
        trigger = _required(trigger_id, "trigger_id")
        return self._run(
            lambda client: self._settings_call(lib().sm_update_rotation_trigger, client, sid, trigger)
        )

    def delete_rotation_trigger(self, secret_id: str) -> None:
        """**Delete Rotation Trigger**: unlinks the secret's trigger."""
        self._secret_action("sm_delete_rotation_trigger", secret_id)

    def retry_rotation_job(self, secret_id: str) -> None:
        """**Retry Rotation Job**: runs the last failed rotation again. Not retried."""
        self._secret_action("sm_retry_rotation_job", secret_id)

    def cancel_rotation_job(self, secret_id: str) -> None:
        """**Cancel Rotation Job**: cancels the running rotation. Not retried."""
        self._secret_action("sm_cancel_rotation_job", secret_id)

    def rollback_rotation_job(self, secret_id: str) -> None:
        """**Rollback Rotation Job**: PREVIOUS becomes ACTIVE again. Not retried."""
        self._secret_action("sm_rollback_rotation_job", secret_id)

    # -- lists --------------------------------------------------------------------------------

    def get_protection_key_list(self) -> Tuple[ProtectionKey, ...]:
        """**Get Protection Key List**: the keys that can protect a secret."""

        def body(client: Any) -> Tuple[ProtectionKey, ...]:
            native = lib()
            out = POINTER(_native.sm_protection_key_list)()
            try:
                _call(native.sm_get_protection_key_list, client, byref(out))
                return tuple(
                    ProtectionKey(
                        key_id=_native.text(native.sm_protection_key_id(out, i)) or "",
                        tag=_native.text(native.sm_protection_key_tag(out, i)) or "",
                        name=_native.text(native.sm_protection_key_name(out, i)) or "",
                        status=_native.text(native.sm_protection_key_status(out, i)),
                        key_type=_native.text(native.sm_protection_key_type_name(out, i)),
                    )
                    for i in range(native.sm_protection_key_list_count(out))
                )
            finally:
                native.sm_protection_key_list_free(out)

        return self._run(body)

    def get_trigger_list(self) -> Tuple[Trigger, ...]:
        """**Get Trigger List**: the triggers a secret can rotate through."""

        def body(client: Any) -> Tuple[Trigger, ...]:
            native = lib()
            out = POINTER(_native.sm_trigger_list)()
            try:
                _call(native.sm_get_trigger_list, client, byref(out))
                return tuple(
                    Trigger(
                        trigger_id=_native.text(native.sm_trigger_id(out, i)) or "",
                        name=_native.text(native.sm_trigger_name(out, i)) or "",
                        description=_native.text(native.sm_trigger_description(out, i)),
                        linked_secrets=tuple(
                            _native.text(native.sm_trigger_linked_secret(out, i, j)) or ""
                            for j in range(native.sm_trigger_linked_secret_count(out, i))
                        ),
                    )
                    for i in range(native.sm_trigger_list_count(out))
                )
            finally:
                native.sm_trigger_list_free(out)

        return self._run(body)

    # -- logs ----------------------------------------------------------------------------------

    def get_secret_logs(
        self,
        secret_id: str,
        keyword: Optional[TextOrSecret] = None,
        *,
        page_no: Optional[int] = None,
        page_size: Optional[int] = None,
    ) -> SecretLogs:
        """**Get Secret Logs**, newest first, keeping the entries whose action contains
        ``keyword`` or whose job token is ``keyword`` (``None``: every entry). ``page_no`` and
        ``page_size`` left ``None`` are not sent (NCP's defaults 1 and 100)."""
        sid = _required(secret_id, "secret_id")
        kw = _encode(keyword, "keyword")
        page = _optional_u32(page_no, "page_no")
        size = _optional_u32(page_size, "page_size")

        def body(client: Any) -> SecretLogs:
            native = lib()
            out = POINTER(_native.sm_secret_logs)()
            try:
                _call(native.sm_get_secret_logs, client, sid, kw, _ref(page), _ref(size), byref(out))
                count = native.sm_secret_logs_count(out)
                return SecretLogs(
                    entries=tuple(_log_entry(out, i) for i in range(count)),
                    total_count=native.sm_secret_logs_total_count(out),
                )
            finally:
                native.sm_secret_logs_free(out)

        return self._run(body)


class HuaweiClient(_Handle, HuaweiOperations):
    """A Huawei Cloud CSMS client (the C library offers CreateSecret, RotateSecret,
    ShowSecretStage and ShowSecretVersion).

    Give ``region`` (``"cn-north-4"``) or ``endpoint`` (a base URL, which wins). Credentials are
    ``access_key`` + ``secret_key`` (+ ``security_token`` for temporary keys), or an IAM
    ``auth_token``, or nothing: then ``HUAWEICLOUD_SDK_AK`` / ``HUAWEICLOUD_SDK_SK`` are read
    from the environment. ``project_id`` defaults to ``HUAWEICLOUD_SDK_PROJECT_ID``. Timeouts,
    retries, ``proxy`` / ``no_proxy``, threads and closing work as for :class:`Client`.
    """

    _free_name = "sm_huawei_client_free"
    _forget_name = "sm_huawei_client_forget_connections"

    def _call_json(self, operation: str, request: bytes) -> bytes:
        return self._run(lambda client: _call_json(lib().sm_huawei_call, client, operation, request))

    def __init__(
        self,
        region: Optional[str] = None,
        *,
        endpoint: Optional[str] = None,
        project_id: Optional[str] = None,
        access_key: Optional[str] = None,
        secret_key: Optional[TextOrSecret] = None,
        security_token: Optional[TextOrSecret] = None,
        auth_token: Optional[TextOrSecret] = None,
        connect_timeout: Optional[float] = None,
        read_timeout: Optional[float] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        proxy: Optional[str] = None,
        no_proxy: bool = False,
        max_response_bytes: Optional[int] = None,
    ) -> None:
        super().__init__()
        native = lib()
        options = _native.sm_huawei_client_options()
        _check(
            native.sm_huawei_client_options_init(byref(options), sizeof(options)), POINTER(_native.sm_error)()
        )
        options.region = _encode(region, "region")
        options.endpoint_url = _encode(endpoint, "endpoint")
        options.project_id = _encode(project_id, "project_id")
        options.access_key = _encode(access_key, "access_key")
        options.secret_key = _encode(secret_key, "secret_key", secret=True)
        options.security_token = _encode(security_token, "security_token", secret=True)
        options.auth_token = _encode(auth_token, "auth_token", secret=True)
        options.connect_timeout_ms = _timeout_ms(connect_timeout, "connect_timeout")
        options.read_timeout_ms = _timeout_ms(read_timeout, "read_timeout")
        options.total_timeout_ms = _timeout_ms(timeout, "timeout")
        options.max_retries = _max_retries(max_retries)
        options.max_response_bytes = _max_response_bytes(max_response_bytes)
        options.proxy = _encode(proxy, "proxy", secret=True)
        options.no_proxy = _bool(no_proxy, "no_proxy")
        ptr = POINTER(_native.sm_huawei_client)()
        _call(native.sm_huawei_client_new, byref(options), byref(ptr))
        self._ptr = ptr

    def rotate_secret(self, secret_name: str) -> HuaweiRotation:
        """**RotateSecret**: rotates a secret now (only RDS-FG / GaussDB-FG secrets or secrets
        with a rotation function); returns the new version and the rotation task id, whose
        outcome :meth:`list_secret_tasks` reports. Not retried."""
        name = _required(secret_name, "secret_name")

        def body(client: Any) -> HuaweiRotation:
            native = lib()
            out = POINTER(_native.sm_huawei_rotation)()
            try:
                _call(native.sm_huawei_rotate_secret, client, name, byref(out))
                return HuaweiRotation(
                    secret_name=secret_name,
                    version_id=_native.text(native.sm_huawei_rotation_version_id(out)) or "",
                    rotation_task_id=_native.text(native.sm_huawei_rotation_task_id(out)),
                )
            finally:
                native.sm_huawei_rotation_free(out)

        return self._run(body)

    def list_secret_tasks(
        self,
        secret_name: Optional[str] = None,
        status: Optional[str] = None,
        task_id: Optional[str] = None,
        limit: Optional[int] = None,
        marker: Optional[str] = None,
    ) -> HuaweiTaskList:
        """**ListSecretTask**: a page of rotation tasks, keeping those of ``secret_name``, in
        ``status`` (``"SUCCESS"``, ``"FAILED"``) and with id ``task_id`` (the
        ``rotation_task_id`` of :meth:`rotate_secret`). Filters left ``None`` are not sent;
        ``limit`` is the page size and ``marker`` the ``next_marker`` of the previous page."""
        name = _encode(secret_name, "secret_name")
        state = _encode(status, "status")
        task = _encode(task_id, "task_id")
        size = _optional_u32(limit, "limit")
        start = _encode(marker, "marker")

        def body(client: Any) -> HuaweiTaskList:
            native = lib()
            out = POINTER(_native.sm_huawei_task_list)()
            try:
                _call(native.sm_huawei_list_secret_tasks, client, name, state, task, _ref(size), start, byref(out))
                count = native.sm_huawei_task_list_count(out)
                return HuaweiTaskList(
                    tasks=tuple(_huawei_task(out, i) for i in range(count)),
                    next_marker=_native.text(native.sm_huawei_task_list_next_marker(out)),
                )
            finally:
                native.sm_huawei_task_list_free(out)

        return self._run(body)

    def create_secret(
        self,
        name: str,
        secret_string: TextOrSecret,
        *,
        secret_type: Optional[str] = None,
        description: Optional[str] = None,
        kms_key_id: Optional[str] = None,
        rotation_config: Optional[str] = None,
        rotation_func_urn: Optional[str] = None,
        rotation_period: Optional[str] = None,
    ) -> HuaweiSecret:
        """**CreateSecret**: a secret whose first version holds ``secret_string``.
        ``rotation_period`` (``"30d"``...) turns automatic rotation on. Not retried."""
        keep = {
            "name": _required(name, "name"),
            "secret_string": _required(secret_string, "secret_string", secret=True),
            "secret_type": _encode(secret_type, "secret_type"),
            "description": _encode(description, "description"),
            "kms_key_id": _encode(kms_key_id, "kms_key_id"),
            "rotation_config": _encode(rotation_config, "rotation_config"),
            "rotation_func_urn": _encode(rotation_func_urn, "rotation_func_urn"),
            "rotation_period": _encode(rotation_period, "rotation_period"),
        }
        request = _native.sm_huawei_create_secret_request(**keep)

        def body(client: Any) -> HuaweiSecret:
            native = lib()
            out = POINTER(_native.sm_huawei_secret)()
            try:
                _call(native.sm_huawei_create_secret, client, byref(request), byref(out))
                return HuaweiSecret(
                    secret_id=_native.text(native.sm_huawei_secret_id(out)) or "",
                    name=_native.text(native.sm_huawei_secret_name(out)) or "",
                    state=_native.text(native.sm_huawei_secret_state(out)),
                    secret_type=_native.text(native.sm_huawei_secret_type(out)),
                )
            finally:
                native.sm_huawei_secret_free(out)

        return self._run(body)

    def show_secret_stage(self, secret_name: str, stage_name: str) -> HuaweiStage:
        """**ShowSecretStage**: the version a stage (``"SYSCURRENT"``, ``"SYSPREVIOUS"``...) points at."""
        name = _required(secret_name, "secret_name")
        stage = _required(stage_name, "stage_name")
        version = self._run(lambda client: _owned_text(lib().sm_huawei_show_secret_stage, client, name, stage))
        return HuaweiStage(secret_name=secret_name, stage_name=stage_name, version_id=version)

    def show_secret_version(self, secret_name: str, version_id: str = "latest") -> HuaweiSecretVersion:
        """**ShowSecretVersion**: the text value of a version (``"v1"``..., or ``"latest"``)."""
        name = _required(secret_name, "secret_name")
        version = _required(version_id, "version_id")
        value = self._run(
            lambda client: Client._string_call(lib().sm_huawei_show_secret_version, client, name, version)
        )
        return HuaweiSecretVersion(secret_name=secret_name, version_id=version_id, value=value)


def _owned_text(func: Callable[..., int], *args: Any) -> str:
    """Calls a function returning an owned, non-secret ``char *`` and frees it."""
    out = POINTER(c_char)()
    try:
        _call(func, *args, byref(out))
        return ctypes.string_at(out).decode("utf-8")
    finally:
        lib().sm_string_free(out)


__all__ = ["Client", "HuaweiClient"]
