"""The value types written by hand: :class:`SecretStr`, which every secret of a result is
wrapped in, and :class:`Endpoint`. The result types themselves are generated from the Rust
types into :mod:`secretmanager.ncp` and :mod:`secretmanager.huawei`.

Secret values and job tokens are :class:`SecretStr`: their ``repr`` and ``str`` are redacted,
so printing or logging a result never shows them; call :meth:`SecretStr.reveal` to read one.
"""

from __future__ import annotations

import enum
import hmac
import json
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional

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
]
