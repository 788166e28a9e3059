"""Grants through the official SDK: share a secret with a user, change, list, revoke."""

from __future__ import annotations

import datetime
from typing import Any

from huaweicloudsdkcsms.v1 import (
    CreateGrantsRequest,
    CreateSecretRequest,
    CreateSecretRequestBody,
    DeleteGrantRequest,
    GrantSecretReqBody,
    ListGrantsRequest,
    ListUsersRequest,
    UpdateGrantRequest,
)


def test_grants_share_a_secret_with_a_user(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    secret = csms.create_secret(CreateSecretRequest(body=CreateSecretRequestBody(name=unique_name(), secret_string="v")))
    resource = secret.secret.id
    alice = csms.list_users(ListUsersRequest(offset=0, limit=10, user_info="alice")).users[0].user_id

    def body(user: str, until: datetime.date) -> GrantSecretReqBody:
        return GrantSecretReqBody(
            resource_id=resource, type="SECRET", grantee_type="0", grantee_target_id=user, validity_time=until
        )

    created = csms.create_grants(CreateGrantsRequest(body=body(alice, datetime.date(2100, 1, 1))))
    assert (created.data.resource_id, created.data.grantee_user, created.data.type) == (resource, alice, "SECRET")
    assert created.data.validity_time == 4_102_444_800_000
    assert created.data.state == 0 and created.data.uuid
    again = sdk_error(csms.create_grants, CreateGrantsRequest(body=body(alice, datetime.date(2100, 1, 1))))
    assert again.error_code == "CSMS.0003"
    assert sdk_error(csms.create_grants, CreateGrantsRequest(body=body("nobody", datetime.date(2100, 1, 1)))).error_code == "CSMS.0005"
    assert sdk_error(csms.create_grants, CreateGrantsRequest(body=body(alice, datetime.date(2000, 1, 1)))).error_code == "CSMS.0002"

    listed = csms.list_grants(ListGrantsRequest(resource_id=resource))
    assert listed.data.id == resource
    assert [(u.user_id, u.user_name) for u in listed.data.grantee_user] == [(alice, "alice")]

    updated = csms.update_grant(UpdateGrantRequest(resource_id=resource, body=body(alice, datetime.date(2101, 1, 1))))
    assert updated.data.validity_time == 4_133_980_800_000
    assert csms.delete_grant(DeleteGrantRequest(resource_id=resource, grantee_user=alice)).status_code == 204
    assert csms.list_grants(ListGrantsRequest(resource_id=resource)).data.grantee_user == []
    missing = sdk_error(csms.delete_grant, DeleteGrantRequest(resource_id=resource, grantee_user=alice))
    assert (missing.status_code, missing.error_code) == (400, "CSMS.0005")
