"""The official SDK reaches the emulator: a signed create and read through Huawei's models."""

from __future__ import annotations

from typing import Any

from huaweicloudsdkcsms.v1 import (
    CreateSecretRequest,
    CreateSecretRequestBody,
    ShowSecretRequest,
    ShowSecretStageRequest,
)


def test_official_client_creates_and_reads_a_secret(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    name = unique_name()
    created = csms.create_secret(CreateSecretRequest(body=CreateSecretRequestBody(name=name, secret_string="v1")))
    assert created.status_code == 200
    assert created.secret.name == name
    assert created.secret.secret_type == "COMMON"

    shown = csms.show_secret(ShowSecretRequest(secret_name=name))
    assert (shown.secret.id, shown.secret.state) == (created.secret.id, "ENABLED")

    stage = csms.show_secret_stage(ShowSecretStageRequest(secret_name=name, stage_name="SYSCURRENT"))
    assert stage.stage.name == "SYSCURRENT"
    assert stage.stage.version_id

    missing = sdk_error(csms.show_secret, ShowSecretRequest(secret_name=name + "x"))
    assert missing.error_code == "CSMS.0005"
    assert missing.request_id
