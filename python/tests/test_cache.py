"""secretmanager.SecretCache over both clients against the emulator, counting the requests the
emulator received: hits from memory, single flight, stale values through an outage, rotation
through the same client, CSMS's version check, and the errors."""

from __future__ import annotations

import os
import threading
import time
from typing import List

import pytest

import secretmanager
from secretmanager import Client, NewSecretValue, SecretCache, SecretStr

from .conftest import Emulator, huawei_client

VALUE = '{"user":"app","password":"cache-pw-1","port":5432}'


def value_fetches(emulator: Emulator, path_part: str) -> int:
    return sum(1 for r in emulator.requests() if r["method"] == "GET" and path_part in str(r["path"]))


def test_reads_are_served_from_memory_until_the_ttl_ends(
    emulator: Emulator, client: Client, unique_name: object
) -> None:
    secret_id = client.create_secret(unique_name(), NewSecretValue(VALUE, ("password",))).secret_id  # type: ignore[operator,arg-type]
    with SecretCache(client, ttl=1.0, refresh_ahead=0) as cache:
        for _ in range(50):
            value = cache.get(secret_id)
            assert isinstance(value, SecretStr) and value.reveal() == VALUE
        assert value_fetches(emulator, f"/{secret_id}/values") == 1
        assert cache.get_field(secret_id, "password").reveal() == "cache-pw-1"
        assert cache.get_field(secret_id, "port").reveal() == "5432"
        assert cache.get_json(secret_id)["user"] == "app"
        assert cache.get_stage(secret_id, "active").reveal() == VALUE
        assert cache.get_with_previous(secret_id) == (SecretStr(VALUE), None)
        assert len(cache) == 1
        assert "cache-pw-1" not in repr(cache.get(secret_id)) + str(cache.get(secret_id))
        time.sleep(1.05)
        cache.get(secret_id)
        assert value_fetches(emulator, f"/{secret_id}/values") == 2
        cache.invalidate(secret_id)
        assert len(cache) == 0
        cache.refresh_now(secret_id)  # holds nothing of it: sends nothing
        assert value_fetches(emulator, f"/{secret_id}/values") == 2


def test_concurrent_misses_make_one_request(emulator: Emulator, client: Client, unique_name: object) -> None:
    secret_id = client.create_secret(unique_name(), NewSecretValue(VALUE, ("password",))).secret_id  # type: ignore[operator,arg-type]
    emulator.inject(fault="delay", ms=300, count=1)
    errors: List[BaseException] = []
    with SecretCache(client) as cache:
        start = threading.Barrier(8)

        def read() -> None:
            try:
                start.wait(timeout=10)
                assert cache.get(secret_id).reveal() == VALUE
            except BaseException as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert not errors, errors
    assert value_fetches(emulator, f"/{secret_id}/values") == 1


def test_an_outage_is_served_until_max_stale_then_raises(
    emulator: Emulator, client: Client, unique_name: object
) -> None:
    secret_id = client.create_secret(unique_name(), NewSecretValue(VALUE, ("password",))).secret_id  # type: ignore[operator,arg-type]
    with Client(emulator.url, emulator.access_key, emulator.secret_key, max_retries=0) as quick:
        with SecretCache(quick, ttl=0.2, max_stale=0.5, refresh_ahead=0) as cache:
            cache.get(secret_id)
            fetched = time.monotonic()
            emulator.inject(fault="status", status=503, count=100000)
            served_for = 0.0
            with pytest.raises(secretmanager.ApiError) as caught:
                while time.monotonic() - fetched < 5:
                    assert cache.get(secret_id).reveal() == VALUE
                    served_for = time.monotonic() - fetched
                    time.sleep(0.02)
            assert caught.value.http_status == 503
            # Served until TTL + max_stale (0.7 s) after the fetch, with room for a slow
            # machine's late reads; never served stale would end near 0.2 s, without a limit 5 s.
            assert 0.45 <= served_for < 1.2, served_for


def test_missing_secrets_and_values_raise_clear_errors(emulator: Emulator, client: Client) -> None:
    with SecretCache(client) as cache:
        for _ in range(3):
            with pytest.raises(secretmanager.NotFoundError):
                cache.get("0123456789abcdef0000")
        assert value_fetches(emulator, "/0123456789abcdef0000/values") == 1, "remembered"
        with pytest.raises(TypeError):
            cache.get(None)  # type: ignore[arg-type]
        with pytest.raises(secretmanager.InvalidArgumentError):
            cache.get("a\x00b")
    with pytest.raises(ValueError):
        cache.get("anything")
    with pytest.raises(TypeError):
        SecretCache("not a client")  # type: ignore[arg-type]


def test_no_value_at_a_stage_is_a_no_value_error(client: Client, unique_name: object) -> None:
    secret_id = client.create_secret(unique_name(), NewSecretValue(VALUE, ("password",))).secret_id  # type: ignore[operator,arg-type]
    with SecretCache(client) as cache:
        with pytest.raises(secretmanager.NoValueError) as caught:
            cache.get_stage(secret_id, "PENDING")
        assert "PENDING" in str(caught.value)
        with pytest.raises(secretmanager.NoValueError) as missing:
            cache.get_field(secret_id, "host")
        assert "cache-pw-1" not in str(missing.value)


