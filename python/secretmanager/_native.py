"""Loading ``libsecretmanager`` and declaring the C functions this package calls.

The library is found through the ``SECRETMANAGER_LIBRARY`` environment variable (a path to the
shared library) or, failing that, next to this package (``libsecretmanager.so``, ``.dylib`` or
``secretmanager.dll``). Every function used is declared here with its ``argtypes`` and
``restype``, and the C structs are mirrored field by field, in the order of
``include/secretmanager.h``.

Ownership rules (from the header):

* objects returned through ``T **out`` are owned and freed with their ``sm_*_free``;
* strings read from an object belong to it (``c_char_p`` is fine: ctypes copies them);
* owned ``char *`` outputs are declared as ``POINTER(c_char)`` (not ``c_char_p``, which would
  lose the pointer) so that it can be handed back to ``sm_string_free``.
"""

from __future__ import annotations

import ctypes
import os
import sys
from ctypes import (
    POINTER,
    Structure,
    c_bool,
    c_char,
    c_char_p,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint16,
    c_uint32,
    c_uint64,
)
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

LIBRARY_ENV = "SECRETMANAGER_LIBRARY"
"""Environment variable naming the shared library to load."""


class LibraryNotFoundError(ImportError):
    """The shared library could not be found or loaded."""


def _library_names() -> Tuple[str, ...]:
    if sys.platform == "darwin":
        return ("libsecretmanager.dylib",)
    if sys.platform == "win32":
        return ("secretmanager.dll", "libsecretmanager.dll")
    return ("libsecretmanager.so",)


def library_path() -> Path:
    """The path of the library this package loads (``SECRETMANAGER_LIBRARY`` or a bundled file)."""
    configured = os.environ.get(LIBRARY_ENV)
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise LibraryNotFoundError(
                f"{LIBRARY_ENV} is set to {configured!r}, which is not a file; "
                "point it at libsecretmanager.so / .dylib / .dll"
            )
        return path
    here = Path(__file__).resolve().parent
    for name in _library_names():
        candidate = here / name
        if candidate.is_file():
            return candidate
    raise LibraryNotFoundError(
        f"cannot find the secretmanager C library: set {LIBRARY_ENV} to the path of "
        f"{' or '.join(_library_names())} (built by `cargo build -p secretmanager-ffi`), "
        f"or place it next to the package in {here}"
    )


# ---------------------------------------------------------------------------------------------
# Opaque handles and C structs.


class sm_client(Structure):
    """Opaque NCP client."""


class sm_huawei_client(Structure):
    """Opaque Huawei CSMS client."""


class sm_error(Structure):
    """Opaque error details."""


class sm_secret(Structure):
    """Opaque secret metadata."""


class sm_secret_list(Structure):
    """Opaque page of secrets."""


class sm_secret_chain(Structure):
    """Opaque value chain."""


class sm_rotation_settings(Structure):
    """Opaque rotation settings."""


class sm_secret_logs(Structure):
    """Opaque page of log entries."""


class sm_protection_key_list(Structure):
    """Opaque list of protection keys."""


class sm_trigger_list(Structure):
    """Opaque list of rotation triggers."""


class sm_huawei_secret(Structure):
    """Opaque Huawei secret metadata."""


class sm_huawei_rotation(Structure):
    """Opaque answer of Huawei RotateSecret."""


class sm_huawei_task_list(Structure):
    """Opaque page of Huawei rotation tasks."""


class sm_client_options(Structure):
    """Mirror of ``sm_client_options``."""

    _fields_ = [
        ("endpoint_preset", c_uint32),
        ("endpoint_url", c_char_p),
        ("access_key", c_char_p),
        ("secret_key", c_char_p),
        ("connect_timeout_ms", c_uint32),
        ("read_timeout_ms", c_uint32),
        ("total_timeout_ms", c_uint32),
        ("max_retries", c_int32),
        ("user_agent", c_char_p),
        ("proxy", c_char_p),
        ("no_proxy", c_bool),
        ("max_response_bytes", c_uint64),
    ]


