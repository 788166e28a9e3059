"""The life of a secret through the official SDK: create, update, list, scheduled deletion,
restore, deletion, backups and batch import, each answer read through Huawei's models."""

from __future__ import annotations

from typing import Any

from huaweicloudsdkcsms.v1 import (
    BatchImportSecretsRequest,
    CreateSecretEventRequest,
    CreateSecretEventRequestBody,
    CreateSecretRequest,
    CreateSecretRequestBody,
    CreateSecretVersionRequest,
    CreateSecretVersionRequestBody,
    DeleteSecretForScheduleRequest,
    DeleteSecretForScheduleRequestBody,
    DeleteSecretRequest,
    DownloadSecretBlobRequest,
    ImportSecretsRequest,
    ListSecretsRequest,
    Notification,
    RestoreSecretRequest,
    ShowSecretRequest,
    ShowSecretStageRequest,
    ShowSecretVersionRequest,
    UpdateSecretRequest,
    UpdateSecretRequestBody,
    UploadSecretBlobRequest,
    UploadSecretBlobRequestBody,
)


def _create(csms: Any, name: str, **fields: Any) -> Any:
    fields.setdefault("secret_string", "first")
    return csms.create_secret(CreateSecretRequest(body=CreateSecretRequestBody(name=name, **fields)))


