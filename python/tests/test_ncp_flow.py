"""The NCP operations against the emulator: seed operations and the full rotation flow."""

from __future__ import annotations

from typing import Callable, Tuple

import pytest

import secretmanager
from secretmanager import Client, NewSecretValue, SecretStr, SecretValueChain

from .conftest import Emulator

VALUE = {"user": "app", "password": "initial-password-1"}


def create_rotatable(client: Client, emulator: Emulator, name: str) -> secretmanager.Secret:
    return client.create_secret(
        name,
        NewSecretValue(VALUE, ("password",)),  # type: ignore[arg-type]
        memo="created from python",
        auto_rotation=True,
        auto_rotation_period=30,
        trigger_id=emulator.trigger_id,
    )


def job_token_of(client: Client, secret_id: str) -> SecretStr:
    """The token of the job Execute Rotation Job started, read from the secret's logs."""
    logs = client.get_secret_logs(secret_id)
    tokens = [e.job_token for e in logs.entries if e.action == "Execute Rotation Job" and e.job_token]
    assert tokens, [e.action for e in logs.entries]
    return tokens[0]  # newest first


def started_job(client: Client, emulator: Emulator, name: str) -> Tuple[str, SecretStr]:
    """A rotatable secret with a rotation job executed and started: its id and job token."""
    sid = create_rotatable(client, emulator, name).secret_id
    client.execute_rotation_job(sid)
    token = job_token_of(client, sid)
    client.start_rotation_job(sid, token)
    return sid, token


def test_create_secret_returns_its_metadata(client: Client, unique_name: Callable[[], str]) -> None:
    name = unique_name()
    secret = client.create_secret(name, NewSecretValue(VALUE, ("password",)), memo="memo ü")  # type: ignore[arg-type]
    assert secret.secret_name == name
    assert secret.secret_id
    assert secret.memo == "memo ü"
    assert "initial-password" not in repr(secret)
    detail = client.get_secret_detail(secret.secret_id)
    assert (detail.secret_id, detail.secret_name, detail.secret_status) == (secret.secret_id, name, "ENABLE")
    assert detail.secret_status is secretmanager.SecretStatus.ENABLE
    value = client.get_secret_value(secret.secret_id)
    assert value.chain.active is not None and value.chain.active.reveal_json() == VALUE
    assert value.rotation_targets == ("password",)
    assert value.chain.pending is None


def test_create_secret_accepts_json_text(client: Client, unique_name: Callable[[], str]) -> None:
    text = '{"k":"v \\u00e9","password":"p"}'
    secret = client.create_secret(unique_name(), NewSecretValue(text, ("password",)))  # type: ignore[arg-type]
    chain = client.get_secret_value(secret.secret_id).chain
    assert chain.active is not None and chain.active.reveal_json() == {"k": "v é", "password": "p"}