class sm_huawei_client_options(Structure):
    """Mirror of ``sm_huawei_client_options``."""

    _fields_ = [
        ("region", c_char_p),
        ("endpoint_url", c_char_p),
        ("project_id", c_char_p),
        ("access_key", c_char_p),
        ("secret_key", c_char_p),
        ("security_token", c_char_p),
        ("auth_token", c_char_p),
        ("connect_timeout_ms", c_uint32),
        ("read_timeout_ms", c_uint32),
        ("total_timeout_ms", c_uint32),
        ("max_retries", c_int32),
        ("proxy", c_char_p),
        ("no_proxy", c_bool),
        ("max_response_bytes", c_uint64),
    ]


class sm_create_secret_request(Structure):
    """Mirror of ``sm_create_secret_request``."""

    _fields_ = [
        ("secret_name", c_char_p),
        ("memo", c_char_p),
        ("secret_value", c_char_p),
        ("rotation_targets", POINTER(c_char_p)),
        ("rotation_targets_count", c_size_t),
        ("secret_type", c_char_p),
        ("auto_rotation", c_bool),
        ("auto_rotation_period_days", POINTER(c_uint32)),
        ("trigger_id", c_char_p),
        ("protection_key_type", c_uint32),
        ("kms_key_tag", c_char_p),
        ("kms_boundary_type", c_uint32),
    ]


class sm_random_secret_options(Structure):
    """Mirror of ``sm_random_secret_options``."""

    _fields_ = [
        ("length", c_uint32),
        ("exclude_characters", c_char_p),
        ("exclude_numbers", c_bool),
        ("exclude_punctuation", c_bool),
        ("exclude_uppercase", c_bool),
        ("exclude_lowercase", c_bool),
        ("include_space", c_bool),
        ("require_each_included_type", c_bool),
    ]


class sm_secret_value_update(Structure):
    """Mirror of ``sm_secret_value_update``."""

    _fields_ = [
        ("previous_action", c_uint32),
        ("previous", c_char_p),
        ("active_action", c_uint32),
        ("active", c_char_p),
        ("pending_action", c_uint32),
        ("pending", c_char_p),
    ]


class sm_huawei_create_secret_request(Structure):
    """Mirror of ``sm_huawei_create_secret_request``."""

    _fields_ = [
        ("name", c_char_p),
        ("secret_string", c_char_p),
        ("secret_type", c_char_p),
        ("description", c_char_p),
        ("kms_key_id", c_char_p),
        ("rotation_config", c_char_p),
        ("rotation_func_urn", c_char_p),
        ("rotation_period", c_char_p),
    ]


# Constants of the header.
SM_OK = 0
SM_ENDPOINT_URL = 0
SM_ENDPOINT_KR_GLOBAL = 1
SM_ENDPOINT_KR_ISOLATED = 2
SM_ENDPOINT_JP = 3
SM_PROTECTION_KEY_DEFAULT = 0
SM_PROTECTION_KEY_USER_MANAGED = 1
SM_KMS_BOUNDARY_UNSET = 0
SM_KMS_BOUNDARY_GLOBAL = 1
SM_KMS_BOUNDARY_ISOLATED = 2
SM_STAGE_PREVIOUS = 1
SM_STAGE_ACTIVE = 2
SM_STAGE_PENDING = 3
SM_VALUE_KEEP = 0
SM_VALUE_SET = 1
SM_VALUE_DELETE = 2

STATUS_NAMES: Dict[int, str] = {
    0: "SM_OK",
    1: "SM_INVALID_ARGUMENT",
    2: "SM_CONFIG_ERROR",
    3: "SM_CREDENTIALS_ERROR",
    10: "SM_API_ERROR",
    11: "SM_AUTHENTICATION_FAILED",
    12: "SM_PERMISSION_DENIED",
    13: "SM_NOT_FOUND",
    14: "SM_INVALID_STATE",
    15: "SM_THROTTLED",
    16: "SM_DECODE_ERROR",
    17: "SM_CONFLICT",
    18: "SM_QUOTA_EXCEEDED",
    19: "SM_INVALID_REQUEST",
    20: "SM_TIMEOUT",
    21: "SM_TRANSPORT_ERROR",
    22: "SM_OUTCOME_UNKNOWN",
    90: "SM_PANIC",
    99: "SM_UNKNOWN_ERROR",
}
"""The ``sm_status`` values, by number."""

