"""Result types: frozen, and secrets never shown by repr or str."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import datetime, timezone

import pytest

from secretmanager import SecretChain, SecretLogEntry, SecretStr, SecretValueChain
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
    chain = SecretValueChain(
        SecretChain(previous=None, active=SecretStr(VALUE), pending=SecretStr(VALUE)), rotation_targets=("password",)
    )
    for form in secret_forms("correct-horse") + secret_forms(VALUE):
        assert form not in repr(chain)
    assert "password" in repr(chain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        chain.chain.active = None  # type: ignore[misc]
    entry = SecretLogEntry("id", "sid", "Start Rotation Job", job_token=SecretStr("tok-123456"), result="SUCCESS")
    for form in secret_forms("tok-123456"):
        assert form not in repr(entry)


def test_dates_and_values_convert() -> None:
    assert datetime_from_ms(-1) is None
    assert datetime_from_ms(86_400_000) == datetime(1970, 1, 2, tzinfo=timezone.utc)
    registered = datetime(2025, 7, 21, 2, 39, 40, 243_000, tzinfo=timezone.utc)
    assert datetime_from_ms(1_753_065_580_243) == registered
    assert json_text({"k": "ü"}, "value") == '{"k": "ü"}'
    assert json_text(SecretStr("{}"), "value") == "{}"
    assert json_text({"pw": SecretStr("x")}, "value") == '{"pw": "x"}'
    with pytest.raises(TypeError, match="cannot be put in a secret value"):
        json_text({"pw": object()}, "value")
    with pytest.raises(TypeError, match="`value` must be"):
        json_text(["k"], "value")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "ms", [2**62, 2**63 - 1, -(2**62), -(2**63), 253_402_300_800_000, -62_135_596_800_001]
)
def test_dates_out_of_datetime_range_are_none(ms: int) -> None:
    # Each is an int64 the C library may report; none fits in year 1..9999.
    assert datetime_from_ms(ms) is None


def test_dates_at_the_edges_of_datetime_range_convert() -> None:
    last = datetime(9999, 12, 31, 23, 59, 59, 999_000, tzinfo=timezone.utc)
    assert datetime_from_ms(253_402_300_799_999) == last
    assert datetime_from_ms(-62_135_596_800_000) == datetime(1, 1, 1, tzinfo=timezone.utc)
    assert datetime_from_ms(-2) == datetime(1969, 12, 31, 23, 59, 59, 998_000, tzinfo=timezone.utc)