def test_enable_and_disable_auto_rotation(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    secret = client.create_secret(unique_name(), NewSecretValue(VALUE, ("password",)))  # type: ignore[arg-type]
    enabled = client.enable_auto_rotation(secret.secret_id, rotation_period=45, trigger_id=emulator.trigger_id)
    assert enabled.auto_rotation is True
    assert enabled.auto_rotation_period == 45
    assert enabled.trigger is not None and enabled.trigger.id == emulator.trigger_id
    assert enabled.next_rotation_date is not None
    detail = client.get_secret_detail(secret.secret_id)
    assert detail.auto_rotation is True and detail.auto_rotation_period == 45
    assert detail.trigger is not None and detail.trigger.id == emulator.trigger_id
    disabled = client.disable_auto_rotation(secret.secret_id)
    assert disabled.auto_rotation is False
    assert client.get_secret_detail(secret.secret_id).auto_rotation is False


def test_start_rotation_job_returns_the_chain(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    secret = create_rotatable(client, emulator, unique_name())
    client.execute_rotation_job(secret.secret_id)
    started = client.start_rotation_job(secret.secret_id, job_token_of(client, secret.secret_id))
    assert isinstance(started, SecretValueChain)
    assert started.chain.active is not None and started.chain.active.reveal_json() == VALUE
    assert started.rotation_targets == ("password",)
    assert client.get_secret_detail(secret.secret_id).secret_status == "ROTATING"


def test_full_rotation_shifts_the_value_chain(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    secret = create_rotatable(client, emulator, unique_name())
    sid = secret.secret_id
    before = client.get_secret_value(sid).chain

    client.execute_rotation_job(sid)
    token = job_token_of(client, sid)
    assert "Start" not in repr(token) and token.reveal() not in repr(client.get_secret_logs(sid))
    started = client.start_rotation_job(sid, token)
    assert started.chain.active == before.active

    pending = client.add_pending_stage(sid, token).pending
    assert pending is not None
    pending_value = pending.reveal_json()
    assert set(pending_value) == set(VALUE)
    assert pending_value["user"] == VALUE["user"]
    assert pending_value["password"] != VALUE["password"]
    assert client.get_secret_value(sid).chain.pending == pending

    client.complete_rotation_job(sid, token)
    after = client.get_secret_value(sid).chain
    assert after.previous == before.active
    assert after.active == pending
    assert after.pending is None
    detail = client.get_secret_detail(sid)
    assert detail.secret_status == "ENABLE"
    actions = [e.action for e in client.get_secret_logs(sid).entries]
    assert "Complete Rotation Job" in actions


def test_rotation_with_a_random_secret_and_update_pending_stage(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    sid = create_rotatable(client, emulator, unique_name()).secret_id
    client.execute_rotation_job(sid)
    token = job_token_of(client, sid).reveal()  # a plain str works too
    client.start_rotation_job(sid, token)
    random = client.generate_random_secret(
        sid, token, length=20, exclude_punctuation=True, include_space=False
    ).random_string
    text = random.reveal()
    assert len(text) == 20
    assert text.isalnum()
    client.update_pending_stage(sid, token, {"user": "app", "password": random})
    client.complete_rotation_job(sid, token)
    active = client.get_secret_value(sid).chain.active
    assert active is not None and active.reveal_json() == {"user": "app", "password": text}


def test_fail_rotation_job_drops_the_pending_value(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    sid, token = started_job(client, emulator, unique_name())
    client.add_pending_stage(sid, token)
    client.fail_rotation_job(sid, token)
    chain = client.get_secret_value(sid).chain
    assert chain.pending is None
    assert chain.active is not None and chain.active.reveal_json() == VALUE
    assert client.get_secret_detail(sid).rotation_phase == "ROTATION_FAILED"


def test_list_secrets_and_logs_paging(client: Client, emulator: Emulator, unique_name: Callable[[], str]) -> None:
    name = unique_name()
    secret = create_rotatable(client, emulator, name)
    page = client.get_secret_list()
    assert page.total_count >= 1
    assert page.total_count >= len(page.secret_list) >= 1
    names = {s.secret_name for s in page.secret_list}
    page_no = 1
    while len(names) < page.total_count and page_no < page.total_count:  # bounded
        page_no += 1
        names |= {s.secret_name for s in client.get_secret_list(page_no=page_no).secret_list}
    assert name in names
    client.execute_rotation_job(secret.secret_id)
    one = client.get_secret_logs(secret.secret_id, page_size=1)
    assert len(one.entries) == 1
    assert one.total_count >= 2
    assert one.entries[0].action == "Execute Rotation Job"
    assert one.entries[0].result == "SUCCESS"
    assert one.entries[0].create_date is not None
    filtered = client.get_secret_logs(secret.secret_id, keyword="create secret")
    assert [e.action for e in filtered.entries] == ["Create Secret"]


def test_update_pending_stage_rejects_a_non_object_before_sending(client: Client, emulator: Emulator) -> None:
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="request_json"):
        client.update_pending_stage("id", "tok", ["not", "a", "dict"])  # type: ignore[arg-type]
    with pytest.raises(secretmanager.InvalidArgumentError, match="value"):
        client.update_pending_stage("id", "tok", '["not", "a", "dict"]')
    assert len(emulator.requests()) == sent
