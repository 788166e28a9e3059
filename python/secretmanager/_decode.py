"""The one generic reader and writer behind every generated operation method: a request is
written from the method's arguments as JSON, sent through ``sm_call`` / ``sm_huawei_call``, and
the answer JSON is read into the generated dataclasses by their field tables (``_FIELDS``).

Nothing here knows an operation or a type: :mod:`secretmanager.ncp` and
:mod:`secretmanager.huawei` are generated.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import enum
import json
import json.encoder
import json.scanner
import threading
from concurrent.futures import Executor
from datetime import datetime
from typing import Any, AsyncIterator, Callable, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from .models import SecretStr, datetime_from_ms, json_text


class Field(NamedTuple):
    """One field of a generated dataclass: its Python name, its JSON name and how to read it
    (``any``, ``secret``, ``millis``, ``list:<spec>``, ``class:<Name>``, ``enum:<Name>``)."""

    name: str
    wire: str
    spec: str


Reader = Callable[[Any], Any]
"""Reads one JSON value (never ``None``: absent values are ``None`` without a reader)."""


def reader(spec: str, types: Dict[str, Any], made: Dict[str, Reader]) -> Reader:
    """The function that reads a JSON value as ``spec`` says, with the generated classes
    ``types``; made once per spec and kept in ``made`` (a call then only runs it).

    Readers are made under one lock and put in ``made`` only once complete, with every
    reader they call: another thread never finds one half made."""
    found = made.get(spec)
    if found is not None:
        return found
    with _MAKING:
        building: Dict[str, Reader] = {}
        read = _make(spec, types, made, building)
        made.update(building)
        return read


_MAKING = threading.RLock()
"""Held while readers are made."""


def _make(spec: str, types: Dict[str, Any], made: Dict[str, Reader], building: Dict[str, Reader]) -> Reader:
    """Makes the reader of ``spec`` into ``building``, reusing those of ``made`` and
    ``building`` (where a class being made already is, for a class that refers to itself)."""
    found = made.get(spec) or building.get(spec)
    if found is not None:
        return found
    kind, _, rest = spec.partition(":")
    read: Reader
    if kind == "secret":
        read = SecretStr
    elif kind == "bytes":
        read = lambda value: base64.b64decode(value, validate=True)  # noqa: E731
    elif kind == "millis":
        read = datetime_from_ms
    elif kind == "list" and rest == "any":
        read = tuple
    elif kind == "list":
        item = _make(rest, types, made, building)
        read = lambda value: tuple([None if v is None else item(v) for v in value])  # noqa: E731
    elif kind == "enum":
        read = _enum_reader(types[rest])
    elif kind == "class":
        return _class_reader(types[rest], types, made, building)  # keeps itself in ``building``
    else:
        read = _as_is
    building[spec] = read
    return read


def _as_is(value: Any) -> Any:
    return value


def _enum_reader(cls: Any) -> Reader:
    def read(value: Any) -> Any:
        try:
            return cls(value)
        except ValueError:
            return value  # a word this version does not know stays a plain str

    return read


def _class_reader(cls: Any, types: Dict[str, Any], made: Dict[str, Reader], building: Dict[str, Reader]) -> Reader:
    """A reader of ``cls`` written out as one straight-line function from its field table
    (as :mod:`dataclasses` writes ``__init__``): no loop over the fields and no call for a
    field read as it is. The generated dataclasses are frozen; the function fills an
    instance's ``__dict__`` directly (what their ``__init__`` does one
    ``object.__setattr__`` at a time), a field absent from the answer taking its default."""
    namespace: Dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_absent": _ABSENT}
    lines = ["def read(value):", " o = _new(_cls)", " d = o.__dict__"]
    nested: List[Tuple[str, str]] = []
    for index, field in enumerate(cls._FIELDS):
        default = _default_of(cls, field.name)
        if default is None:
            lines.append(f" v = value.get({field.wire!r})")
        else:
            namespace[f"_default{index}"] = default
            lines.append(f" v = value.get({field.wire!r}, _absent)")
        if field.spec == "any":
            expression = "v"
        else:
            nested.append((f"_read{index}", field.spec))
            expression = f"None if v is None else _read{index}(v)"
        if default is not None:
            expression = f"_default{index} if v is _absent else ({expression})"
        lines.append(f" d[{field.name!r}] = {expression}")
    lines.append(" return o")
    exec(compile("\n".join(lines), f"<reader of {cls.__name__}>", "exec"), namespace)  # noqa: S102
    read: Reader = namespace["read"]
    # Kept before the fields' readers are made: a class may refer to itself through a field.
    building[f"class:{cls.__name__}"] = read
    for name, spec in nested:
        namespace[name] = _make(spec, types, made, building)
    return read


_ABSENT = object()
"""Marks a field absent from an answer (where its default is not ``None``)."""


def _default_of(cls: Any, name: str) -> Any:
    """The default of a dataclass field; ``None`` when it has none or its default is ``None``."""
    for field in dataclasses.fields(cls):
        if field.name == name:
            if field.default is not dataclasses.MISSING:
                return field.default
            if field.default_factory is not dataclasses.MISSING:
                return field.default_factory()
    return None


_PLAIN = (str, int, float, bool)
"""JSON values written as they are, whatever the spec (checked by exact type: an enum member
is a ``str`` subclass and is written as its word below)."""

def _not_serializable(value: Any) -> Any:
    raise TypeError(f"a value of type {type(value).__name__} cannot be sent as JSON")


def _json_writer() -> Callable[[Any], str]:
    """Writes a JSON value as ASCII-only compact text. Where CPython's C encoder is there, it
    is called directly: ``JSONEncoder.encode`` makes a new one on every call, which costs
    more than writing a small request."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), default=_not_serializable).encode
    # No markers: a request is a tree of the caller's arguments; a cycle fails on recursion.
    encoder = make(None, _not_serializable, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True)
    join = "".join
    return lambda value: join(encoder(value, 0))


