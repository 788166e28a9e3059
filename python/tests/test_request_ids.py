"""``err.request_id`` and ``err.retryable`` on every exception: the provider's request id (NCP's
``x-ncp-trace-id``, Huawei's ``X-Request-Id`` or body ``request_id``) and whether a later resend
may succeed, as the C library judges them."""

from __future__ import annotations

import re

import pytest

import secretmanager
from secretmanager import NewSecretValue
from secretmanager import Client

from .conftest import Emulator, huawei_client

# The emulator's request ids, like the providers': 32 hexadecimal digits.
REQUEST_ID = re.compile(r"[0-9a-f]{32}")


def ncp(emulator: Emulator) -> Client:
    return Client(emulator.url, emulator.access_key, emulator.secret_key, timeout=30, max_retries=0)


def test_an_ncp_refusal_carries_the_trace_id_and_is_not_retryable(emulator: Emulator) -> None:
    with ncp(emulator) as client:
        with pytest.raises(secretmanager.NotFoundError) as first:
            client.get_secret_detail("no-such-secret")
        with pytest.raises(secretmanager.NotFoundError) as second:
            client.get_secret_detail("no-such-secret")
    for err in (first.value, second.value):
        assert err.request_id is not None and REQUEST_ID.fullmatch(err.request_id), err.request_id
        assert err.retryable is False
    assert first.value.request_id != second.value.request_id, "each answer has its own id"


def test_an_ncp_server_fault_is_retryable_and_traced(emulator: Emulator) -> None:
    with ncp(emulator) as client:
        emulator.inject(fault="status", status=503, count=1)
        with pytest.raises(secretmanager.ApiError) as caught:
            client.get_secret_list()
    err = caught.value
    assert (type(err), err.status, err.http_status) == (secretmanager.ApiError, "SM_API_ERROR", 503)
    assert err.retryable is True
    assert err.request_id is not None and REQUEST_ID.fullmatch(err.request_id)
    assert f"request_id={err.request_id!r}" in repr(err)


def test_a_huawei_not_found_answered_with_400_carries_its_request_id(emulator: Emulator) -> None:
    with huawei_client(emulator) as client:
        with pytest.raises(secretmanager.NotFoundError) as caught:
            client.rotate_secret("no-such-secret")
    err = caught.value
    assert (err.status, err.http_status, err.code) == ("SM_NOT_FOUND", 400, "CSMS.0005")
    assert err.request_id is not None and REQUEST_ID.fullmatch(err.request_id)
    assert err.retryable is False


def test_huawei_throttling_is_retryable(emulator: Emulator) -> None:
    with huawei_client(emulator) as client:
        emulator.inject(fault="status", status=429, count=1)
        with pytest.raises(secretmanager.ThrottledError) as caught:
            client.rotate_secret("no-such-secret")
    err = caught.value
    assert (err.status, err.http_status, err.code) == ("SM_THROTTLED", 429, "APIG.0308")
    assert err.retryable is True
    assert err.request_id is not None and REQUEST_ID.fullmatch(err.request_id)


def test_errors_without_an_answer_have_no_request_id(emulator: Emulator) -> None:
    with ncp(emulator) as client:
        with pytest.raises(secretmanager.InvalidArgumentError) as bad_input:
            client.create_secret("9 starts with a digit", NewSecretValue({"pw": "x"}, ["pw"]))
    assert (bad_input.value.request_id, bad_input.value.retryable) == (None, False)
    # Nothing listens on port 9 of 127.0.0.1: the connection is refused, worth another try.
    with Client("http://127.0.0.1:9", "AK", "SK", max_retries=0, no_proxy=True) as client:
        with pytest.raises(secretmanager.TransportError) as refused:
            client.get_secret_list()
    assert (refused.value.request_id, refused.value.retryable) == (None, True)