def test_a_rotation_through_the_same_client_is_seen_at_once(emulator: Emulator, client: Client, unique_name: object) -> None:
    secret_id = client.create_secret(unique_name(), NewSecretValue(VALUE, ("password",))).secret_id  # type: ignore[operator,arg-type]
    client.enable_auto_rotation(secret_id, rotation_period=30, trigger_id=emulator.trigger_id)
    with SecretCache(client, ttl=600) as cache:
        assert cache.get(secret_id).reveal() == VALUE
        client.update_secret_value(secret_id, active={"set": '{"password":"new-pw"}'})
        assert cache.get(secret_id).reveal() == '{"password":"new-pw"}', "the 10-minute TTL hid the change"


def test_csms_fetches_a_value_only_when_syscurrent_moved(emulator: Emulator) -> None:
    with huawei_client(emulator) as client:
        client.create_secret("py-cache-hw", secret_string=VALUE)
        with SecretCache(client, ttl=0.1, refresh_ahead=0) as cache:
            assert cache.get("py-cache-hw").reveal() == VALUE
            for _ in range(3):
                time.sleep(0.12)
                assert cache.get("py-cache-hw").reveal() == VALUE
            assert value_fetches(emulator, "/secrets/py-cache-hw/versions/") == 1
            assert value_fetches(emulator, "/secrets/py-cache-hw/stages/SYSCURRENT") == 4
            client.create_secret_version("py-cache-hw", secret_string='{"password":"v2"}')
            current, previous = cache.get_with_previous("py-cache-hw")
            assert current.reveal() == '{"password":"v2"}'
            assert previous is not None and previous.reveal() == VALUE
            assert cache.get_version("py-cache-hw", "v1").reveal() == VALUE


def test_values_larger_than_the_read_buffer_grow_it_and_leave_no_copy_there(client: Client, unique_name: object) -> None:
    from secretmanager import cache as cache_module

    small = '{"password":"' + "s" * 900 + '"}'
    large = '{"password":"' + "L" * 5000 + '"}'
    secret_id = client.create_secret(unique_name(), NewSecretValue(small, ("password",))).secret_id  # type: ignore[operator,arg-type]
    with SecretCache(client, ttl=600) as cache:
        assert cache.get(secret_id).reveal() == small
        client.update_secret_value(secret_id, active={"set": large})
        assert cache.get(secret_id).reveal() == large, "the value outgrew the 1 KiB buffer"
        assert cache.get_json(secret_id)["password"] == "L" * 5000
        assert cache.get(secret_id).reveal() == large
        buffers = cache_module._spare_buffers()
        assert buffers and max(read.capacity for read in buffers) >= len(large) + 1
        assert all(not any(read.buffer.raw) for read in buffers), "a value was left in a read buffer"


def test_closing_under_readers_frees_nothing_they_use(client: Client, unique_name: object) -> None:
    secret_id = client.create_secret(unique_name(), NewSecretValue(VALUE, ("password",))).secret_id  # type: ignore[operator,arg-type]
    for _ in range(5):
        cache = SecretCache(client, ttl=600)
        assert cache.get(secret_id).reveal() == VALUE
        outcomes: List[str] = []
        started = threading.Barrier(5)

        def read() -> None:
            started.wait()
            for _ in range(20_000):  # bounded; a closed cache ends it sooner
                try:
                    if cache.get_field(secret_id, "password").reveal() != "cache-pw-1" or cache.get(secret_id).reveal() != VALUE:
                        outcomes.append("wrong value")
                        return
                except ValueError as closed:
                    outcomes.append(str(closed))
                    return
            outcomes.append("never closed")

        readers = [threading.Thread(target=read) for _ in range(4)]
        for reader in readers:
            reader.start()
        started.wait()
        time.sleep(0.01)
        cache.close()
        assert cache.closed and "closed" in repr(cache)
        for reader in readers:
            reader.join(timeout=30)
            assert not reader.is_alive()
        assert set(outcomes) <= {"the secret cache is closed", "never closed"}, outcomes
        assert len(outcomes) == 4
        with pytest.raises(ValueError, match="closed"):
            cache.get(secret_id)
        with pytest.raises(ValueError, match="closed"):
            len(cache)
        cache.close()  # idempotent


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is a POSIX call")
def test_a_forked_child_starts_with_an_empty_cache_of_its_own(
    emulator: Emulator, client: Client, unique_name: object
) -> None:
    secret_id = client.create_secret(unique_name(), NewSecretValue(VALUE, ("password",))).secret_id  # type: ignore[operator,arg-type]
    with SecretCache(client, ttl=600) as cache:
        assert cache.get(secret_id).reveal() == VALUE and len(cache) == 1
        pid = os.fork()
        if pid == 0:  # the child: exit status 0 only if it held nothing and read the value itself
            code = 1
            try:
                empty = len(cache) == 0
                code = 0 if empty and cache.get_field(secret_id, "password").reveal() == "cache-pw-1" else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child status {status}"
        assert value_fetches(emulator, f"/{secret_id}/values") == 2, "the child fetched for itself"
        assert cache.get(secret_id).reveal() == VALUE and len(cache) == 1, "the parent's cache is untouched"
        assert value_fetches(emulator, f"/{secret_id}/values") == 2
