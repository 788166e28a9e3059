"""Secret management, stage values, rotation controls, lists and a full Huawei rotation,
against the emulator; wrong-state errors included, secrets kept out of repr."""

from __future__ import annotations

from typing import Any

import pytest

import secretmanager
from secretmanager import Client, KmsBoundaryType, NewSecretValue, ProtectionKeyType, SecretStage

from .conftest import Emulator, huawei_client

VALUE = {"user": "app", "password": "initial-Pa55word"}
URN = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate"


def create(client: Client, name: str, **settings: Any) -> str:
    """Creates a secret holding VALUE, rotating its password; returns its id."""
    value = NewSecretValue(VALUE, ("password",))  # type: ignore[arg-type]
    return client.create_secret(name, value, **settings).secret_id


def stage(client: Client, sid: str, which: SecretStage) -> secretmanager.SecretStr:
    return client.get_secret_stage_value(sid, which).value


def test_status_changes_memo_and_deletion(client: Client, unique_name) -> None:
    sid = create(client, unique_name())
    assert client.disable_secret(sid).secret_status == "DISABLE"
    assert client.get_secret_detail(sid).secret_status == "DISABLE"
    with pytest.raises(secretmanager.InvalidStatusError) as caught:
        client.disable_secret(sid)
    assert (caught.value.http_status, caught.value.code) == (422, "INVALID_STATUS")
    client.enable_secret(sid)
    assert client.get_secret_detail(sid).secret_status == "ENABLE"
    assert client.update_secret_memo(sid, "a new memo").memo == "a new memo"
    assert client.get_secret_detail(sid).memo == "a new memo"
    with pytest.raises(secretmanager.InvalidStatusError):
        client.delete_secret(sid)
    client.request_secret_deletion(sid)
    assert client.get_secret_detail(sid).secret_status == "REVOKE"
    with pytest.raises(secretmanager.InvalidStatusError):
        client.update_secret_value(sid, active={"set": '{"password":"x"}'})
    client.cancel_secret_deletion(sid)
    assert client.get_secret_detail(sid).secret_status == "DISABLE"
    client.request_secret_deletion(sid)
    client.delete_secret(sid)
    assert client.get_secret_detail(sid).secret_status == "DESTROYED"


def test_stage_values_are_read_set_and_deleted(client: Client, emulator: Emulator, unique_name) -> None:
    sid = create(client, unique_name())
    active = client.get_secret_stage_value(sid, SecretStage.ACTIVE)
    assert active.value.reveal_json() == VALUE and active.value_stage == "ACTIVE"
    assert "initial-Pa55word" not in repr(active)
    with pytest.raises(secretmanager.SecretManagerError):
        client.get_secret_stage_value(sid, SecretStage.PREVIOUS)

    # A stage is set with {"set": <JSON text>} and deleted with "delete", as in Rust.
    client.update_secret_value(sid, previous={"set": '{"password":"old"}'}, pending={"set": '{"password":"next"}'})
    assert stage(client, sid, SecretStage.PREVIOUS).reveal_json() == {"password": "old"}
    assert stage(client, sid, SecretStage.PENDING).reveal_json() == {"password": "next"}
    assert stage(client, sid, SecretStage.ACTIVE).reveal_json() == VALUE
    client.update_secret_value(sid, pending="delete")
    with pytest.raises(secretmanager.SecretManagerError):
        client.get_secret_stage_value(sid, SecretStage.PENDING)
    updated = client.update_secret_stage_value(sid, SecretStage.ACTIVE, {"password": "staged"})
    assert "staged" not in repr(updated)
    assert stage(client, sid, "active").reveal_json() == {"password": "staged"}  # a plain word works too

    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError):
        client.update_secret_value(sid)  # nothing to change: the library refuses it
    with pytest.raises(secretmanager.InvalidArgumentError, match="active"):
        client.update_secret_value(sid, active={"set": ""})  # an empty value never deletes
    with pytest.raises(secretmanager.InvalidArgumentError, match="secretValueStage"):
        client.get_secret_stage_value(sid, "latest")
    assert len(emulator.requests()) == sent


def test_rotation_settings_and_job_controls(client: Client, emulator: Emulator, unique_name) -> None:
    sid = create(client, unique_name())
    second = emulator.facts["ncp_second_trigger_id"]
    client.enable_auto_rotation(sid, rotation_period=30, trigger_id=emulator.trigger_id)
    assert client.update_rotation_period(sid, 45).auto_rotation_period == 45
    trigger = client.update_rotation_trigger(sid, second).trigger
    assert trigger is not None and trigger.id == second
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="rotationPeriod"):
        client.update_rotation_period(sid, 0)
    assert len(emulator.requests()) == sent

    for nothing_to_do in (client.retry_rotation_job, client.cancel_rotation_job, client.rollback_rotation_job):
        with pytest.raises(secretmanager.InvalidStatusError):
            nothing_to_do(sid)

    client.execute_rotation_job(sid)
    logs = client.get_secret_logs(sid, keyword="Execute Rotation Job")
    token = next(e.job_token for e in logs.entries if e.job_token)
    client.start_rotation_job(sid, token)
    pending = client.add_pending_stage(sid, token).pending
    client.complete_rotation_job(sid, token)
    assert stage(client, sid, SecretStage.ACTIVE) == pending
    client.rollback_rotation_job(sid)
    assert stage(client, sid, SecretStage.ACTIVE).reveal_json() == VALUE

    client.execute_rotation_job(sid)
    logs = client.get_secret_logs(sid, keyword="Execute Rotation Job")
    token = next(e.job_token for e in logs.entries if e.job_token)
    client.fail_rotation_job(sid, token)
    client.retry_rotation_job(sid)
    client.cancel_rotation_job(sid)
    with pytest.raises(secretmanager.InvalidStatusError):
        client.cancel_rotation_job(sid)

    with pytest.raises(secretmanager.InvalidStatusError):
        client.delete_rotation_trigger(sid)  # auto rotation is on
    client.disable_auto_rotation(sid)
    client.delete_rotation_trigger(sid)
    assert client.get_secret_detail(sid).trigger is None