_TO_JSON = _json_writer()
_SCAN_JSON = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
"""Reads one JSON value at an index: the library writes its answers without surrounding
whitespace, so the decoder's whitespace checks are skipped."""


def encode(spec: str, value: Any) -> Any:
    """The JSON value of a request argument: a secret as its text (a dict as JSON text), a
    date as milliseconds since the epoch, an enum as its word, a generated dataclass as the
    object of its fields."""
    if type(value) in _PLAIN:
        return value
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

    _READERS: Dict[str, Reader] = {}
    """The readers made so far for the provider's answer specs (see :func:`reader`)."""

    def _call_json(self, operation: str, request: bytes) -> bytes:
        raise NotImplementedError

    def _next_page(self, operation: str, request: bytes, answer: bytes) -> Optional[bytes]:
        raise NotImplementedError

    def _send(self, operation: str, arguments: Tuple[Tuple[str, Any, str], ...], answer: str) -> Any:
        request = _request(arguments)
        # ASCII-only JSON: a lone surrogate becomes an escape the library refuses by name.
        text = _TO_JSON(request).encode("ascii")
        value = _SCAN_JSON(self._call_json(operation, text).decode("utf-8"), 0)[0]
        return None if value is None else reader(answer, self._TYPES, self._READERS)(value)

    def _pages(
        self, operation: str, arguments: Tuple[Tuple[str, Any, str], ...], answer: str, page_field: str
    ) -> Iterator[Any]:
        """Every page of a paged operation: sends it, yields the page, asks the library where
        the next one starts (``None`` after the last) and sends again with ``page_field`` set."""
        request = _request(arguments)
        read = reader(answer, self._TYPES, self._READERS)
        while True:
            text = _TO_JSON(request).encode("ascii")
            answer_json = self._call_json(operation, text)
            value = _SCAN_JSON(answer_json.decode("utf-8"), 0)[0]
            yield None if value is None else read(value)
            position = self._next_page(operation, text, answer_json)
            if position is None:
                return
            request[page_field] = json.loads(position)


class AsyncOperations(Operations):
    """Base of the generated awaitable operation classes: each call runs the blocking
    :meth:`Operations._send` on ``_executor`` (a subclass provides it and ``_call_json``), so the
    event loop never blocks on the network. Cancelling the awaiting task abandons the result:
    the call already handed to the library runs to its end on its thread (the C library cannot
    be interrupted), and the client stays usable."""

    _executor: Executor

    def _ensure_open(self) -> None:
        """Raises ``ValueError`` once the client is closed (a subclass says when)."""

    async def _send_async(self, operation: str, arguments: Tuple[Tuple[str, Any, str], ...], answer: str) -> Any:
        self._ensure_open()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._send, operation, arguments, answer)

    async def _pages_async(
        self, operation: str, arguments: Tuple[Tuple[str, Any, str], ...], answer: str, page_field: str
    ) -> AsyncIterator[Any]:
        """Every page of a paged operation, each page's call run on ``_executor``."""
        self._ensure_open()
        loop = asyncio.get_running_loop()
        pages = self._pages(operation, arguments, answer, page_field)
        done = object()
        while True:
            page = await loop.run_in_executor(self._executor, next, pages, done)
            if page is done:
                return
            yield page


def _request(arguments: Tuple[Tuple[str, Any, str], ...]) -> Dict[str, Any]:
    """The request object of an operation method's arguments (``None`` ones left out)."""
    return {
        wire: value if type(value) in _PLAIN else encode(spec, value)
        for wire, value, spec in arguments
        if value is not None
    }
