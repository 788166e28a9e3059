"""Secret management, stage values, rotation controls, lists and a full Huawei rotation,
against the emulator; wrong-state errors included, secrets kept out of repr."""

from __future__ import annotations

import pytest

import secretmanager
from secretmanager import Client, KmsBoundaryType, ProtectionKeyType, Stage

from .conftest import Emulator
from .test_huawei import huawei

VALUE = {"user": "app", "password": "initial-Pa55word"}
URN = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate"


def test_status_changes_memo_and_deletion(client: Client, unique_name) -> None:
    sid = client.create_secret(unique_name(), VALUE, ["password"]).secret_id
    client.disable_secret(sid)
    assert client.get_secret_detail(sid).status == "DISABLE"
    with pytest.raises(secretmanager.InvalidStatusError) as caught:
        client.disable_secret(sid)
    assert (caught.value.http_status, caught.value.code) == (422, "INVALID_STATUS")
    client.enable_secret(sid)
    assert client.get_secret_detail(sid).status == "ENABLE"
    client.update_secret_memo(sid, "a new memo")
    assert client.get_secret_detail(sid).memo == "a new memo"
    with pytest.raises(secretmanager.InvalidStatusError):
        client.delete_secret(sid)
    client.request_secret_deletion(sid)
    assert client.get_secret_detail(sid).status == "REVOKE"
    with pytest.raises(secretmanager.InvalidStatusError):
        client.update_secret_value(sid, active={"password": "x"})
    client.cancel_secret_deletion(sid)
    assert client.get_secret_detail(sid).status == "DISABLE"
    client.request_secret_deletion(sid)
    client.delete_secret(sid)
    assert client.get_secret_detail(sid).status == "DESTROYED"


def test_stage_values_are_read_set_and_deleted(client: Client, emulator: Emulator, unique_name) -> None:
    sid = client.create_secret(unique_name(), VALUE, ["password"]).secret_id
    active = client.get_secret_stage_value(sid, Stage.ACTIVE)
    assert active.reveal_json() == VALUE
    assert "initial-Pa55word" not in repr(active)
    with pytest.raises(secretmanager.SecretManagerError):
        client.get_secret_stage_value(sid, Stage.PREVIOUS)

    client.update_secret_value(sid, previous={"password": "old"}, pending='{"password":"next"}')
    assert client.get_secret_stage_value(sid, Stage.PREVIOUS).reveal_json() == {"password": "old"}
    assert client.get_secret_stage_value(sid, Stage.PENDING).reveal_json() == {"password": "next"}
    assert client.get_secret_stage_value(sid, Stage.ACTIVE).reveal_json() == VALUE
    client.update_secret_value(sid, delete=[Stage.PENDING])
    with pytest.raises(secretmanager.SecretManagerError):
        client.get_secret_stage_value(sid, Stage.PENDING)
    client.update_secret_stage_value(sid, Stage.ACTIVE, {"password": "staged"})
    assert client.get_secret_stage_value(sid, Stage.ACTIVE).reveal_json() == {"password": "staged"}

    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError):
        client.update_secret_value(sid)  # nothing to change: the library refuses it
    with pytest.raises(secretmanager.InvalidArgumentError, match="delete"):
        client.update_secret_value(sid, active={"password": "x"}, delete=[Stage.ACTIVE])
    with pytest.raises(TypeError, match="stage"):
        client.get_secret_stage_value(sid, "active")  # type: ignore[arg-type]
    assert len(emulator.requests()) == sent


def test_rotation_settings_and_job_controls(client: Client, emulator: Emulator, unique_name) -> None:
    sid = client.create_secret(unique_name(), VALUE, ["password"]).secret_id
    second = emulator.facts["ncp_second_trigger_id"]
    client.enable_auto_rotation(sid, 30, emulator.trigger_id)
    assert client.update_rotation_period(sid, 45).period_days == 45
    assert client.update_rotation_trigger(sid, second).trigger_id == second
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="rotationPeriod"):
        client.update_rotation_period(sid, 0)
    assert len(emulator.requests()) == sent

    for nothing_to_do in (client.retry_rotation_job, client.cancel_rotation_job, client.rollback_rotation_job):
        with pytest.raises(secretmanager.InvalidStatusError):
            nothing_to_do(sid)

    client.execute_rotation(sid)
    token = next(e.job_token for e in client.get_secret_logs(sid, "Execute Rotation Job").entries if e.job_token)
    client.start_rotation_job(sid, token)
    pending = client.add_pending_stage(sid, token)
    client.complete_rotation_job(sid, token)
    assert client.get_secret_stage_value(sid, Stage.ACTIVE) == pending
    client.rollback_rotation_job(sid)
    assert client.get_secret_stage_value(sid, Stage.ACTIVE).reveal_json() == VALUE

    client.execute_rotation(sid)
    token = next(e.job_token for e in client.get_secret_logs(sid, "Execute Rotation Job").entries if e.job_token)
    client.fail_rotation_job(sid, token)
    client.retry_rotation_job(sid)
    client.cancel_rotation_job(sid)
    with pytest.raises(secretmanager.InvalidStatusError):
        client.cancel_rotation_job(sid)

    with pytest.raises(secretmanager.InvalidStatusError):
        client.delete_rotation_trigger(sid)  # auto rotation is on
    client.disable_auto_rotation(sid)
    client.delete_rotation_trigger(sid)
    assert client.get_secret_detail(sid).trigger_id is None


