"""Injected faults (through the emulator's control endpoints) and one client shared by threads."""

from __future__ import annotations

import threading
import time
from typing import Callable, Dict, List

import pytest

import secretmanager
from secretmanager import NewSecretValue
from secretmanager import Client

from .conftest import Emulator

POLL_LIMIT_S = 30.0


def faulted_since(emulator: Emulator, before: int, path_part: str) -> List[Dict[str, object]]:
    return [r for r in emulator.requests()[before:] if path_part in str(r["path"])]


def test_a_503_is_retried_for_a_read(client: Client, emulator: Emulator, unique_name: Callable[[], str]) -> None:
    secret = client.create_secret(unique_name(), NewSecretValue({"pw": "x"}, ["pw"]))
    before = len(emulator.requests())
    emulator.inject(fault="status", status=503, count=2)
    detail = client.get_secret_detail(secret.secret_id)  # the fixture client allows 2 retries
    assert detail.secret_id == secret.secret_id
    seen = faulted_since(emulator, before, secret.secret_id)
    assert [r["status"] for r in seen] == [503, 503, 200]
    assert all(r["fault"] for r in seen[:2])


def test_a_503_surfaces_when_retries_are_off(emulator: Emulator) -> None:
    with Client(emulator.url, emulator.access_key, emulator.secret_key, max_retries=0) as client:
        emulator.inject(fault="status", status=503, count=1)
        with pytest.raises(secretmanager.ApiError) as caught:
            client.get_secret_list()
    assert caught.value.http_status == 503
    assert client.closed


def test_a_create_is_not_resent_after_a_503(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    name = unique_name()
    before = len(emulator.requests())
    emulator.inject(fault="status", status=503, count=1)
    with pytest.raises(secretmanager.ApiError) as caught:
        client.create_secret(name, NewSecretValue({"pw": "x"}, ["pw"]))
    assert caught.value.http_status == 503
    posts = [r for r in emulator.requests()[before:] if r["method"] == "POST"]
    assert len(posts) == 1


def test_a_429_quota_exceeded_is_a_quota_error_worth_retrying(emulator: Emulator) -> None:
    # The emulator answers an injected 429 as the NCP API Gateway's "400" Quota Exceeded.
    with Client(emulator.url, emulator.access_key, emulator.secret_key, max_retries=0) as client:
        emulator.inject(fault="status", status=429, count=1)
        with pytest.raises(secretmanager.QuotaExceededError) as caught:
            client.get_secret_list()
    err = caught.value
    assert (err.status, err.http_status, err.code) == ("SM_QUOTA_EXCEEDED", 429, "400")
    assert isinstance(err, secretmanager.ApiError) and not isinstance(err, secretmanager.ThrottledError)
    assert err.retryable is True


def test_a_slow_answer_is_a_timeout(emulator: Emulator) -> None:
    with Client(
        emulator.url, emulator.access_key, emulator.secret_key, read_timeout=0.3, max_retries=0
    ) as client:
        emulator.inject(fault="delay", ms=3000, count=1)
        with pytest.raises(secretmanager.RequestTimeoutError) as caught:
            client.get_secret_list()
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.status == "SM_TIMEOUT"


def test_a_dropped_connection_is_a_transport_error(emulator: Emulator) -> None:
    with Client(emulator.url, emulator.access_key, emulator.secret_key, max_retries=0) as client:
        emulator.inject(fault="drop", count=1)
        with pytest.raises(secretmanager.TransportError) as caught:
            client.get_secret_list()
    assert caught.value.http_status is None


def test_nothing_listens_is_a_transport_error(emulator: Emulator) -> None:
    # A port that was just free: bind, read it, close.
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Client(f"http://127.0.0.1:{port}", "ak", "sk", max_retries=0, connect_timeout=5) as client:
        with pytest.raises(secretmanager.TransportError) as caught:
            client.get_secret_list()
    assert isinstance(caught.value, ConnectionError)


def test_one_client_shared_by_eight_threads(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    names = [unique_name() for _ in range(8)]
    results: Dict[str, str] = {}
    failures: List[BaseException] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        try:
            value = {"pw": f"thread-{index}"}
            secret = client.create_secret(names[index], NewSecretValue(value, ["pw"]))
            for _ in range(3):
                chain = client.get_secret_value(secret.secret_id).chain
                assert chain.active is not None and chain.active.reveal_json() == value
            settings = client.enable_auto_rotation(
                secret.secret_id, rotation_period=10 + index, trigger_id=emulator.trigger_id
            )
            assert settings.auto_rotation_period == 10 + index
            detail = client.get_secret_detail(secret.secret_id)
            with lock:
                results[detail.secret_name] = detail.secret_id
        except BaseException as exc:  # noqa: BLE001 - reported below
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=POLL_LIMIT_S)
    assert not any(t.is_alive() for t in threads)
    assert failures == []
    assert sorted(results) == sorted(names)
    assert len(set(results.values())) == 8


def test_close_waits_for_calls_in_flight(emulator: Emulator) -> None:
    client = Client(emulator.url, emulator.access_key, emulator.secret_key, max_retries=0, timeout=30)
    outcome: List[object] = []
    emulator.inject(fault="delay", ms=500, count=1)
    worker = threading.Thread(target=lambda: outcome.append(client.get_secret_list()))
    worker.start()
    deadline = time.monotonic() + POLL_LIMIT_S
    while client._in_flight == 0 and worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    client.close()  # must not free the client under the running call
    worker.join(timeout=POLL_LIMIT_S)
    assert len(outcome) == 1 and isinstance(outcome[0], secretmanager.SecretList)
    assert client.closed
    with pytest.raises(ValueError, match="closed"):
        client.get_secret_list()
    client.close()  # idempotent
