"""Every one of the 45 CSMS operations through the generated HuaweiClient methods (which send
them through the C library's sm_huawei_call) against the emulator, asserting the fields of the
dataclasses they answer; secret values come back as SecretStr.

The emulator is shared by the session: names are unique to each run, and what is account-wide
(the check configuration, the user's password) is put back as it was."""

from __future__ import annotations

import itertools
import os
from typing import Iterator

import pytest

import secretmanager
from secretmanager import HuaweiClient, SecretStr
from secretmanager.huawei import (
    HuaweiEventNotification,
    HuaweiEventState,
    HuaweiEventType,
    HuaweiNotificationStatus,
    HuaweiSecretState,
    HuaweiSecretType,
    HuaweiTagAction,
    HuaweiTagFilter,
    HuaweiTagItem,
    HuaweiTagMatch,
    HuaweiTaskStatus,
)

from .conftest import Emulator, huawei_client

FUNCTION_URN = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate-db:latest"
VALUE = '{"user":"app","password":"First-Pa55word"}'
_names = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{os.getpid() % 100000}-{next(_names)}"


@pytest.fixture
def hw(emulator: Emulator) -> Iterator[HuaweiClient]:
    with huawei_client(emulator) as client:
        yield client


def test_the_groups_below_cover_the_whole_catalog() -> None:
    called = {
        name
        for group in (SECRETS, VERSIONS, BACKUP, TOOLS, TAGS, EVENTS, GRANTS, ACCOUNT)
        for name in group
    }
    # The page generators of the paged lists (tested in test_huawei_pages.py) are not operations.
    methods = {
        name
        for name in dir(secretmanager.huawei.HuaweiOperations)
        if not name.startswith("_") and not name.endswith("_pages")
    }
    assert called == methods
    assert len(called) == 45


SECRETS = (
    "create_secret",
    "show_secret",
    "list_secrets",
    "update_secret",
    "rotate_secret",
    "list_secret_task",
    "delete_secret",
    "delete_secret_for_schedule",
    "restore_secret",
)


def test_secrets_lifecycle(hw: HuaweiClient) -> None:
    name = unique("life")
    created = hw.create_secret(name, secret_string=VALUE, description="first", rotation_func_urn=FUNCTION_URN).secret
    assert created.name == name
    assert len(created.id) == 36
    assert created.state == HuaweiSecretState.ENABLED
    assert created.secret_type == HuaweiSecretType.COMMON
    assert created.rotation_func_urn == FUNCTION_URN
    assert created.create_time is not None and created.create_time > 1_600_000_000_000

    assert hw.show_secret(name).secret.id == created.id
    page = hw.list_secrets(limit=1)
    assert len(page.secrets) == 1
    assert page.page_info is not None and page.page_info.current_count == 1

    updated = hw.update_secret(name, description="second").secret
    assert updated.description == "second"

    rotated = hw.rotate_secret(name)
    assert (rotated.secret_name, rotated.version_id) == (name, "v2")
    assert rotated.rotation_task_id is not None
    tasks = hw.list_secret_task(secret_name=name)
    assert tasks.total == 1
    (task,) = tasks.tasks
    assert task.task_id == rotated.rotation_task_id
    assert task.task_status == HuaweiTaskStatus.SUCCESS
    assert task.operate_type == "ROTATE"

    scheduled = hw.delete_secret_for_schedule(name, 7).secret
    assert scheduled.state == HuaweiSecretState.PENDING_DELETE
    assert scheduled.scheduled_delete_time is not None
    assert 6 * 86_400_000 <= scheduled.scheduled_delete_time - created.create_time <= 8 * 86_400_000
    restored = hw.restore_secret(name).secret
    assert restored.state == HuaweiSecretState.ENABLED
    assert restored.scheduled_delete_time is None

    assert hw.delete_secret(name) is None
    with pytest.raises(secretmanager.NotFoundError) as caught:
        hw.show_secret(name)
    assert caught.value.code == "CSMS.0005"


VERSIONS = (
    "create_secret_version",
    "list_secret_versions",
    "show_secret_version",
    "show_secret_stage",
    "update_secret_stage",
    "delete_secret_stage",
    "update_version",
)


