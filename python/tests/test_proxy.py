"""``proxy`` and ``no_proxy`` of both clients: an unusable proxy URL is a ConfigurationError
naming the argument, a named proxy is really used (a dead one fails the call before the
emulator sees it), and ``no_proxy=True`` goes straight to the emulator whatever proxy is named."""

from __future__ import annotations

import socket
from typing import Any

import pytest

import secretmanager
from secretmanager import NewSecretValue

from .conftest import Emulator, huawei_client


def dead_proxy() -> str:
    """``http://127.0.0.1:PORT`` where nothing listens: the port was bound, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def ncp(emulator: Emulator, **overrides: Any) -> secretmanager.Client:
    return secretmanager.Client(
        emulator.url, emulator.access_key, emulator.secret_key, timeout=30, max_retries=0, **overrides
    )


@pytest.mark.parametrize("bad", ["", "ftp://proxy:21", "http://user:hunter2@[::1", "http://"])
@pytest.mark.parametrize("no_proxy", [False, True])
def test_an_unusable_proxy_url_is_a_configuration_error(emulator: Emulator, bad: str, no_proxy: bool) -> None:
    for make in (ncp, huawei_client):
        with pytest.raises(secretmanager.ConfigurationError) as caught:
            make(emulator, proxy=bad, no_proxy=no_proxy)
        assert caught.value.status == "SM_CONFIG_ERROR"
        assert "options->proxy" in str(caught.value)
        assert "hunter2" not in str(caught.value)


def test_proxy_arguments_are_type_checked(emulator: Emulator) -> None:
    with pytest.raises(TypeError, match="no_proxy"):
        ncp(emulator, no_proxy=1)
    with pytest.raises(TypeError, match="proxy"):
        huawei_client(emulator, proxy=b"http://127.0.0.1:3128")


def test_a_named_proxy_is_used_and_no_proxy_bypasses_it(emulator: Emulator, unique_name: Any) -> None:
    with ncp(emulator) as plain:
        secret = plain.create_secret(unique_name(), NewSecretValue({"password": "pw"}, ["password"]))
    proxy = dead_proxy()
    before = len(emulator.requests())
    with ncp(emulator, proxy=proxy) as through_dead_proxy:
        with pytest.raises(secretmanager.TransportError):
            through_dead_proxy.get_secret_detail(secret.secret_id)
    assert len(emulator.requests()) == before, "the request bypassed the named proxy"
    with ncp(emulator, proxy=proxy, no_proxy=True) as direct:
        assert direct.get_secret_detail(secret.secret_id).secret_id == secret.secret_id
    assert len(emulator.requests()) == before + 1


def test_huawei_uses_a_named_proxy_and_no_proxy_bypasses_it(emulator: Emulator) -> None:
    proxy = dead_proxy()
    before = len(emulator.requests())
    with huawei_client(emulator, proxy=proxy) as through_dead_proxy:
        with pytest.raises(secretmanager.TransportError):
            through_dead_proxy.list_secret_task()
    assert len(emulator.requests()) == before, "the request bypassed the named proxy"
    with huawei_client(emulator, proxy=proxy, no_proxy=True) as direct:
        direct.list_secret_task()
    assert len(emulator.requests()) == before + 1
