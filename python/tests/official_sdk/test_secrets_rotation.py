"""Rotation through the official SDK: tasks run, then succeed or fail (injected through the
emulator's control API), and ListSecretTask answers its official model."""

from __future__ import annotations

import time
from typing import Any, Iterator

import pytest

from huaweicloudsdkcsms.v1 import (
    CreateSecretRequest,
    CreateSecretRequestBody,
    ListSecretTaskRequest,
    RotateSecretRequest,
    ShowSecretStageRequest,
)


@pytest.fixture
def rotation(emulator: Any) -> Iterator[Any]:
    """The control of rotation tasks, put back to "settle at once, never fail" afterwards."""
    yield lambda **change: emulator.control("POST", "huawei/rotation", change)
    emulator.control("POST", "huawei/rotation", {"delay_ms": 0})


def _rotatable(csms: Any, name: str) -> None:
    body = CreateSecretRequestBody(name=name, secret_string="one", rotation_func_urn="urn:fss:rotate")
    csms.create_secret(CreateSecretRequest(body=body))


def _task(csms: Any, task_id: str) -> Any:
    found = csms.list_secret_task(ListSecretTaskRequest(task_id=task_id))
    assert found.total == 1
    return found.tasks[0]


def _current(csms: Any, name: str) -> str:
    return csms.show_secret_stage(ShowSecretStageRequest(secret_name=name, stage_name="SYSCURRENT")).stage.version_id


def test_a_rotation_runs_then_succeeds(csms: Any, unique_name: Any, rotation: Any) -> None:
    name = unique_name()
    _rotatable(csms, name)
    rotation(delay_ms=400)
    started = time.monotonic()
    rotated = csms.rotate_secret(RotateSecretRequest(secret_name=name))
    assert rotated.version_id == "v2" and rotated.secret_name == name
    first = _task(csms, rotated.rotation_task_id)
    current = _current(csms, name)
    # Both looked before the task could settle (on a slow machine they may not have).
    if time.monotonic() - started < 0.4:
        assert first.task_status == "RUNNING"
        assert current == "v1"
    while _task(csms, rotated.rotation_task_id).task_status == "RUNNING":
        assert time.monotonic() - started < 10, "the task settles"
        time.sleep(0.05)
    done = _task(csms, rotated.rotation_task_id)
    assert (done.task_status, done.operate_type, done.attempt_nums) == ("SUCCESS", "ROTATE", 1)
    assert done.rotation_func_urn == "urn:fss:rotate" and done.secret_name == name
    assert _current(csms, name) == "v2"


def test_an_injected_failure_is_reported_and_changes_nothing(csms: Any, unique_name: Any, rotation: Any) -> None:
    name = unique_name()
    _rotatable(csms, name)
    assert rotation(fail_count=1, error_code="FSS.0500", error_msg="the function timed out")["queued_failures"] == 1
    rotated = csms.rotate_secret(RotateSecretRequest(secret_name=name))
    failed = _task(csms, rotated.rotation_task_id)
    assert (failed.task_status, failed.task_error_code, failed.task_error_msg) == (
        "FAILED",
        "FSS.0500",
        "the function timed out",
    )
    assert _current(csms, name) == "v1"
    by_status = csms.list_secret_task(ListSecretTaskRequest(secret_name=name, status="FAILED"))
    assert [t.task_id for t in by_status.tasks] == [rotated.rotation_task_id]


def test_list_secret_task_pages_with_a_top_level_next_marker(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    name = unique_name()
    _rotatable(csms, name)
    ids = [csms.rotate_secret(RotateSecretRequest(secret_name=name)).rotation_task_id for _ in range(3)]
    page = csms.list_secret_task(ListSecretTaskRequest(secret_name=name, limit=2))
    assert [t.task_id for t in page.tasks] == ids[:2]
    assert (page.total, page.next_marker) == (3, ids[1])
    rest = csms.list_secret_task(ListSecretTaskRequest(secret_name=name, limit=2, marker=page.next_marker))
    assert [t.task_id for t in rest.tasks] == ids[2:]
    assert rest.next_marker is None
    combined = sdk_error(csms.list_secret_task, ListSecretTaskRequest(task_id=ids[0], secret_name=name))
    assert (combined.status_code, combined.error_code) == (400, "CSMS.0002")
    big = csms.list_secret_task(ListSecretTaskRequest(secret_name=name, limit=1000))
    assert len(big.tasks) == 3