_status = c_int  # sm_status is a C enum
_err_out = POINTER(POINTER(sm_error))
_owned_str = POINTER(c_char)
_opt_u32 = POINTER(c_uint32)  # const uint32_t *: NULL = not sent
_client = POINTER(sm_client)
_hw_client = POINTER(sm_huawei_client)


def _secret_action() -> Tuple[Any, List[Any]]:
    return (_status, [_client, c_char_p, _err_out])

# name -> (restype, argtypes). Every function this package calls, as the header declares it.
SIGNATURES: Dict[str, Tuple[Any, List[Any]]] = {
    # status, version, strings, errors
    "sm_version": (c_char_p, []),
    "sm_status_str": (c_char_p, [c_int]),
    "sm_string_free": (None, [_owned_str]),
    "sm_error_status": (_status, [POINTER(sm_error)]),
    "sm_error_http_status": (c_uint16, [POINTER(sm_error)]),
    "sm_error_code": (c_char_p, [POINTER(sm_error)]),
    "sm_error_message": (c_char_p, [POINTER(sm_error)]),
    "sm_error_request_id": (c_char_p, [POINTER(sm_error)]),  # NULL when none
    "sm_error_retryable": (c_bool, [POINTER(sm_error)]),
    "sm_error_free": (None, [POINTER(sm_error)]),
    # client
    "sm_client_options_init": (_status, [POINTER(sm_client_options)]),
    "sm_client_new": (
        _status,
        [POINTER(sm_client_options), POINTER(POINTER(sm_client)), _err_out],
    ),
    "sm_client_free": (None, [POINTER(sm_client)]),
    "sm_client_forget_connections": (_status, [_client, _err_out]),
    "sm_huawei_client_forget_connections": (_status, [_hw_client, _err_out]),
    # secrets
    "sm_create_secret": (
        _status,
        [
            POINTER(sm_client),
            POINTER(sm_create_secret_request),
            POINTER(POINTER(sm_secret)),
            _err_out,
        ],
    ),
    "sm_get_secret_detail": (
        _status,
        [POINTER(sm_client), c_char_p, POINTER(POINTER(sm_secret)), _err_out],
    ),
    "sm_list_secrets": (
        _status,
        [POINTER(sm_client), _opt_u32, POINTER(POINTER(sm_secret_list)), _err_out],
    ),
    "sm_secret_id": (c_char_p, [POINTER(sm_secret)]),
    "sm_secret_name": (c_char_p, [POINTER(sm_secret)]),
    "sm_secret_status": (c_char_p, [POINTER(sm_secret)]),
    "sm_secret_memo": (c_char_p, [POINTER(sm_secret)]),
    "sm_secret_rotation_phase": (c_char_p, [POINTER(sm_secret)]),
    "sm_secret_trigger_id": (c_char_p, [POINTER(sm_secret)]),
    "sm_secret_auto_rotation": (c_int32, [POINTER(sm_secret)]),
    "sm_secret_auto_rotation_period": (c_uint32, [POINTER(sm_secret)]),
    "sm_secret_next_rotation_date_ms": (c_int64, [POINTER(sm_secret)]),
    "sm_secret_free": (None, [POINTER(sm_secret)]),
    "sm_secret_list_count": (c_size_t, [POINTER(sm_secret_list)]),
    "sm_secret_list_total_count": (c_uint32, [POINTER(sm_secret_list)]),
    "sm_secret_list_get": (POINTER(sm_secret), [POINTER(sm_secret_list), c_size_t]),
    "sm_secret_list_free": (None, [POINTER(sm_secret_list)]),
    # value chain
    "sm_get_secret_value": (
        _status,
        [POINTER(sm_client), c_char_p, POINTER(POINTER(sm_secret_chain)), _err_out],
    ),
    "sm_start_rotation_job": (
        _status,
        [
            POINTER(sm_client),
            c_char_p,
            c_char_p,
            POINTER(POINTER(sm_secret_chain)),
            _err_out,
        ],
    ),
    "sm_secret_chain_previous": (c_char_p, [POINTER(sm_secret_chain)]),
    "sm_secret_chain_active": (c_char_p, [POINTER(sm_secret_chain)]),
    "sm_secret_chain_pending": (c_char_p, [POINTER(sm_secret_chain)]),
    "sm_secret_chain_rotation_target_count": (c_size_t, [POINTER(sm_secret_chain)]),
    "sm_secret_chain_rotation_target": (c_char_p, [POINTER(sm_secret_chain), c_size_t]),
    "sm_secret_chain_free": (None, [POINTER(sm_secret_chain)]),
    # rotation settings and control
    "sm_enable_auto_rotation": (
        _status,
        [
            POINTER(sm_client),
            c_char_p,
            _opt_u32,
            c_char_p,
            POINTER(POINTER(sm_rotation_settings)),
            _err_out,
        ],
    ),
    "sm_disable_auto_rotation": (
        _status,
        [POINTER(sm_client), c_char_p, POINTER(POINTER(sm_rotation_settings)), _err_out],
    ),
    "sm_execute_rotation": (_status, [POINTER(sm_client), c_char_p, _err_out]),
    "sm_rotation_settings_enabled": (c_int32, [POINTER(sm_rotation_settings)]),
    "sm_rotation_settings_period_days": (c_uint32, [POINTER(sm_rotation_settings)]),
    "sm_rotation_settings_next_rotation_date_ms": (c_int64, [POINTER(sm_rotation_settings)]),
    "sm_rotation_settings_trigger_id": (c_char_p, [POINTER(sm_rotation_settings)]),
    "sm_rotation_settings_free": (None, [POINTER(sm_rotation_settings)]),
    # rotation job steps
    "sm_add_pending_stage": (
        _status,
        [POINTER(sm_client), c_char_p, c_char_p, POINTER(_owned_str), _err_out],
    ),
    "sm_update_pending_stage": (
        _status,
        [POINTER(sm_client), c_char_p, c_char_p, c_char_p, _err_out],
    ),
    "sm_random_secret_options_init": (_status, [POINTER(sm_random_secret_options)]),
    "sm_generate_random_secret": (
        _status,
        [
            POINTER(sm_client),
            c_char_p,
            c_char_p,
            POINTER(sm_random_secret_options),
            POINTER(_owned_str),
            _err_out,
        ],
    ),
    "sm_complete_rotation_job": (
        _status,
        [POINTER(sm_client), c_char_p, c_char_p, _err_out],
    ),
    "sm_fail_rotation_job": (_status, [POINTER(sm_client), c_char_p, c_char_p, _err_out]),
    # logs
    "sm_get_secret_logs": (
        _status,
        [
            POINTER(sm_client),
            c_char_p,
            c_char_p,
            _opt_u32,
            _opt_u32,
            POINTER(POINTER(sm_secret_logs)),
            _err_out,
        ],
    ),
    "sm_secret_logs_count": (c_size_t, [POINTER(sm_secret_logs)]),
    "sm_secret_logs_total_count": (c_uint32, [POINTER(sm_secret_logs)]),
    "sm_secret_log_id": (c_char_p, [POINTER(sm_secret_logs), c_size_t]),
    "sm_secret_log_action": (c_char_p, [POINTER(sm_secret_logs), c_size_t]),
    "sm_secret_log_job_token": (c_char_p, [POINTER(sm_secret_logs), c_size_t]),
    "sm_secret_log_result": (c_char_p, [POINTER(sm_secret_logs), c_size_t]),
    "sm_secret_log_create_date_ms": (c_int64, [POINTER(sm_secret_logs), c_size_t]),
    "sm_secret_logs_free": (None, [POINTER(sm_secret_logs)]),
    # Huawei CSMS
    "sm_huawei_client_options_init": (_status, [POINTER(sm_huawei_client_options)]),
    "sm_huawei_client_new": (
        _status,
        [POINTER(sm_huawei_client_options), POINTER(POINTER(sm_huawei_client)), _err_out],
    ),
    "sm_huawei_client_free": (None, [POINTER(sm_huawei_client)]),
    "sm_huawei_rotate_secret": (
        _status,
        [_hw_client, c_char_p, POINTER(POINTER(sm_huawei_rotation)), _err_out],
    ),
    "sm_huawei_rotation_version_id": (c_char_p, [POINTER(sm_huawei_rotation)]),
    "sm_huawei_rotation_task_id": (c_char_p, [POINTER(sm_huawei_rotation)]),
    "sm_huawei_rotation_free": (None, [POINTER(sm_huawei_rotation)]),
    "sm_huawei_list_secret_tasks": (
        _status,
        [
            _hw_client,
            c_char_p,
            c_char_p,
            c_char_p,
            _opt_u32,
            c_char_p,
            POINTER(POINTER(sm_huawei_task_list)),
            _err_out,
        ],
    ),
    "sm_huawei_task_list_count": (c_size_t, [POINTER(sm_huawei_task_list)]),
    "sm_huawei_task_list_next_marker": (c_char_p, [POINTER(sm_huawei_task_list)]),
    "sm_huawei_task_id": (c_char_p, [POINTER(sm_huawei_task_list), c_size_t]),
    "sm_huawei_task_secret_name": (c_char_p, [POINTER(sm_huawei_task_list), c_size_t]),
    "sm_huawei_task_status": (c_char_p, [POINTER(sm_huawei_task_list), c_size_t]),
    "sm_huawei_task_operate_type": (c_char_p, [POINTER(sm_huawei_task_list), c_size_t]),
    "sm_huawei_task_time_ms": (c_int64, [POINTER(sm_huawei_task_list), c_size_t]),
    "sm_huawei_task_attempt_count": (c_int64, [POINTER(sm_huawei_task_list), c_size_t]),
    "sm_huawei_task_error_code": (c_char_p, [POINTER(sm_huawei_task_list), c_size_t]),
    "sm_huawei_task_error_message": (c_char_p, [POINTER(sm_huawei_task_list), c_size_t]),
    "sm_huawei_task_list_free": (None, [POINTER(sm_huawei_task_list)]),
    "sm_huawei_create_secret": (
        _status,
        [
            _hw_client,
            POINTER(sm_huawei_create_secret_request),
            POINTER(POINTER(sm_huawei_secret)),
            _err_out,
        ],
    ),
    "sm_huawei_secret_id": (c_char_p, [POINTER(sm_huawei_secret)]),
    "sm_huawei_secret_name": (c_char_p, [POINTER(sm_huawei_secret)]),
    "sm_huawei_secret_state": (c_char_p, [POINTER(sm_huawei_secret)]),
    "sm_huawei_secret_type": (c_char_p, [POINTER(sm_huawei_secret)]),
    "sm_huawei_secret_free": (None, [POINTER(sm_huawei_secret)]),
    "sm_huawei_show_secret_stage": (
        _status,
        [_hw_client, c_char_p, c_char_p, POINTER(_owned_str), _err_out],
    ),
    "sm_huawei_show_secret_version": (
        _status,
        [_hw_client, c_char_p, c_char_p, POINTER(_owned_str), _err_out],
    ),
    # secret management
    "sm_enable_secret": _secret_action(),
    "sm_disable_secret": _secret_action(),
    "sm_request_secret_deletion": _secret_action(),
    "sm_cancel_secret_deletion": _secret_action(),
    "sm_delete_secret": _secret_action(),
    "sm_update_secret_memo": (_status, [_client, c_char_p, c_char_p, _err_out]),
    "sm_update_protection_key": (
        _status,
        [_client, c_char_p, c_uint32, c_char_p, c_uint32, _err_out],
    ),
    # stage values
    "sm_get_secret_stage_value": (
        _status,
        [_client, c_char_p, c_uint32, POINTER(_owned_str), _err_out],
    ),
    "sm_update_secret_value": (
        _status,
        [_client, c_char_p, POINTER(sm_secret_value_update), _err_out],
    ),
    "sm_update_secret_stage_value": (
        _status,
        [_client, c_char_p, c_uint32, c_char_p, _err_out],
    ),
    # rotation settings and job controls
    "sm_update_rotation_period": (
        _status,
        [_client, c_char_p, c_uint32, POINTER(POINTER(sm_rotation_settings)), _err_out],
    ),
    "sm_update_rotation_trigger": (
        _status,
        [_client, c_char_p, c_char_p, POINTER(POINTER(sm_rotation_settings)), _err_out],
    ),
    "sm_delete_rotation_trigger": _secret_action(),
    "sm_retry_rotation_job": _secret_action(),
    "sm_cancel_rotation_job": _secret_action(),
    "sm_rollback_rotation_job": _secret_action(),
    # lists
    "sm_get_protection_key_list": (
        _status,
        [_client, POINTER(POINTER(sm_protection_key_list)), _err_out],
    ),
    "sm_protection_key_list_count": (c_size_t, [POINTER(sm_protection_key_list)]),
    "sm_protection_key_id": (c_char_p, [POINTER(sm_protection_key_list), c_size_t]),
    "sm_protection_key_tag": (c_char_p, [POINTER(sm_protection_key_list), c_size_t]),
    "sm_protection_key_name": (c_char_p, [POINTER(sm_protection_key_list), c_size_t]),
    "sm_protection_key_status": (c_char_p, [POINTER(sm_protection_key_list), c_size_t]),
    "sm_protection_key_type_name": (c_char_p, [POINTER(sm_protection_key_list), c_size_t]),
    "sm_protection_key_list_free": (None, [POINTER(sm_protection_key_list)]),
    "sm_get_trigger_list": (_status, [_client, POINTER(POINTER(sm_trigger_list)), _err_out]),
    "sm_trigger_list_count": (c_size_t, [POINTER(sm_trigger_list)]),
    "sm_trigger_id": (c_char_p, [POINTER(sm_trigger_list), c_size_t]),
    "sm_trigger_name": (c_char_p, [POINTER(sm_trigger_list), c_size_t]),
    "sm_trigger_description": (c_char_p, [POINTER(sm_trigger_list), c_size_t]),
    "sm_trigger_linked_secret_count": (c_size_t, [POINTER(sm_trigger_list), c_size_t]),
    "sm_trigger_linked_secret": (c_char_p, [POINTER(sm_trigger_list), c_size_t, c_size_t]),
    "sm_trigger_list_free": (None, [POINTER(sm_trigger_list)]),
}


