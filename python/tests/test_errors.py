"""Errors: each kind raises its class with the provider's status and code, bad arguments are
caught before anything is sent, and no secret ever shows in an error."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Callable

import pytest

import secretmanager
from secretmanager import NewSecretValue
from secretmanager import Client, _native, errors

from .conftest import Emulator, secret_forms

SENTINEL = "sentinel-Secret-Value-9f3c"


def client_with_keys(emulator: Emulator, access_key: str, secret_key: str) -> Client:
    return Client(emulator.url, access_key, secret_key, timeout=30, max_retries=0)


def assert_no_secret(exc: BaseException, *secrets: str) -> None:
    for shown in (str(exc), repr(exc), str(exc.args)):
        for secret in secrets:
            for form in secret_forms(secret):
                assert form not in shown, f"a secret shows as {form!r}"


def test_secret_forms_cover_hex_and_base64() -> None:
    assert secret_forms("pw?") == ["pw?", "70773f", "70773F", "cHc/", "cHc/"]
    leaked = ValueError("token " + base64.b64encode(SENTINEL.encode()).decode())
    with pytest.raises(AssertionError):
        assert_no_secret(leaked, SENTINEL)


def test_wrong_secret_key_is_an_authentication_error(emulator: Emulator) -> None:
    wrong = "wrong-" + emulator.secret_key
    with client_with_keys(emulator, emulator.access_key, wrong) as client:
        with pytest.raises(secretmanager.AuthenticationError) as caught:
            client.get_secret_list()
    err = caught.value
    assert isinstance(err, secretmanager.ApiError)
    assert err.status == "SM_AUTHENTICATION_FAILED"
    assert err.code == "200"
    assert err.http_status == 401
    assert err.message
    assert_no_secret(err, wrong, emulator.secret_key)


def test_unknown_access_key_is_an_authentication_error(emulator: Emulator) -> None:
    with client_with_keys(emulator, "NOSUCHACCESSKEY", emulator.secret_key) as client:
        with pytest.raises(secretmanager.ApiError) as caught:
            client.get_secret_detail("whatever")
    assert caught.value.code == "200"


def test_wrong_state_is_an_invalid_status_error(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    secret = client.create_secret(
        unique_name(), NewSecretValue({"pw": "x"}, ("pw",)), auto_rotation=True, auto_rotation_period=7,  # type: ignore[arg-type]
        trigger_id=emulator.trigger_id,
    )
    client.execute_rotation_job(secret.secret_id)
    with pytest.raises(secretmanager.InvalidStatusError) as caught:
        client.execute_rotation_job(secret.secret_id)  # a job is already running
    err = caught.value
    assert (err.status, err.http_status, err.code) == ("SM_INVALID_STATE", 422, "INVALID_STATUS")
    assert isinstance(err, secretmanager.ApiError)


def test_unknown_secret_is_not_found(client: Client) -> None:
    with pytest.raises(secretmanager.NotFoundError) as caught:
        client.get_secret_detail("no-such-secret-id")
    assert caught.value.http_status == 404
    assert caught.value.code == "NOT_FOUND"


def test_wrong_job_token_is_refused_without_showing_it(
    client: Client, emulator: Emulator, unique_name: Callable[[], str]
) -> None:
    secret = client.create_secret(
        unique_name(), NewSecretValue({"pw": SENTINEL}, ("pw",)), auto_rotation=True, auto_rotation_period=7,  # type: ignore[arg-type]
        trigger_id=emulator.trigger_id,
    )
    client.execute_rotation_job(secret.secret_id)
    bogus = "f" * 40
    with pytest.raises(secretmanager.InvalidRequestError) as caught:
        client.update_pending_stage(secret.secret_id, bogus, {"pw": SENTINEL + "-new"})
    err = caught.value
    assert (err.status, err.http_status, err.code) == ("SM_INVALID_REQUEST", 400, "INVALID_REQUEST")
    assert isinstance(err, secretmanager.ApiError) and not err.retryable
    assert_no_secret(err, SENTINEL, bogus)


def test_bad_name_is_refused_before_any_request(
    client: Client, emulator: Emulator
) -> None:
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError) as caught:
        client.create_secret("1-starts-with-a-digit-and-is-far-too-long", NewSecretValue({"pw": SENTINEL}, ["pw"]))
    err = caught.value
    assert isinstance(err, ValueError)
    assert err.status == "SM_INVALID_ARGUMENT"
    assert err.http_status is None and err.code is None
    assert "name" in err.message.lower()
    assert_no_secret(err, SENTINEL)
    assert len(emulator.requests()) == sent


@pytest.mark.parametrize(
    "value",
    [
        "not json " + SENTINEL,
        '["' + SENTINEL + '"]',
        '{"pw": "' + SENTINEL + '"',
        {"other": SENTINEL},  # rotation target missing from the value
    ],
)
def test_bad_values_never_show_in_errors(
    client: Client, emulator: Emulator, unique_name: Callable[[], str], value: object
) -> None:
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError) as caught:
        client.create_secret(unique_name(), NewSecretValue(value, ["pw"]))  # type: ignore[arg-type]
    assert_no_secret(caught.value, SENTINEL)
    assert len(emulator.requests()) == sent


def test_nul_and_surrogates_are_refused_before_sending(client: Client, emulator: Emulator) -> None:
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="secretValue.value") as caught:
        client.create_secret("goodname", NewSecretValue('{"pw":"' + SENTINEL + '\x00"}', ["pw"]))  # type: ignore[arg-type]
    assert_no_secret(caught.value, SENTINEL)
    with pytest.raises(secretmanager.InvalidArgumentError, match="secretId"):
        client.get_secret_detail("abc\x00def")
    with pytest.raises(secretmanager.InvalidArgumentError, match="request_json") as caught:
        client.update_pending_stage("id", "token", '{"pw":"' + SENTINEL + '\ud800"}')
    assert_no_secret(caught.value, SENTINEL)
    with pytest.raises(secretmanager.InvalidArgumentError, match="rotationTargets"):
        client.create_secret("goodname", NewSecretValue({"pw": "x"}, ["pw", "a\x00"]))  # type: ignore[arg-type]
    assert len(emulator.requests()) == sent


def test_argument_types_and_ranges_are_checked(client: Client, emulator: Emulator) -> None:
    # The library reads every argument by the operation's schema and names the field it refuses.
    sent = len(emulator.requests())
    with pytest.raises(secretmanager.InvalidArgumentError, match="invalid type"):
        client.create_secret("goodname", NewSecretValue({"pw": "x"}, "pw"))  # type: ignore[arg-type]
    with pytest.raises(secretmanager.InvalidArgumentError, match="invalid type"):
        client.get_secret_detail(42)  # type: ignore[arg-type]
    with pytest.raises(secretmanager.InvalidArgumentError, match="rotationPeriod"):
        client.enable_auto_rotation("id", rotation_period=0)
    with pytest.raises(secretmanager.InvalidArgumentError, match="pageNo"):
        client.get_secret_list(page_no=0)
    with pytest.raises(secretmanager.InvalidArgumentError, match="invalid value"):
        client.get_secret_list(page_no=-1)
    with pytest.raises(secretmanager.InvalidArgumentError, match="rotationTargets"):
        client.create_secret("goodname", NewSecretValue({"pw": "x"}, []))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        client.get_secret_detail()  # type: ignore[call-arg]
    assert len(emulator.requests()) == sent


def test_client_configuration_errors(emulator: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(secretmanager.InvalidArgumentError, match="endpoint_url"):
        Client("not a url", "ak", "sk")
    with pytest.raises(secretmanager.InvalidArgumentError, match="secret_key"):
        Client(emulator.url, "ak", None)
    with pytest.raises(secretmanager.InvalidArgumentError, match="timeout"):
        Client(emulator.url, "ak", "sk", timeout=0)
    with pytest.raises(secretmanager.InvalidArgumentError, match="max_retries"):
        Client(emulator.url, "ak", "sk", max_retries=-1)
    for var in ("NCLOUD_ACCESS_KEY", "NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_KEY", "NCLOUD_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(secretmanager.CredentialsError) as caught:
        Client(emulator.url)
    assert "NCLOUD_ACCESS_KEY" in caught.value.message


def test_credentials_from_the_environment(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, unique_name: Callable[[], str]
) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", emulator.access_key)
    monkeypatch.setenv("NCLOUD_SECRET_KEY", emulator.secret_key)
    with Client(emulator.url, timeout=30) as client:
        before = client.get_secret_list().total_count
        name = unique_name()
        created = client.create_secret(name, NewSecretValue({"pw": SENTINEL}, ["pw"]))
        assert created.secret_name == name
        assert client.get_secret_list().total_count == before + 1
        assert client.get_secret_detail(created.secret_id).secret_name == name
        with pytest.raises(secretmanager.NotFoundError):
            client.get_secret_detail("absent")


def test_error_classes_map_every_status() -> None:
    expected = {
        "SM_INVALID_ARGUMENT": (errors.InvalidArgumentError, ValueError),
        "SM_CONFIG_ERROR": (errors.ConfigurationError, ValueError),
        "SM_TIMEOUT": (errors.RequestTimeoutError, TimeoutError),
        "SM_TRANSPORT_ERROR": (errors.TransportError, ConnectionError),
        "SM_NOT_FOUND": (errors.NotFoundError, errors.ApiError),
        "SM_INVALID_STATE": (errors.InvalidStatusError, errors.ApiError),
        "SM_THROTTLED": (errors.ThrottledError, errors.ApiError),
        "SM_CONFLICT": (errors.ConflictError, errors.ApiError),
        "SM_QUOTA_EXCEEDED": (errors.QuotaExceededError, errors.ApiError),
        "SM_INVALID_REQUEST": (errors.InvalidRequestError, errors.ApiError),
        "SM_PANIC": (errors.InternalError, errors.SecretManagerError),
    }
    for status, (cls, also) in expected.items():
        err = errors.error_for(status, "m", 418, "C", "req-1", True)
        assert type(err) is cls and isinstance(err, also)
        assert (err.status, err.http_status, err.code, str(err)) == (status, 418, "C", "m")
        assert (err.request_id, err.retryable) == ("req-1", True)
        assert "request_id='req-1'" in repr(err) and "retryable=True" in repr(err)
    plain = errors.error_for("SM_NOT_FOUND", "m")
    assert (plain.request_id, plain.retryable) == (None, False)
    # Every status the library has gets its own class (SM_API_ERROR is the base ApiError).
    classes = [errors.ERRORS_BY_STATUS[name] for name in _native.STATUS_NAMES.values() if name != "SM_OK"]
    assert len(set(classes)) == len(classes)
    assert type(errors.error_for("SM_SOMETHING_NEW", "m")) is errors.UnknownError