def test_versions_and_stages(hw: HuaweiClient) -> None:
    name = unique("ver")
    hw.create_secret(name, secret_string=VALUE)
    added = hw.create_secret_version(name, secret_string="second-value").version_metadata
    assert (added.id, added.secret_name, added.version_stages) == ("v2", name, ("SYSCURRENT",))

    versions = hw.list_secret_versions(name).version_metadatas
    assert [v.id for v in versions] == ["v1", "v2"]
    assert versions[0].version_stages == ("SYSPREVIOUS",)

    v1 = hw.show_secret_version(name, "v1").version
    assert v1.version_metadata.id == "v1"
    assert isinstance(v1.secret_string, SecretStr)
    assert v1.secret_string.reveal() == VALUE
    assert VALUE not in repr(v1) and "First-Pa55word" not in str(v1)
    assert hw.show_secret_version(name, "latest").version.secret_string.reveal() == "second-value"

    stage = hw.show_secret_stage(name, "SYSCURRENT").stage
    assert (stage.name, stage.version_id, stage.secret_name) == ("SYSCURRENT", "v2", name)
    moved = hw.update_secret_stage(name, "BLUE", "v1").stage
    assert (moved.name, moved.version_id) == ("BLUE", "v1")
    assert hw.show_secret_stage(name, "BLUE").stage.version_id == "v1"
    assert hw.delete_secret_stage(name, "BLUE") is None
    with pytest.raises(secretmanager.NotFoundError):
        hw.show_secret_stage(name, "BLUE")

    expiring = hw.update_version(name, "v1", 4_133_980_800).version_metadata
    assert (expiring.id, expiring.expire_time) == ("v1", 4_133_980_800)


BACKUP = ("download_secret_blob", "upload_secret_blob")


def test_backup_and_restore(hw: HuaweiClient) -> None:
    name = unique("kept")
    original = hw.create_secret(name, secret_string=VALUE).secret
    blob = hw.download_secret_blob(name).secret_blob
    assert isinstance(blob, SecretStr)
    text = blob.reveal()
    assert len(text) > 40 and "First-Pa55word" not in text
    assert text not in repr(blob)
    with pytest.raises(secretmanager.SecretManagerError) as refused:
        hw.upload_secret_blob(blob)
    assert refused.value.http_status == 400, "the secret still exists"
    hw.delete_secret(name)
    restored = hw.upload_secret_blob(blob).secret
    assert (restored.name, restored.id) == (name, original.id)
    assert hw.show_secret_version(name, "v1").version.secret_string.reveal() == VALUE


TOOLS = (
    "generate_random_password",
    "batch_import_secrets",
    "check_secrets",
    "show_secrets_config",
    "update_secrets_config",
)


def test_password_import_check_and_config(hw: HuaweiClient) -> None:
    password = hw.generate_random_password(length=20, exclude_punctuation=True).password
    assert isinstance(password, SecretStr)
    assert len(password.reveal()) == 20 and password.reveal().isalnum()
    assert password.reveal() not in repr(password)

    a, b = unique("imported"), unique("imported")
    imported = hw.batch_import_secrets(
        ({"name": a, "secret_string": "a-value"}, {"name": b, "secret_string": "b-value", "description": "second"})
    )
    assert (imported.total, imported.success, imported.failed) == (2, 2, 0)
    assert imported.error_list == ()
    assert hw.show_secret(b).secret.description == "second"
    again = hw.batch_import_secrets(({"name": a, "secret_string": "a-value"},))
    assert (again.success, again.failed) == (0, 1)
    assert [e.name for e in again.error_list] == [a]

    checked = hw.check_secrets("1", {"weak": "abc", "strong": "Abcdefghij1!"})
    assert checked.type == "1"
    assert checked.data == {"weak": "WEAK", "strong": "STRONG"}

    before = hw.show_secrets_config().checking_secret_strength
    assert isinstance(before, bool)
    try:
        assert hw.update_secrets_config(checking_secret_strength=not before).checking_secret_strength is (not before)
        assert hw.show_secrets_config().checking_secret_strength is (not before)
    finally:
        hw.update_secrets_config(checking_secret_strength=before)


TAGS = (
    "batch_create_or_delete_tags",
    "create_secret_tag",
    "delete_secret_tag",
    "list_secret_tags",
    "list_project_secrets_tags",
    "list_resource_instances",
)


def test_tags(hw: HuaweiClient) -> None:
    key = unique("k")
    db_name = unique("tagged-db")
    db = hw.create_secret(db_name, secret_string="v").secret.id
    api = hw.create_secret(unique("tagged-api"), secret_string="v").secret.id

    assert hw.create_secret_tag(db, HuaweiTagItem(key, "prod")) is None
    assert hw.batch_create_or_delete_tags(api, (HuaweiTagItem(key, "dev"), HuaweiTagItem("team", "core")), "create") is None
    tags = hw.list_secret_tags(api)
    assert tags.tags == (HuaweiTagItem(key, "dev"), HuaweiTagItem("team", "core"))
    assert tags.sys_tags == ()

    project = {t.key: t.values for t in hw.list_project_secrets_tags().tags}
    assert project[key] == ("prod", "dev")

    found = hw.list_resource_instances("filter", tags=(HuaweiTagFilter(key, ("prod",)),))
    assert found.total_count == 1
    (resource,) = found.resources
    assert (resource.resource_id, resource.resource_name) == (db, db_name)
    assert resource.resource_detail is not None and resource.resource_detail.name == db_name
    assert resource.tags == (HuaweiTagItem(key, "prod"),)
    counted = hw.list_resource_instances("count", matches=(HuaweiTagMatch("resource_name", db_name),))
    assert (counted.total_count, counted.resources) == (1, ())

    assert hw.delete_secret_tag(db, key) is None
    assert hw.list_secret_tags(db).tags == ()
    hw.batch_create_or_delete_tags(api, (HuaweiTagItem("team"),), HuaweiTagAction.DELETE)
    assert hw.list_secret_tags(api).tags == (HuaweiTagItem(key, "dev"),)


