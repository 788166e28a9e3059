"""Results of the client's calls: frozen dataclasses, with secrets wrapped in :class:`SecretStr`.

Secret values and job tokens are :class:`SecretStr`: their ``repr`` and ``str`` are redacted,
so printing or logging a result never shows them; call :meth:`SecretStr.reveal` to read one.
"""

from __future__ import annotations

import enum
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional, Tuple

_REDACTED = "**********"


class SecretStr:
    """A secret text (a secret value, a random string, a job token) that hides itself.

    ``str()`` and ``repr()`` never show the value; :meth:`reveal` returns it. Two ``SecretStr``
    are equal when their values are (compared in constant time).

    >>> s = SecretStr('{"password":"hunter2"}')
    >>> s
    SecretStr('**********')
    >>> s.reveal_json()["password"]
    'hunter2'
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"SecretStr wraps a str, not {type(value).__name__}")
        self._value = value

    def reveal(self) -> str:
        """The secret text itself."""
        return self._value

    def reveal_json(self) -> Any:
        """The secret text parsed as JSON (secret values are JSON objects)."""
        return json.loads(self._value)

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"SecretStr('{_REDACTED}')"

    def __str__(self) -> str:
        return _REDACTED

    def __format__(self, spec: str) -> str:
        return format(_REDACTED, spec)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SecretStr):
            return NotImplemented
        return hmac.compare_digest(self._value.encode("utf-8"), other._value.encode("utf-8"))

    def __hash__(self) -> int:
        return hash((SecretStr, self._value))

    def __reduce__(self) -> Any:
        raise TypeError("SecretStr cannot be pickled")


class Endpoint(enum.Enum):
    """The NCP endpoints known by name; any other endpoint is given as a URL string."""

    KR_GLOBAL = 1
    """KR, secrets under a KMS global key (``https://secretmanager.apigw.ntruss.com``)."""
    KR_ISOLATED = 2
    """KR, secrets under a region-isolated KMS key (``https://ocapi-kr.ncloud.com/secretmanager``)."""
    JP = 3
    """JPN (``https://ocapi-jp.ncloud.com/secretmanager``)."""


class ProtectionKeyType(enum.Enum):
    """Which key protects a new secret."""

    DEFAULT = 0
    """The Secret Manager default key."""
    USER_MANAGED = 1
    """A user-managed KMS key, named by ``kms_key_tag``."""


class KmsBoundaryType(enum.Enum):
    """The KMS boundary of a user-managed key."""

    GLOBAL = 1
    ISOLATED = 2


class Stage(enum.Enum):
    """A stage of an NCP secret's value chain."""

    PREVIOUS = 1
    """The value used before the active one."""
    ACTIVE = 2
    """The value in normal use."""
    PENDING = 3
    """The value of a rotation waiting to complete."""


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def datetime_from_ms(ms: int) -> Optional[datetime]:
    """A UTC datetime from milliseconds since the epoch, exact to the millisecond.

    Returns ``None`` for the C library's -1 (no date in the answer), and also for a date the
    C library reports but ``datetime`` cannot represent (before year 1 or after year 9999,
    such as ``2**62`` ms): an answer with a date out of that range still converts, without
    that date, instead of raising.
    """
    if ms == -1:
        return None
    try:
        return _EPOCH + timedelta(milliseconds=ms)
    except OverflowError:
        return None


@dataclass(frozen=True)
class Secret:
    """A secret's metadata (no value)."""

    secret_id: str
    name: str
    status: Optional[str]
    """``"ENABLE"``, ``"DISABLE"``, ``"REVOKE"``, ``"ROTATING"``...; ``None`` when not said."""
    memo: Optional[str]
    rotation_phase: Optional[str]
    """``"NONE"``, ``"ROTATING"``, ``"ROTATION_FAILED"``...; ``None`` when not said."""
    trigger_id: Optional[str]
    auto_rotation: Optional[bool]
    auto_rotation_period: Optional[int]
    """Days; ``None`` when unknown."""
    next_rotation_date: Optional[datetime]


@dataclass(frozen=True)
class SecretList:
    """A page of secrets."""

    secrets: Tuple[Secret, ...]
    total_count: int
    """Secrets on all pages."""


@dataclass(frozen=True)
class SecretChain:
    """A secret's PREVIOUS / ACTIVE / PENDING values and the keys rotation replaces."""

    previous: Optional[SecretStr]
    active: Optional[SecretStr]
    pending: Optional[SecretStr]
    rotation_targets: Tuple[str, ...]


@dataclass(frozen=True)
class RotationSettings:
    """A secret's rotation settings, as Enable / Disable Auto Rotation return them."""

    enabled: Optional[bool]
    period_days: Optional[int]
    next_rotation_date: Optional[datetime]
    trigger_id: Optional[str]


@dataclass(frozen=True)
class LogEntry:
    """One entry of a secret's log."""

    log_id: str
    action: str
    """e.g. ``"Execute Rotation Job"``."""
    job_token: Optional[SecretStr]
    """The job's token when the action concerns a rotation job (a credential of that job)."""
    result: Optional[str]
    """``"SUCCESS"`` or ``"FAIL"``."""
    create_date: Optional[datetime]


@dataclass(frozen=True)
class SecretLogs:
    """A page of a secret's log, newest entry first."""

    entries: Tuple[LogEntry, ...]
    total_count: int
    """Entries on all pages."""


@dataclass(frozen=True)
class ProtectionKey:
    """A key that can protect a secret (Get Protection Key List)."""

    key_id: str
    """``"0"`` for the Secret Manager default key."""
    tag: str
    """The ``kms_key_tag`` to pass to create_secret / update_protection_key (``""`` for the default key)."""
    name: str
    status: Optional[str]
    """``"ENABLE"`` / ``"DISABLE"``; ``None`` for the default key."""
    key_type: Optional[str]
    """``"AES256"`` / ``"RSA2048"``; ``None`` for the default key."""


@dataclass(frozen=True)
class Trigger:
    """A Cloud Functions trigger a secret can rotate through (Get Trigger List)."""

    trigger_id: str
    name: str
    description: Optional[str]
    linked_secrets: Tuple[str, ...]


@dataclass(frozen=True)
class HuaweiSecret:
    """A Huawei CSMS secret's metadata (no value), as CreateSecret returns it."""

    secret_id: str
    name: str
    state: Optional[str]
    """``"ENABLED"``, ``"DISABLED"``...; ``None`` when not said."""
    secret_type: Optional[str]
    """``"COMMON"``, ``"RDS-FG"``, ``"GaussDB-FG"``; ``None`` when not said."""


@dataclass(frozen=True)
class HuaweiRotation:
    """The answer of RotateSecret."""

    secret_name: str
    version_id: str
    """The new version (``""`` when the answer named none)."""
    rotation_task_id: Optional[str] = None
    """The rotation task, to look up with ``HuaweiClient.list_secret_tasks(task_id=...)`` to
    learn whether the rotation succeeded; ``None`` when the answer named none."""


@dataclass(frozen=True)
class HuaweiTask:
    """A Huawei CSMS rotation task (ListSecretTask): what CSMS did when asked to rotate."""

    task_id: str
    """The task id (the ``rotation_task_id`` of RotateSecret)."""
    secret_name: Optional[str]
    status: Optional[str]
    """``"SUCCESS"``, ``"FAILED"`` or a status CSMS may add; ``None`` when not said."""
    operate_type: Optional[str]
    """What the task did, e.g. ``"ROTATE"``."""
    task_time: Optional[datetime]
    attempt_count: Optional[int]
    error_code: Optional[str]
    """The error code of a failed task."""
    error_message: Optional[str]
    """The error message of a failed task."""


@dataclass(frozen=True)
class HuaweiTaskList:
    """A page of Huawei CSMS rotation tasks."""

    tasks: Tuple[HuaweiTask, ...]
    next_marker: Optional[str]
    """The ``marker`` of the next page; ``None`` on the last page."""


@dataclass(frozen=True)
class HuaweiStage:
    """Where a version stage (``SYSCURRENT``, ``SYSPREVIOUS``, custom) of a secret points."""

    secret_name: str
    stage_name: str
    version_id: str


@dataclass(frozen=True)
class HuaweiSecretVersion:
    """The text value of one version of a Huawei secret; the value is a :class:`SecretStr`."""

    secret_name: str
    version_id: str
    """The version asked for (``"latest"`` stays ``"latest"``)."""
    value: SecretStr


def _reveal_for_json(item: Any) -> str:
    if isinstance(item, SecretStr):
        return item.reveal()
    raise TypeError(f"a {type(item).__name__} cannot be put in a secret value (not JSON)")


def json_text(value: "Dict[str, Any] | str | SecretStr", argument: str) -> str:
    """The JSON text of a secret value given as a dict (whose values may be SecretStr), a str
    (already JSON) or a SecretStr."""
    if isinstance(value, SecretStr):
        return value.reveal()
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_reveal_for_json)
    raise TypeError(f"`{argument}` must be a dict, a str of JSON or a SecretStr, not {type(value).__name__}")


__all__ = [
    "SecretStr",
    "Endpoint",
    "ProtectionKeyType",
    "KmsBoundaryType",
    "Stage",
    "ProtectionKey",
    "Trigger",
    "HuaweiSecret",
    "HuaweiRotation",
    "HuaweiTask",
    "HuaweiTaskList",
    "HuaweiStage",
    "HuaweiSecretVersion",
    "Secret",
    "SecretList",
    "SecretChain",
    "RotationSettings",
    "LogEntry",
    "SecretLogs",
]
