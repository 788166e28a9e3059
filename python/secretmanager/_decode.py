"""The one generic reader and writer behind every generated operation method: a request is
written from the method's arguments as JSON, sent through ``sm_call`` / ``sm_huawei_call``, and
the answer JSON is read into the generated dataclasses by their field tables (``_FIELDS``).

Nothing here knows an operation or a type: :mod:`secretmanager.ncp` and
:mod:`secretmanager.huawei` are generated.
"""

from __future__ import annotations

import base64
import enum
import json
from datetime import datetime
from typing import Any, Dict, NamedTuple, Optional, Sequence, Tuple

from .models import SecretStr, datetime_from_ms, json_text


class Field(NamedTuple):
    """One field of a generated dataclass: its Python name, its JSON name and how to read it
    (``any``, ``secret``, ``millis``, ``list:<spec>``, ``class:<Name>``, ``enum:<Name>``)."""

    name: str
    wire: str
    spec: str


def decode(spec: str, value: Any, types: Dict[str, Any]) -> Any:
    """Reads the JSON value ``value`` as ``spec`` says, with the generated classes ``types``."""
    if value is None:
        return None
    kind, _, rest = spec.partition(":")
    if kind == "secret":
        return SecretStr(value)
    if kind == "bytes":
        return base64.b64decode(value, validate=True)
    if kind == "millis":
        return datetime_from_ms(value)
    if kind == "list":
        return tuple(decode(rest, item, types) for item in value)
    if kind == "enum":
        try:
            return types[rest](value)
        except ValueError:
            return value
    if kind == "class":
        cls = types[rest]
        fields: Sequence[Field] = cls._FIELDS
        return cls(**{f.name: decode(f.spec, value.get(f.wire), types) for f in fields if f.wire in value})
    return value


def encode(spec: str, value: Any) -> Any:
    """The JSON value of a request argument: a secret as its text (a dict as JSON text), a
    date as milliseconds since the epoch, an enum as its word, a generated dataclass as the
    object of its fields."""
    kind, _, rest = spec.partition(":")
    if isinstance(value, SecretStr):
        return value.reveal()
    if kind == "bytes" and isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if kind == "secret" and isinstance(value, dict):
        return json_text(value, "value")
    if kind == "millis" and isinstance(value, datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, enum.Enum):
        return value.value
    fields: Optional[Sequence[Field]] = getattr(type(value), "_FIELDS", None)
    if fields is not None:
        return {
            f.wire: encode(f.spec, getattr(value, f.name))
            for f in fields
            if getattr(value, f.name) is not None
        }
    if isinstance(value, (list, tuple)):
        return [encode(rest if kind == "list" else "any", item) for item in value]
    if isinstance(value, dict):
        return {key: encode("any", item) for key, item in value.items()}
    return value


class Operations:
    """Base of the generated operation classes: a subclass provides ``_call_json``."""

    _TYPES: Dict[str, Any] = {}
    """The generated classes of the provider, by name (set by the generated module)."""

    def _call_json(self, operation: str, request: bytes) -> bytes:
        raise NotImplementedError

    def _send(self, operation: str, arguments: Tuple[Tuple[str, Any, str], ...], answer: str) -> Any:
        request: Dict[str, Any] = {
            wire: encode(spec, value) for wire, value, spec in arguments if value is not None
        }
        # ASCII-only JSON: a lone surrogate becomes an escape the library refuses by name.
        text = json.dumps(request).encode("ascii")
        return decode(answer, json.loads(self._call_json(operation, text)), self._TYPES)

