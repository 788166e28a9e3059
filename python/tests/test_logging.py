"""The library's events on ``logging.getLogger("secretmanager")``: a full rotation (a retried
503 on Start, a lost Complete answer settled by reading back, a 404) logged at DEBUG names the
operations, attempts and request ids and shows no secret in any form; the level the logger is
enabled for takes effect at the next call."""

from __future__ import annotations

import logging
from typing import Callable, Iterator, List

import pytest

import secretmanager
from secretmanager import Client

from .conftest import Emulator, secret_forms
from .test_ncp_flow import VALUE
from .test_rotation import executed_job


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: List[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def collected() -> Iterator[_Collect]:
    logger = logging.getLogger("secretmanager")
    handler = _Collect()
    logger.addHandler(handler)
    before = logger.level
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before)


def test_a_full_rotation_is_logged_without_a_secret(
    client: Client, emulator: Emulator, unique_name: Callable[[], str], collected: _Collect
) -> None:
    logging.getLogger("secretmanager").setLevel(logging.DEBUG)
    sid, token = executed_job(client, emulator, unique_name())
    emulator.inject(fault="status", status=503, path="/start", count=1)

    def apply(_sid: str, _value: secretmanager.SecretStr) -> None:
        emulator.inject(fault="lose-answer", path="/complete", count=1)

    new = client.rotate(sid, token, apply)
    with pytest.raises(secretmanager.NotFoundError):
        client.get_secret_value("0123456789abcdef0123")

    lines = [record.getMessage() for record in collected.records]
    log = "\n".join(lines)
    for expected in [
        'operation="Start Rotation Job"',
        'operation="Complete Rotation Job"',
        "attempt answered",
        "http_status=503",
        "retrying",
        "attempt=2",
        "answer lost, reading the state back",
        "outcome=applied",
        "call failed",
        "http_status=404",
        "request_id=",
    ]:
        assert expected in log, f"no {expected!r} in:\n{log}"
    levels = {record.levelno for record in collected.records}
    assert levels <= {logging.DEBUG, logging.INFO}, levels
    assert all(record.name == "secretmanager" for record in collected.records)
    for secret in [VALUE["password"], new.reveal(), token.reveal(), emulator.secret_key, emulator.access_key]:
        for form in secret_forms(secret):
            assert form not in log, f"the log shows a secret ({form!r})"
    assert "signature" not in log.lower() and "password" not in log.lower()


def test_the_loggers_level_takes_effect_at_the_next_call(
    client: Client, emulator: Emulator, collected: _Collect
) -> None:
    logger = logging.getLogger("secretmanager")
    logger.setLevel(logging.INFO)
    with pytest.raises(secretmanager.NotFoundError):
        client.get_secret_value("0123456789abcdef0123")
    assert collected.records, "a failed call is logged at INFO"
    assert all(record.levelno >= logging.INFO for record in collected.records)
    assert not any(record.getMessage().startswith("attempt") for record in collected.records)
    assert all("provider=ncp operation=" in record.getMessage() for record in collected.records)

    collected.records.clear()
    logger.setLevel(logging.WARNING)
    with pytest.raises(secretmanager.NotFoundError):
        client.get_secret_value("0123456789abcdef0123")
    assert collected.records == []