def test_protection_keys_triggers_and_key_updates(client: Client, emulator: Emulator, unique_name) -> None:
    keys = client.get_protection_key_list().key_list
    assert keys[0].key_id == "0" and keys[0].key_status is None
    user_key = next(k for k in keys if k.key_tag)
    assert user_key.key_tag == emulator.facts["ncp_kms_key_tag"]
    assert (user_key.key_status, user_key.key_type) == ("ENABLE", "AES256")
    triggers = {t.id: t for t in client.get_trigger_list().trigger_list}
    assert emulator.trigger_id in triggers and emulator.facts["ncp_second_trigger_id"] in triggers

    sid = create(client, unique_name())
    changed = client.update_protection_key(
        sid, ProtectionKeyType.USER_MANAGED_KEY, kms_key_tag=user_key.key_tag, kms_boundary_type=KmsBoundaryType.GLOBAL
    )
    assert changed.secret_id == sid
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="kmsKeyTag"):
        client.update_protection_key(sid, ProtectionKeyType.DEFAULT, kms_key_tag=user_key.key_tag)
    assert len(emulator.requests()) == sent
    client.update_protection_key(sid, ProtectionKeyType.DEFAULT)


def test_absent_numbers_are_not_sent_and_zero_reaches_the_library(
    client: Client, emulator: Emulator, unique_name
) -> None:
    sid = create(client, unique_name())
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="pageSize"):
        client.get_secret_logs(sid, page_size=0)
    with pytest.raises(secretmanager.InvalidArgumentError, match="autoRotationPeriod"):
        create(client, unique_name(), auto_rotation=True, auto_rotation_period=0, trigger_id="t")
    with pytest.raises(secretmanager.InvalidArgumentError, match="length"):
        client.generate_random_secret(sid, "token", length=0)
    assert len(emulator.requests()) == sent
    assert client.get_secret_logs(sid).total_count >= 1


def test_a_full_huawei_rotation_moves_the_stages(emulator: Emulator) -> None:
    with huawei_client(emulator) as hw:
        created = hw.create_secret(
            "py-rotated",
            secret_string='{"password":"first-Pa55word"}',
            description="from Python",
            rotation_func_urn=URN,
        ).secret
        assert (created.name, created.state, created.secret_type) == ("py-rotated", "ENABLED", "COMMON")
        assert created.id
        first = hw.show_secret_stage("py-rotated", "SYSCURRENT").stage.version_id
        initial = hw.show_secret_version("py-rotated", first).version
        assert initial.secret_string is not None
        assert initial.secret_string.reveal_json() == {"password": "first-Pa55word"}
        assert "first-Pa55word" not in repr(initial) and "first-Pa55word" not in str(initial)

        rotated = hw.rotate_secret("py-rotated")
        assert rotated.secret_name == "py-rotated" and rotated.version_id != first
        assert hw.show_secret_stage("py-rotated", "SYSCURRENT").stage.version_id == rotated.version_id
        assert hw.show_secret_stage("py-rotated", "SYSPREVIOUS").stage.version_id == first
        assert rotated.rotation_task_id

        # The rotation's task is found by its id and succeeded.
        found = hw.list_secret_task(task_id=rotated.rotation_task_id)
        assert [t.task_id for t in found.tasks] == [rotated.rotation_task_id]
        task = found.tasks[0]
        assert (task.task_status, task.secret_name) == ("SUCCESS", "py-rotated")
        assert task.attempt_nums is not None and task.attempt_nums >= 1
        assert (task.task_error_code, task.task_error_msg) == (None, None)
        assert isinstance(found, secretmanager.HuaweiTaskList)
        by_secret = hw.list_secret_task(secret_name="py-rotated", status="SUCCESS", limit=10)
        assert rotated.rotation_task_id in [t.task_id for t in by_secret.tasks]
        assert hw.list_secret_task(secret_name="py-rotated", status="FAILED").tasks == ()
        latest = hw.show_secret_version("py-rotated", "latest").version
        assert latest.version_metadata.id == rotated.version_id
        assert latest.secret_string != initial.secret_string
        assert hw.show_secret_version("py-rotated", first).version.secret_string == initial.secret_string


def test_huawei_wrong_state_and_bad_input(emulator: Emulator) -> None:
    with huawei_client(emulator) as hw:
        hw.create_secret("py-plain", secret_string="plain value")
        with pytest.raises(secretmanager.ApiError) as caught:
            hw.rotate_secret("py-plain")  # COMMON without a rotation function
        assert caught.value.http_status == 400 and (caught.value.code or "").startswith("CSMS.")
        with pytest.raises(secretmanager.NotFoundError):
            hw.show_secret_stage("py-plain", "SYSPREVIOUS")
        sent = len(emulator.requests())
        with pytest.raises(secretmanager.InvalidArgumentError, match="name"):
            hw.create_secret("bad name!", secret_string="v")
        with pytest.raises(secretmanager.InvalidArgumentError, match="limit"):
            hw.list_secret_task(limit=0)
        with pytest.raises(secretmanager.InvalidArgumentError, match="task_id"):
            hw.list_secret_task(task_id="a\x00b")
        with pytest.raises(secretmanager.InvalidArgumentError, match="request_json"):
            hw.list_secret_task(status="\ud800")  # a lone surrogate is not text
        assert len(emulator.requests()) == sent