def test_create_update_and_list_with_event_subscriptions(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    event = unique_name()
    subscribed, other = unique_name(), unique_name()
    # CSMS refuses a subscription to an event that does not exist.
    unknown = sdk_error(lambda: _create(csms, unique_name(), event_subscriptions=[event]))
    assert (unknown.status_code, unknown.error_code) == (400, "CSMS.0005")
    notification = Notification(target_type="SMN", target_id="urn:smn:region:project:topic", target_name="topic")
    body = CreateSecretEventRequestBody(name=event, event_types=["SECRET_ROTATED"], state="ENABLED", notification=notification)
    csms.create_secret_event(CreateSecretEventRequest(body=body))
    created = _create(
        csms, subscribed, description="d", event_subscriptions=[event], auto_rotation=True, rotation_period="360m"
    )
    assert created.secret.event_subscriptions == [event]
    assert created.secret.rotation_period == "360m"
    assert created.secret.next_rotation_time - created.secret.create_time == 6 * 3600 * 1000
    _create(csms, other)

    listed = csms.list_secrets(ListSecretsRequest(event_name=event))
    assert [s.name for s in listed.secrets] == [subscribed]
    assert listed.page_info.current_count == 1
    assert listed.page_info.next_marker is None

    updated = csms.update_secret(
        UpdateSecretRequest(secret_name=other, body=UpdateSecretRequestBody(event_subscriptions=[event], description="u"))
    )
    assert (updated.secret.description, updated.secret.event_subscriptions) == ("u", [event])
    page = csms.list_secrets(ListSecretsRequest(event_name=event, limit="1"))
    assert [s.name for s in page.secrets] == [subscribed]
    assert page.page_info.next_marker == subscribed
    rest = csms.list_secrets(ListSecretsRequest(event_name=event, limit="1", marker=subscribed))
    assert [s.name for s in rest.secrets] == [other]
    assert len(csms.list_secrets(ListSecretsRequest(limit="1000")).secrets) >= 2

    too_many = sdk_error(csms.list_secrets, ListSecretsRequest(limit="1001"))
    assert (too_many.status_code, too_many.error_code) == (400, "CSMS.0002")
    bad_period = sdk_error(lambda: _create(csms, unique_name(), auto_rotation=True, rotation_period="5h"))
    assert bad_period.error_code == "CSMS.0002"
    exists = sdk_error(_create, csms, other)
    assert exists.error_code == "CSMS.0003"


def test_scheduled_deletion_restore_and_pending_delete_errors(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    name = unique_name()
    _create(csms, name)
    scheduled = csms.delete_secret_for_schedule(
        DeleteSecretForScheduleRequest(
            secret_name=name, body=DeleteSecretForScheduleRequestBody(recovery_window_in_days=7)
        )
    )
    assert scheduled.secret.state == "PENDING_DELETE"
    assert scheduled.secret.scheduled_delete_time - scheduled.secret.update_time >= 7 * 86400 * 1000 - 5000
    assert csms.show_secret(ShowSecretRequest(secret_name=name)).secret.state == "PENDING_DELETE"

    in_use = sdk_error(csms.show_secret_version, ShowSecretVersionRequest(secret_name=name, version_id="v1"))
    assert (in_use.status_code, in_use.error_code) == (400, "CSMS.0103")
    new_version = sdk_error(
        csms.create_secret_version,
        CreateSecretVersionRequest(secret_name=name, body=CreateSecretVersionRequestBody(secret_string="x")),
    )
    assert new_version.error_code == "CSMS.0103"
    twice = sdk_error(
        csms.delete_secret_for_schedule,
        DeleteSecretForScheduleRequest(secret_name=name, body=DeleteSecretForScheduleRequestBody()),
    )
    assert twice.error_code == "CSMS.0107"
    too_short = sdk_error(
        csms.delete_secret_for_schedule,
        DeleteSecretForScheduleRequest(secret_name=name, body=DeleteSecretForScheduleRequestBody(recovery_window_in_days=6)),
    )
    assert too_short.error_code == "CSMS.0002"

    restored = csms.restore_secret(RestoreSecretRequest(secret_name=name))
    assert restored.secret.state == "ENABLED"
    assert restored.secret.scheduled_delete_time is None
    shown = csms.show_secret_version(ShowSecretVersionRequest(secret_name=name, version_id="v1"))
    assert shown.version.secret_string == "first"
    not_pending = sdk_error(csms.restore_secret, RestoreSecretRequest(secret_name=name))
    assert not_pending.error_code == "CSMS.0108"


def test_delete_secret(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    name = unique_name()
    _create(csms, name)
    deleted = csms.delete_secret(DeleteSecretRequest(secret_name=name))
    assert deleted.status_code == 204
    gone = sdk_error(csms.show_secret, ShowSecretRequest(secret_name=name))
    assert gone.error_code == "CSMS.0005"
    again = sdk_error(csms.delete_secret, DeleteSecretRequest(secret_name=name))
    assert again.error_code == "CSMS.0005"


def test_a_downloaded_blob_restores_the_secret_with_its_versions(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    name = unique_name()
    created = _create(csms, name, description="kept")
    csms.create_secret_version(
        CreateSecretVersionRequest(secret_name=name, body=CreateSecretVersionRequestBody(secret_binary="AAEC"))
    )
    blob = csms.download_secret_blob(DownloadSecretBlobRequest(secret_name=name)).secret_blob
    assert blob and "first" not in blob

    upload = UploadSecretBlobRequest(body=UploadSecretBlobRequestBody(secret_blob=blob))
    still_there = sdk_error(csms.upload_secret_blob, upload)
    assert still_there.error_code == "CSMS.0003"
    csms.delete_secret(DeleteSecretRequest(secret_name=name))
    restored = csms.upload_secret_blob(upload)
    assert (restored.secret.id, restored.secret.name, restored.secret.description) == (created.secret.id, name, "kept")
    assert csms.show_secret_version(ShowSecretVersionRequest(secret_name=name, version_id="v1")).version.secret_string == "first"
    assert csms.show_secret_version(ShowSecretVersionRequest(secret_name=name, version_id="v2")).version.secret_binary == "AAEC"
    stage = csms.show_secret_stage(ShowSecretStageRequest(secret_name=name, stage_name="SYSCURRENT"))
    assert stage.stage.version_id == "v2"

    broken = sdk_error(csms.upload_secret_blob, UploadSecretBlobRequest(body=UploadSecretBlobRequestBody(secret_blob="AAAA")))
    assert broken.error_code == "CSMS.0002"


def test_batch_import_counts_successes_and_failures(csms: Any, unique_name: Any) -> None:
    taken, new = unique_name(), unique_name()
    _create(csms, taken)
    answer = csms.batch_import_secrets(
        BatchImportSecretsRequest(
            body=ImportSecretsRequest(
                secrets=[
                    CreateSecretRequestBody(name=new, secret_string="a"),
                    CreateSecretRequestBody(name=taken, secret_string="b"),
                ]
            )
        )
    )
    assert (answer.total, answer.success, answer.failed) == (2, 1, 1)
    assert [e.name for e in answer.error_list] == [taken]
    assert "exists" in answer.error_list[0].error_msg
    assert csms.show_secret(ShowSecretRequest(secret_name=new)).secret.name == new