EVENTS = (
    "create_secret_event",
    "delete_secret_event",
    "list_secret_events",
    "show_secret_event",
    "update_secret_event",
    "list_notification_records",
)

TOPIC = HuaweiEventNotification("SMN", "urn:smn:cn-north-4:0123456789abcdef:topic", "topic")


def test_events_and_notification_records(hw: HuaweiClient) -> None:
    event, spare = unique("on-version"), unique("spare")
    created = hw.create_secret_event(event, ("SECRET_VERSION_CREATED",), "ENABLED", TOPIC).event
    assert created.name == event
    assert created.event_id is not None and len(created.event_id) == 36
    assert created.event_types == (HuaweiEventType.SECRET_VERSION_CREATED,)
    assert created.state == HuaweiEventState.ENABLED
    assert created.notification == TOPIC
    hw.create_secret_event(spare, (HuaweiEventType.SECRET_DELETED,), HuaweiEventState.DISABLED, TOPIC)

    names = {e.name for e in hw.list_secret_events(limit=100).events}
    assert {event, spare} <= names
    assert hw.show_secret_event(event).event.event_id == created.event_id

    updated = hw.update_secret_event(event, event_types=("SECRET_VERSION_CREATED", "SECRET_ROTATED")).event
    assert updated.event_types == (HuaweiEventType.SECRET_VERSION_CREATED, HuaweiEventType.SECRET_ROTATED)

    watched = unique("watched")
    hw.create_secret(watched, secret_string="v1", event_subscriptions=(event,))
    hw.create_secret_version(watched, secret_string="v2-hidden")
    records = [r for r in hw.list_notification_records().records if r.event_name == event]
    assert len(records) == 1
    (record,) = records
    assert record.trigger_event_type == HuaweiEventType.SECRET_VERSION_CREATED
    assert record.secret_name == watched
    assert record.notification_status == HuaweiNotificationStatus.SUCCESS
    assert "v2-hidden" not in (record.notification_content or "")

    assert hw.delete_secret_event(spare) is None
    with pytest.raises(secretmanager.NotFoundError):
        hw.show_secret_event(spare)


GRANTS = ("create_grants", "delete_grant", "list_grants", "update_grant")


def test_grants(hw: HuaweiClient) -> None:
    secret_id = hw.create_secret(unique("shared"), secret_string="v").secret.id
    alice = hw.list_users(0, 10, user_info="alice").users[0].user_id
    assert alice is not None

    granted = hw.create_grants(secret_id, "SECRET", "0", alice, validity_time="2100-01-01").data
    assert (granted.resource_id, granted.grantee_user, granted.type) == (secret_id, alice, "SECRET")
    assert granted.validity_time == 4_102_444_800_000

    data = hw.list_grants(secret_id).data
    assert data is not None and data.id == secret_id
    assert [(g.user_id, g.user_name) for g in data.grantee_user] == [(alice, "alice")]

    updated = hw.update_grant(secret_id, "SECRET", "0", alice, validity_time="2101-01-01").data
    assert updated.validity_time == 4_133_980_800_000

    assert hw.delete_grant(secret_id, grantee_user=alice) is None
    after = hw.list_grants(secret_id).data
    assert after is None or after.grantee_user == ()


ACCOUNT = (
    "create_agency",
    "show_agency",
    "show_secret_function_templates",
    "list_users",
    "show_user_detail",
    "update_user_password",
)


def test_account_operations(emulator: Emulator, hw: HuaweiClient) -> None:
    assert hw.show_agency("RDS-FG").agency_granted in ("true", "false")
    agencies = hw.create_agency(HuaweiSecretType.RDS_FG).agencies
    assert len(agencies) == 2 and all(a.agency_name and a.agency_id for a in agencies)
    assert hw.show_agency("RDS-FG").agency_granted == "true"

    template = hw.show_secret_function_templates("RDS-FG", "MultiUser", engine="mysql").function_templates
    assert template is not None and "mysql" in template

    users = hw.list_users(0, 10)
    assert users.total == 3 and len(users.users) == 3
    me = users.users[0]
    assert me.user_id is not None and me.user_name
    assert me.disabled == "false"
    detail = hw.show_user_detail(me.user_id)
    assert (detail.user_id, detail.user_name, detail.disabled, detail.grade) == (me.user_id, me.user_name, False, 1)

    fresh, initial = "Fresh-Passw0rd-42", "Emulator-Passw0rd"
    changed = hw.update_user_password(fresh, initial)
    try:
        assert changed.user_id == me.user_id
        assert hw.show_user_detail(me.user_id).pwd_must_modify is False
        assert all(fresh not in str(r) for r in emulator.requests())
    finally:
        hw.update_user_password(initial, fresh)
