"""Versions and stages through the official SDK."""

from __future__ import annotations

from typing import Any

from huaweicloudsdkcsms.v1 import (
    CreateSecretRequest,
    CreateSecretRequestBody,
    CreateSecretVersionRequest,
    CreateSecretVersionRequestBody,
    DeleteSecretStageRequest,
    ListSecretVersionsRequest,
    ShowSecretStageRequest,
    ShowSecretVersionRequest,
    UpdateSecretStageRequest,
    UpdateSecretStageRequestBody,
    UpdateVersionRequest,
    UpdateVersionRequestBody,
)


def _version(csms: Any, name: str, **fields: Any) -> Any:
    body = CreateSecretVersionRequestBody(**fields)
    return csms.create_secret_version(CreateSecretVersionRequest(secret_name=name, body=body)).version_metadata


def _stage(csms: Any, name: str, stage: str) -> str:
    return csms.show_secret_stage(ShowSecretStageRequest(secret_name=name, stage_name=stage)).stage.version_id


def test_versions_stages_and_expiry(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    name = unique_name()
    csms.create_secret(CreateSecretRequest(body=CreateSecretRequestBody(name=name, secret_string="one")))
    # An empty version_stages means SYSCURRENT, never a version without a stage.
    v2 = _version(csms, name, secret_string="two", version_stages=[])
    assert (v2.id, v2.version_stages, v2.secret_name) == ("v2", ["SYSCURRENT"], name)
    assert _stage(csms, name, "SYSPREVIOUS") == "v1"
    v3 = _version(csms, name, secret_string="three", version_stages=["next"])
    assert v3.version_stages == ["next"]
    assert _stage(csms, name, "SYSCURRENT") == "v2"

    listed = csms.list_secret_versions(ListSecretVersionsRequest(secret_name=name, limit=2))
    assert [v.id for v in listed.version_metadatas] == ["v1", "v2"]
    assert listed.page_info.next_marker == "v2"
    shown = csms.show_secret_version(ShowSecretVersionRequest(secret_name=name, version_id="latest"))
    assert (shown.version.version_metadata.id, shown.version.secret_string) == ("v3", "three")

    moved = csms.update_secret_stage(
        UpdateSecretStageRequest(secret_name=name, stage_name="SYSCURRENT", body=UpdateSecretStageRequestBody(version_id="v3"))
    )
    assert (moved.stage.name, moved.stage.version_id, moved.stage.secret_name) == ("SYSCURRENT", "v3", name)
    assert moved.stage.update_time > 0
    assert _stage(csms, name, "SYSPREVIOUS") == "v2"

    deleted = csms.delete_secret_stage(DeleteSecretStageRequest(secret_name=name, stage_name="next"))
    assert deleted.status_code == 204
    gone = sdk_error(csms.show_secret_stage, ShowSecretStageRequest(secret_name=name, stage_name="next"))
    assert gone.error_code == "CSMS.0005"
    system = sdk_error(csms.delete_secret_stage, DeleteSecretStageRequest(secret_name=name, stage_name="SYSCURRENT"))
    assert (system.status_code, system.error_code) == (400, "CSMS.0105")

    expiring = csms.update_version(
        UpdateVersionRequest(secret_name=name, version_id="v1", body=UpdateVersionRequestBody(expire_time=1900000000000))
    )
    assert (expiring.version_metadata.id, expiring.version_metadata.expire_time) == ("v1", 1900000000000)
    missing = sdk_error(
        csms.update_version,
        UpdateVersionRequest(secret_name=name, version_id="v9", body=UpdateVersionRequestBody(expire_time=1)),
    )
    assert missing.error_code == "CSMS.0005"
