"""HuaweiClient.wait_for_task against the emulator's asynchronous rotation tasks: success after
a delay, TaskFailedError with the task's code and message, RequestTimeoutError while the task
still runs."""

from __future__ import annotations

import itertools
import time
from typing import Iterator

import pytest

import secretmanager
from secretmanager import HuaweiClient

from .conftest import Emulator, huawei_client

_names = itertools.count(1)


def rds_secret(client: HuaweiClient) -> str:
    """Creates an RDS-FG secret (which CSMS rotates through its function); answers its name."""
    name = f"py-rds-task-{next(_names)}-{time.monotonic_ns() % 100000}"
    client.create_secret(
        name,
        secret_string='{"user":"app","password":"Initial-Pa55"}',
        secret_type="RDS-FG",
        rotation_config='{"instance_id":"rds-1","account_name":"app"}',
    )
    return name


@pytest.fixture
def rotations(emulator: Emulator) -> Iterator[Emulator]:
    """The emulator, its rotations back to settling at once (and none failing) afterwards."""
    yield emulator
    emulator.control("POST", "huawei/rotation", {"delay_ms": 0})


def set_delay(emulator: Emulator, delay_ms: int) -> None:
    answer = emulator.control("POST", "huawei/rotation", {"delay_ms": delay_ms})
    assert answer["delay_ms"] == delay_ms


def task_lookups(emulator: Emulator, since: int) -> int:
    return sum(1 for r in emulator.requests()[since:] if str(r["path"]).endswith("/csms/tasks"))


def current(client: HuaweiClient, name: str) -> str:
    return client.show_secret_stage(name, "SYSCURRENT").stage.version_id


def test_wait_for_task_returns_once_the_task_succeeded(rotations: Emulator) -> None:
    with huawei_client(rotations) as client:
        name = rds_secret(client)
        before = current(client, name)
        set_delay(rotations, 1000)
        # Taken before the rotation starts: the task settles at least 1 s after this.
        logged = len(rotations.requests())
        started = time.monotonic()
        task_id = client.rotate_secret(name).rotation_task_id
        assert task_id is not None
        assert current(client, name) == before, "nothing changes while the task runs"
        assert client.wait_for_task(task_id, timeout=10, interval=0.04) is None
        assert time.monotonic() - started >= 1.0, "returned before the task ended"
        assert task_lookups(rotations, logged) >= 3
        assert current(client, name) != before, "the rotation moved SYSCURRENT"
        (task,) = client.list_secret_task(task_id=task_id).tasks
        assert task.task_status == secretmanager.huawei.HuaweiTaskStatus.SUCCESS


def test_a_failed_task_raises_task_failed_error_with_its_code(rotations: Emulator) -> None:
    with huawei_client(rotations) as client:
        name = rds_secret(client)
        set_delay(rotations, 100)
        answer = rotations.control(
            "POST",
            "huawei/rotation",
            {"fail_count": 1, "error_code": "CSMS.0501", "error_msg": "the function could not reach the database"},
        )
        assert answer["queued_failures"] == 1
        task_id = client.rotate_secret(name).rotation_task_id
        assert task_id is not None
        with pytest.raises(secretmanager.TaskFailedError) as caught:
            client.wait_for_task(task_id, timeout=10, interval=0.03)
        assert caught.value.code == "CSMS.0501"
        assert "the function could not reach the database" in str(caught.value)
        assert task_id in str(caught.value)
        assert not isinstance(caught.value, secretmanager.RequestTimeoutError)


def test_a_task_still_running_raises_request_timeout_error(rotations: Emulator) -> None:
    with huawei_client(rotations) as client:
        name = rds_secret(client)
        set_delay(rotations, 60_000)
        task_id = client.rotate_secret(name).rotation_task_id
        assert task_id is not None
        started = time.monotonic()
        with pytest.raises(secretmanager.RequestTimeoutError) as caught:
            client.wait_for_task(task_id, timeout=0.25, interval=0.05)
        waited = time.monotonic() - started
        assert 0.25 <= waited < 5, waited
        assert isinstance(caught.value, TimeoutError)
        assert "RUNNING" in str(caught.value)


def test_wait_for_task_checks_its_arguments(emulator: Emulator) -> None:
    with huawei_client(emulator) as client:
        with pytest.raises(TypeError, match="task_id"):
            client.wait_for_task(42)  # type: ignore[arg-type]
        with pytest.raises(secretmanager.InvalidArgumentError, match="timeout"):
            client.wait_for_task("t-1", timeout=-1)
