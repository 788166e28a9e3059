"""HuaweiClient.rotate_common against the emulator: the user-driven rotation of a COMMON
secret, through the C library's sm_huawei_rotate_common."""

from __future__ import annotations

from typing import Callable, List, Optional

import pytest

import secretmanager
from secretmanager import CommonRotationError, HuaweiClient, SecretStr

from .conftest import Emulator, secret_forms, huawei_client

FIRST = "first-Pa55word"


def _current_value(client: HuaweiClient, name: str) -> str:
    version = client.show_secret_stage(name, "SYSCURRENT").stage.version_id
    value = client.show_secret_version(name, version).version.secret_string
    assert isinstance(value, SecretStr)
    return value.reveal()


def _create(client: HuaweiClient, name: str) -> str:
    client.create_secret(name, secret_string=FIRST)
    return client.show_secret_stage(name, "SYSCURRENT").stage.version_id


def test_a_random_password_is_applied_then_promoted(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    name = unique_name()
    seen: List[str] = []
    with huawei_client(emulator) as client:
        first = _create(client, name)

        def apply(secret_name: str, value: SecretStr) -> None:
            assert secret_name == name
            assert _current_value(client, name) == FIRST, "readers keep the current value during apply"
            seen.append(value.reveal())

        done = client.rotate_common(name, apply, password_length=20)
        assert done.version_id != first
        assert len(done.value) == 20 and done.value.reveal() == seen[0]
        assert _current_value(client, name) == seen[0]
        assert client.show_secret_stage(name, "SYSPREVIOUS").stage.version_id == first
        with pytest.raises(secretmanager.NotFoundError):
            client.show_secret_stage(name, "PENDING")
        assert "**" in repr(done) and seen[0] not in repr(done)


def test_a_produced_value_comes_from_the_current_one(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    name = unique_name()
    with huawei_client(emulator) as client:
        _create(client, name)

        def produce(current: Optional[SecretStr]) -> dict:
            assert current is not None and current.reveal() == FIRST
            return {"user": "app", "password": "produced-Pa55"}

        done = client.rotate_common(name, lambda _n, _v: None, produce=produce, pending_stage="STAGED")
        assert done.value.reveal_json() == {"user": "app", "password": "produced-Pa55"}
        assert _current_value(client, name) == done.value.reveal()


def test_a_failing_apply_leaves_syscurrent_and_says_why(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    name = unique_name()
    with huawei_client(emulator) as client:
        first = _create(client, name)

        def apply(_name: str, value: SecretStr) -> None:
            raise ConnectionRefusedError(f"the database is down (not {len(value)} characters)")

        with pytest.raises(CommonRotationError) as caught:
            client.rotate_common(name, apply)
        err = caught.value
        assert err.step == "apply"
        assert err.version_id is not None and err.version_id != first
        assert isinstance(err.__cause__, ConnectionRefusedError)
        assert "SYSCURRENT is unchanged" in str(err)
        assert client.show_secret_stage(name, "SYSCURRENT").stage.version_id == first
        assert _current_value(client, name) == FIRST
        with pytest.raises(secretmanager.NotFoundError):
            client.show_secret_stage(name, "PENDING")
        for form in secret_forms(FIRST):
            assert form not in str(err)


def test_bad_arguments_are_refused_before_anything_is_sent(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    with huawei_client(emulator) as client:
        before = len(emulator.requests())
        with pytest.raises(ValueError):
            client.rotate_common("x", lambda _n, _v: None, produce=lambda _c: "v", password_length=8)
        with pytest.raises(ValueError):
            client.rotate_common("x", lambda _n, _v: None, password_length=0)
        with pytest.raises(secretmanager.InvalidArgumentError):
            client.rotate_common("x", lambda _n, _v: None, password_length=999)
        assert len(emulator.requests()) == before