class Library:
    """The loaded library, with every function of :data:`SIGNATURES` declared."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._dll = ctypes.CDLL(str(path))
        except OSError as exc:
            raise LibraryNotFoundError(f"cannot load the secretmanager C library {path}: {exc}") from exc
        missing = [name for name in SIGNATURES if not hasattr(self._dll, name)]
        if missing:
            raise LibraryNotFoundError(
                f"the secretmanager C library {path} lacks {', '.join(missing)}; "
                "it is older than this Python package"
            )
        for name, (restype, argtypes) in SIGNATURES.items():
            func = getattr(self._dll, name)
            func.restype = restype
            func.argtypes = argtypes
            setattr(self, name, func)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        # Only reached for names not set in __init__, i.e. functions this package never declared.
        raise AttributeError(f"{name} is not declared in secretmanager._native.SIGNATURES")


_LIBRARY: Optional[Library] = None


def lib() -> Library:
    """The loaded library (loaded on first use)."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = Library(library_path())
    return _LIBRARY


def c_strings(items: Sequence[bytes]) -> "ctypes.Array[c_char_p]":
    """A C array of ``const char *`` borrowing ``items`` (keep ``items`` alive during the call)."""
    return (c_char_p * len(items))(*items)


def text(value: Optional[bytes]) -> Optional[str]:
    """Decodes a borrowed C string (``c_char_p`` result); ``None`` for NULL."""
    return None if value is None else value.decode("utf-8")
