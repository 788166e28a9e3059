"""A client used before ``fork()`` never hands one process the other's answer."""

from __future__ import annotations

import os
from typing import Callable

import pytest

from secretmanager import NewSecretValue, Client

from .conftest import Emulator

ROUNDS = 200


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is a POSIX call")
def test_parent_and_child_each_get_their_own_answers(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    a = client.create_secret(unique_name(), NewSecretValue({"owner": "parent"}, ["owner"])).secret_id
    b = client.create_secret(unique_name(), NewSecretValue({"owner": "child"}, ["owner"])).secret_id
    # Use the pool before forking, so both processes inherit a live keep-alive connection.
    assert client.get_secret_value(a).chain.active.reveal_json() == {"owner": "parent"}
    pid = os.fork()
    if pid == 0:  # the child: exit status 0 only if every answer was its own
        code = 1
        try:
            wrong = sum(client.get_secret_value(b).chain.active.reveal_json() != {"owner": "child"} for _ in range(ROUNDS))
            code = 0 if wrong == 0 else 2
        finally:
            os._exit(code)
    wrong = sum(client.get_secret_value(a).chain.active.reveal_json() != {"owner": "parent"} for _ in range(ROUNDS))
    _, status = os.waitpid(pid, 0)
    assert wrong == 0, f"the parent got {wrong} answers that were not its own"
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child status {status}"


def test_max_response_bytes_caps_the_answer(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    with Client(emulator.url, emulator.access_key, emulator.secret_key, max_response_bytes=64) as small:
        with pytest.raises(Exception) as caught:
            small.get_secret_list()
        assert caught.value.status == "SM_TRANSPORT_ERROR"  # type: ignore[attr-defined]
        assert "limit" in str(caught.value)
    with pytest.raises(TypeError):
        Client(emulator.url, emulator.access_key, emulator.secret_key, max_response_bytes="big")  # type: ignore[arg-type]
