"""Events and notification records through the official SDK."""

from __future__ import annotations

from typing import Any

from huaweicloudsdkcsms.v1 import (
    CreateSecretEventRequest,
    CreateSecretEventRequestBody,
    CreateSecretRequest,
    CreateSecretRequestBody,
    CreateSecretVersionRequest,
    CreateSecretVersionRequestBody,
    DeleteSecretEventRequest,
    ListNotificationRecordsRequest,
    ListSecretEventsRequest,
    Notification,
    ShowSecretEventRequest,
    UpdateSecretEventRequest,
    UpdateSecretEventRequestBody,
    UpdateSecretRequest,
    UpdateSecretRequestBody,
)

TOPIC = Notification(target_type="SMN", target_id="urn:smn:region:project:topic", target_name="topic")


def _event(csms: Any, name: str, types: Any = ("SECRET_VERSION_CREATED", "SECRET_ROTATED")) -> Any:
    body = CreateSecretEventRequestBody(name=name, event_types=list(types), state="ENABLED", notification=TOPIC)
    return csms.create_secret_event(CreateSecretEventRequest(body=body))


def _records(csms: Any, secret: str) -> Any:
    return [r for r in csms.list_notification_records(ListNotificationRecordsRequest()).records if r.secret_name == secret]


def test_events_leave_records_for_subscribed_secrets(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    event, secret = unique_name(), unique_name()
    created = _event(csms, event)
    assert (created.event.name, created.event.state, created.event.notification.target_type) == (event, "ENABLED", "SMN")
    assert len(created.event.event_id) == 36
    shown = csms.show_secret_event(ShowSecretEventRequest(event_name=event))
    assert shown.event.event_types == ["SECRET_VERSION_CREATED", "SECRET_ROTATED"]

    body = CreateSecretRequestBody(name=secret, secret_string="first", event_subscriptions=[event])
    csms.create_secret(CreateSecretRequest(body=body))
    version = CreateSecretVersionRequestBody(secret_string="second-value")
    csms.create_secret_version(CreateSecretVersionRequest(secret_name=secret, body=version))
    records = _records(csms, secret)
    assert [(r.event_name, r.trigger_event_type, r.notification_status) for r in records] == [
        (event, "SECRET_VERSION_CREATED", "SUCCESS")
    ]
    assert records[0].secret_type == "COMMON"
    assert records[0].notification_target_name == "topic"
    assert "second-value" not in records[0].notification_content

    update = UpdateSecretEventRequestBody(state="DISABLED", event_types=["SECRET_DELETED"])
    updated = csms.update_secret_event(UpdateSecretEventRequest(event_name=event, body=update))
    assert (updated.event.state, updated.event.event_types) == ("DISABLED", ["SECRET_DELETED"])
    csms.create_secret_version(CreateSecretVersionRequest(secret_name=secret, body=version))
    assert len(_records(csms, secret)) == 1

    refused = sdk_error(csms.delete_secret_event, DeleteSecretEventRequest(event_name=event))
    assert (refused.status_code, refused.error_code) == (400, "CSMS.0003")
    csms.update_secret(UpdateSecretRequest(secret_name=secret, body=UpdateSecretRequestBody(event_subscriptions=[])))
    assert csms.delete_secret_event(DeleteSecretEventRequest(event_name=event)).status_code == 204
    gone = sdk_error(csms.show_secret_event, ShowSecretEventRequest(event_name=event))
    assert gone.error_code == "CSMS.0005"


def test_events_are_checked_and_paged(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    names = [unique_name() for _ in range(3)]
    for name in names:
        _event(csms, name)
    duplicate = sdk_error(_event, csms, names[0])
    assert duplicate.error_code == "CSMS.0003"
    unknown_type = sdk_error(_event, csms, unique_name(), ["SECRET_MELTED"])
    assert unknown_type.error_code == "CSMS.0002"

    page = csms.list_secret_events(ListSecretEventsRequest(limit="1", marker=names[0]))
    assert [e.name for e in page.events] == [names[1]]
    assert (page.page_info.next_marker, page.page_info.previous_marker, page.page_info.current_count) == (names[1], names[0], 1)
    assert sdk_error(csms.list_secret_events, ListSecretEventsRequest(limit="0")).error_code == "CSMS.0002"
    bad = CreateSecretRequestBody(name=unique_name(), secret_string="v", event_subscriptions=[unique_name()])
    assert sdk_error(csms.create_secret, CreateSecretRequest(body=bad)).error_code == "CSMS.0005"
