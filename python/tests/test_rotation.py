"""Client.rotate, the rotation helper, against the emulator: each way of making the new value,
a failing apply reported as failed, and a completion whose answer is lost."""

from __future__ import annotations

from typing import Callable, List, Optional, Tuple

import pytest

import secretmanager
from secretmanager import Client, SecretStr

from .conftest import Emulator
from .test_ncp_flow import VALUE, create_rotatable, job_token_of


def executed_job(client: Client, emulator: Emulator, name: str) -> Tuple[str, SecretStr]:
    """A rotatable secret with a rotation job executed (not started): its id and job token."""
    sid = create_rotatable(client, emulator, name).secret_id
    client.execute_rotation_job(sid)
    return sid, job_token_of(client, sid)


def active(client: Client, sid: str) -> Optional[SecretStr]:
    return client.get_secret_value(sid).chain.active


@pytest.mark.parametrize("pending", ["random", "generate"])
def test_a_job_completes_with_a_drawn_value(
    client: Client, emulator: Emulator, unique_name: Callable[[], str], pending: str
) -> None:
    sid, token = executed_job(client, emulator, unique_name())
    applied: List[Tuple[str, SecretStr]] = []
    new = client.rotate(sid, token, lambda secret_id, value: applied.append((secret_id, value)), pending=pending)
    assert applied == [(sid, new)]
    assert active(client, sid) == new
    drawn = new.reveal_json()
    assert drawn["user"] == VALUE["user"] and drawn["password"] != VALUE["password"]
    assert client.get_secret_detail(sid).secret_status == "ENABLE"


def test_generate_options_and_a_custom_value(client: Client, emulator: Emulator, unique_name: Callable[[], str]) -> None:
    sid, token = executed_job(client, emulator, unique_name())
    new = client.rotate(sid, token, lambda *_: None, pending="generate", generate_options={"length": 20, "exclude_punctuation": True, "include_space": False})
    password = new.reveal_json()["password"]
    assert len(password) == 20 and password.isalnum()

    client.execute_rotation_job(sid)
    token = job_token_of(client, sid)
    seen: List[Optional[SecretStr]] = []

    def produce(current: Optional[SecretStr]) -> dict:
        seen.append(current)
        return {"user": "app", "password": SecretStr("custom-Pa55word")}

    new = client.rotate(sid, token, lambda *_: None, pending=produce)
    assert len(seen) == 1 and seen[0] is not None
    assert seen[0].reveal_json() == {"user": "app", "password": password}, "produce sees the current ACTIVE"
    assert new.reveal_json() == {"user": "app", "password": "custom-Pa55word"}
    assert active(client, sid) == new


def test_a_failing_apply_fails_the_job_and_keeps_active(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    sid, token = executed_job(client, emulator, unique_name())
    before = active(client, sid)

    def apply(secret_id: str, value: SecretStr) -> None:
        raise RuntimeError("the database refused the new password")

    with pytest.raises(secretmanager.RotationError) as caught:
        client.rotate(sid, token, apply)
    assert (caught.value.step, caught.value.fail_report) == ("apply", "reported")
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert active(client, sid) == before
    assert client.get_secret_detail(sid).rotation_phase == "ROTATION_FAILED"
    with pytest.raises(ValueError, match="pending"):
        client.rotate(sid, token, apply, pending="custom")
    with pytest.raises(ValueError, match="generate_options"):
        client.rotate(sid, token, apply, pending="generate", generate_options={"lenght": 9})


def test_a_lost_completion_answer_is_settled_as_success(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    sid, token = executed_job(client, emulator, unique_name())
    emulator.inject(fault="lose-answer", path="/complete", count=1)
    new = client.rotate(sid, token, lambda *_: None)
    assert active(client, sid) == new
