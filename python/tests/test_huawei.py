"""The Huawei CSMS client against the emulator (the C library offers RotateSecret only)."""

from __future__ import annotations

import pytest

import secretmanager
from secretmanager import HuaweiClient

from .conftest import Emulator, huawei_client


def test_signed_rotate_of_an_unknown_secret_reaches_csms(emulator: Emulator) -> None:
    before = len(emulator.requests())
    with huawei_client(emulator) as client:
        with pytest.raises(secretmanager.NotFoundError) as caught:
            client.rotate_secret("no-such-secret")
    # CSMS answers 400 CSMS.0005: the code makes it a NotFoundError.
    assert caught.value.http_status == 400
    assert caught.value.code == "CSMS.0005"
    rotated = [r for r in emulator.requests()[before:] if str(r["path"]).endswith("/rotate")]
    assert [r["method"] for r in rotated] == ["POST"]


def test_token_auth_is_accepted(emulator: Emulator) -> None:
    token = emulator.facts["huawei_auth_token"]
    with huawei_client(emulator, access_key=None, secret_key=None, auth_token=token) as client:
        with pytest.raises(secretmanager.NotFoundError) as caught:
            client.rotate_secret("no-such-secret")
    assert token not in str(caught.value) and token not in repr(caught.value)


def test_wrong_secret_key_is_an_authentication_error(emulator: Emulator) -> None:
    wrong = "wrong-huawei-secret-key"
    with huawei_client(emulator, secret_key=wrong) as client:
        with pytest.raises(secretmanager.AuthenticationError) as caught:
            client.rotate_secret("no-such-secret")
    assert (caught.value.http_status, caught.value.code) == (401, "APIGW.0301")
    assert wrong not in str(caught.value)


def test_configuration_is_checked_before_sending(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUAWEICLOUD_SDK_PROJECT_ID", raising=False)
    with pytest.raises(secretmanager.InvalidArgumentError, match="project_id"):
        huawei_client(emulator, project_id="short")
    with pytest.raises(secretmanager.CredentialsError, match="project id"):
        huawei_client(emulator, project_id=None)
    with pytest.raises(secretmanager.InvalidArgumentError, match="region"):
        HuaweiClient(project_id=emulator.facts["huawei_project_id"], access_key="a", secret_key="b")
    with pytest.raises(secretmanager.InvalidArgumentError, match="secret_name"):
        with huawei_client(emulator) as client:
            client.rotate_secret("bad\x00name")
