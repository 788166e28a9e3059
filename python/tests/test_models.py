"""Result types: frozen, and secrets never shown by repr or str."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import datetime, timezone

import pytest

from secretmanager import LogEntry, SecretChain, SecretStr
from secretmanager.models import datetime_from_ms, json_text

from .conftest import secret_forms

VALUE = '{"password":"correct-horse-battery"}'


def test_secret_str_hides_its_value() -> None:
    s = SecretStr(VALUE)
    for shown in (repr(s), str(s), f"{s}", f"{s!r}", "%s" % s):
        for form in secret_forms("correct-horse") + secret_forms(VALUE):
            assert form not in shown
    assert s.reveal() == VALUE
    assert s.reveal_json() == {"password": "correct-horse-battery"}
    assert len(s) == len(VALUE)


def test_secret_str_compares_by_value_and_refuses_pickling() -> None:
    assert SecretStr("a") == SecretStr("a")
    assert SecretStr("a") != SecretStr("b")
    assert SecretStr("a") != "a"
    assert len({SecretStr("a"), SecretStr("a")}) == 1
    with pytest.raises(TypeError):
        pickle.dumps(SecretStr("a"))
    with pytest.raises(TypeError):
        SecretStr(b"bytes")  # type: ignore[arg-type]


def test_results_are_frozen_and_redacted() -> None:
    chain = SecretChain(previous=None, active=SecretStr(VALUE), pending=SecretStr(VALUE), rotation_targets=("password",))
    for form in secret_forms("correct-horse") + secret_forms(VALUE):
        assert form not in repr(chain)
    assert "password" in repr(chain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        chain.active = None  # type: ignore[misc]
    entry = LogEntry("id", "Start Rotation Job", SecretStr("tok-123456"), "SUCCESS", None)
    for form in secret_forms("tok-123456"):
        assert form not in repr(entry)


def test_dates_and_values_convert() -> None:
    assert datetime_from_ms(-1) is None
    assert datetime_from_ms(86_400_000) == datetime(1970, 1, 2, tzinfo=timezone.utc)
    assert json_text({"k": "ü"}, "value") == '{"k": "ü"}'
    assert json_text(SecretStr("{}"), "value") == "{}"
    assert json_text({"pw": SecretStr("x")}, "value") == '{"pw": "x"}'
    with pytest.raises(TypeError, match="cannot be put in a secret value"):
        json_text({"pw": object()}, "value")
    with pytest.raises(TypeError, match="`value` must be"):
        json_text(["k"], "value")  # type: ignore[arg-type]
