"""Requests the emulator applies and then answers with a closed connection: transitions are
settled by the library (success when they took effect), creates are OutcomeUnknownError."""

from __future__ import annotations

from typing import Callable

import pytest

import secretmanager
from secretmanager import NewSecretValue
from secretmanager import Client, HuaweiClient

from .conftest import Emulator
from .test_ncp_flow import started_job

FUNCTION_URN = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate-db:latest"


def lost_answers(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests() if r["fault"] == "lose answer")


def test_the_rotation_flow_completes_when_the_completion_answer_is_lost(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    sid, token = started_job(client, emulator, unique_name())
    pending = client.add_pending_stage(sid, token).pending
    before = lost_answers(emulator)
    emulator.inject(fault="lose-answer", path="/complete", count=1)
    client.complete_rotation_job(sid, token)  # success: the job did complete
    assert lost_answers(emulator) == before + 1
    chain = client.get_secret_value(sid).chain
    assert chain.active == pending and chain.pending is None


def test_disable_secret_succeeds_when_its_answer_is_lost(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    sid = client.create_secret(unique_name(), NewSecretValue({"pw": "x"}, ["pw"])).secret_id
    emulator.inject(fault="lose-answer", path="/disable", count=1)
    client.disable_secret(sid)
    assert client.get_secret_detail(sid).secret_status == "DISABLE"


def test_a_create_whose_answer_is_lost_is_an_unknown_outcome(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    name = unique_name()
    before = client.get_secret_list().total_count
    emulator.inject(fault="lose-answer", count=1)
    with pytest.raises(secretmanager.OutcomeUnknownError) as caught:
        client.create_secret(name, NewSecretValue({"pw": "x"}, ["pw"]))
    assert caught.value.status == "SM_OUTCOME_UNKNOWN"
    assert "Get Secret List" in str(caught.value)
    assert not isinstance(caught.value, (ValueError, secretmanager.TransportError))
    assert client.get_secret_list().total_count == before + 1, "it was applied, once"


def test_a_huawei_rotation_whose_answer_is_lost_names_the_task_lookup(emulator: Emulator) -> None:
    with HuaweiClient(
        endpoint=emulator.url,
        project_id=emulator.facts["huawei_project_id"],
        access_key=emulator.facts["huawei_access_key"],
        secret_key=emulator.facts["huawei_secret_key"],
    ) as client:
        name = f"lost-{id(client) % 100000}"
        client.create_secret(name, secret_string="v1", rotation_func_urn=FUNCTION_URN)
        emulator.inject(fault="lose-answer", path="/rotate", count=1)
        with pytest.raises(secretmanager.OutcomeUnknownError) as caught:
            client.rotate_secret(name)
        assert "ListSecretTask" in str(caught.value)
        tasks = client.list_secret_task(secret_name=name)
        assert len(tasks.tasks) == 1, "rotated once, and the task lookup shows it"