def test_protection_keys_triggers_and_key_updates(client: Client, emulator: Emulator, unique_name) -> None:
    keys = client.get_protection_key_list()
    assert keys[0].key_id == "0" and keys[0].status is None
    user_key = next(k for k in keys if k.tag)
    assert user_key.tag == emulator.facts["ncp_kms_key_tag"]
    assert (user_key.status, user_key.key_type) == ("ENABLE", "AES256")
    triggers = {t.trigger_id: t for t in client.get_trigger_list()}
    assert emulator.trigger_id in triggers and emulator.facts["ncp_second_trigger_id"] in triggers

    sid = client.create_secret(unique_name(), VALUE, ["password"]).secret_id
    client.update_protection_key(sid, ProtectionKeyType.USER_MANAGED, user_key.tag, KmsBoundaryType.GLOBAL)
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="kmsKeyTag"):
        client.update_protection_key(sid, ProtectionKeyType.DEFAULT, user_key.tag)
    assert len(emulator.requests()) == sent
    client.update_protection_key(sid, ProtectionKeyType.DEFAULT)


def test_absent_numbers_are_not_sent_and_zero_reaches_the_library(
    client: Client, emulator: Emulator, unique_name
) -> None:
    sid = client.create_secret(unique_name(), VALUE, ["password"]).secret_id
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="pageSize"):
        client.get_secret_logs(sid, page_size=0)
    with pytest.raises(secretmanager.InvalidArgumentError, match="autoRotationPeriod"):
        client.create_secret(
            unique_name(), VALUE, ["password"], auto_rotation=True, auto_rotation_period=0, trigger_id="t"
        )
    with pytest.raises(secretmanager.InvalidArgumentError, match="length"):
        client.generate_random_secret(sid, "token", length=0)
    assert len(emulator.requests()) == sent
    assert client.get_secret_logs(sid).total_count >= 1


def test_a_full_huawei_rotation_moves_the_stages(emulator: Emulator) -> None:
    with huawei(emulator) as hw:
        created = hw.create_secret(
            "py-rotated", '{"password":"first-Pa55word"}', description="from Python", rotation_func_urn=URN
        )
        assert (created.name, created.state, created.secret_type) == ("py-rotated", "ENABLED", "COMMON")
        assert created.secret_id
        first = hw.show_secret_stage("py-rotated", "SYSCURRENT").version_id
        initial = hw.show_secret_version("py-rotated", first)
        assert initial.value.reveal_json() == {"password": "first-Pa55word"}
        assert "first-Pa55word" not in repr(initial) and "first-Pa55word" not in str(initial)

        rotated = hw.rotate_secret("py-rotated")
        assert rotated.secret_name == "py-rotated" and rotated.version_id != first
        assert hw.show_secret_stage("py-rotated", "SYSCURRENT").version_id == rotated.version_id
        assert hw.show_secret_stage("py-rotated", "SYSPREVIOUS").version_id == first
        assert rotated.rotation_task_id

        # The rotation's task is found by its id and succeeded.
        found = hw.list_secret_tasks(task_id=rotated.rotation_task_id)
        assert [t.task_id for t in found.tasks] == [rotated.rotation_task_id]
        task = found.tasks[0]
        assert (task.status, task.secret_name) == ("SUCCESS", "py-rotated")
        assert task.attempt_count is not None and task.attempt_count >= 1
        assert (task.error_code, task.error_message) == (None, None)
        assert isinstance(found, secretmanager.HuaweiTaskList)
        every_filter = hw.list_secret_tasks(
            secret_name="py-rotated", status="SUCCESS", task_id=rotated.rotation_task_id, limit=10
        )
        assert [t.task_id for t in every_filter.tasks] == [rotated.rotation_task_id]
        assert hw.list_secret_tasks(secret_name="py-rotated", status="FAILED").tasks == ()
        latest = hw.show_secret_version("py-rotated")
        assert latest.version_id == "latest"
        assert latest.value != initial.value
        assert hw.show_secret_version("py-rotated", first).value == initial.value


def test_huawei_wrong_state_and_bad_input(emulator: Emulator) -> None:
    with huawei(emulator) as hw:
        hw.create_secret("py-plain", "plain value")
        with pytest.raises(secretmanager.ApiError) as caught:
            hw.rotate_secret("py-plain")  # COMMON without a rotation function
        assert caught.value.http_status == 400 and (caught.value.code or "").startswith("CSMS.")
        with pytest.raises(secretmanager.NotFoundError):
            hw.show_secret_stage("py-plain", "SYSPREVIOUS")
        sent = len(emulator.requests())
        with pytest.raises(secretmanager.InvalidArgumentError, match="secret_string"):
            hw.create_secret("py-bad", "a\x00b")
        with pytest.raises(secretmanager.InvalidArgumentError, match="name"):
            hw.create_secret("bad name!", "v")
        with pytest.raises(secretmanager.InvalidArgumentError, match="limit"):
            hw.list_secret_tasks(limit=0)
        with pytest.raises(secretmanager.InvalidArgumentError, match="task_id"):
            hw.list_secret_tasks(task_id="a\x00b")
        with pytest.raises(secretmanager.InvalidArgumentError, match="status"):
            hw.list_secret_tasks(status="\ud800")
        assert len(emulator.requests()) == sent
