"""The account-wide operations (under /v1/csms/, no project id) through the official SDK.

``CsmsClient`` accepts ``BasicCredentials`` only (building it with ``GlobalCredentials`` raises
``TypeError``), so these operations go through the ``csms`` client as the SDK's users call them:
signed, with an ``X-Project-Id`` header but no project id in the path."""

from __future__ import annotations

from typing import Any

from huaweicloudsdkcsms.v1 import (
    ChangeUsersPassword,
    CreateAgencyRequest,
    CreateAgencyRequestBody,
    ListUsersRequest,
    ShowAgencyRequest,
    ShowSecretFunctionTemplatesRequest,
    ShowUserDetailRequest,
    UpdateUserPasswordRequest,
)

INITIAL_PASSWORD = "Emulator-Passw0rd"  # the emulator's documented test credential


def test_agencies_and_function_templates(csms: Any, sdk_error: Any) -> None:
    assert csms.show_agency(ShowAgencyRequest(secret_type="GaussDB-FG")).agency_granted == "false"
    created = csms.create_agency(CreateAgencyRequest(body=CreateAgencyRequestBody(secret_type="GaussDB-FG")))
    assert len(created.agencies) == 2 and all(a.agency_id and a.agency_name for a in created.agencies)
    assert csms.show_agency(ShowAgencyRequest(secret_type="GaussDB-FG")).agency_granted == "true"
    again = csms.create_agency(CreateAgencyRequest(body=CreateAgencyRequestBody(secret_type="GaussDB-FG")))
    assert [a.agency_id for a in again.agencies] == [a.agency_id for a in created.agencies]
    assert sdk_error(csms.show_agency, ShowAgencyRequest(secret_type="COMMON")).error_code == "CSMS.0002"

    template = csms.show_secret_function_templates(
        ShowSecretFunctionTemplatesRequest(secret_type="RDS-FG", secret_sub_type="SingleUser", engine="postgresql")
    )
    assert "postgresql" in template.function_templates
    no_engine = ShowSecretFunctionTemplatesRequest(secret_type="RDS-FG", secret_sub_type="SingleUser")
    assert sdk_error(csms.show_secret_function_templates, no_engine).error_code == "CSMS.0002"


def test_users_and_password_change(csms: Any, emulator: Any, sdk_error: Any) -> None:
    users = csms.list_users(ListUsersRequest(offset=0, limit=10))
    assert users.total == 3
    assert users.users[0].disabled == "false"
    me = users.users[0].user_id
    assert csms.list_users(ListUsersRequest(offset=1, limit=10)).users == []
    assert sdk_error(csms.list_users, ListUsersRequest(offset=0, limit=5)).error_code == "CSMS.0002"
    detail = csms.show_user_detail(ShowUserDetailRequest(user_id=me))
    assert (detail.user_id, detail.disabled, detail.grade, detail.extension) == (me, False, 1, {})
    assert detail.domain_id and detail.user_org_relation_list[0].org_id == detail.org_id
    assert sdk_error(csms.show_user_detail, ShowUserDetailRequest(user_id="nobody")).error_code == "CSMS.0005"

    new = "Fresh-Passw0rd-py"
    wrong = sdk_error(csms.update_user_password, UpdateUserPasswordRequest(body=ChangeUsersPassword(password=new, old_password="Wr0ng-pass!")))
    assert wrong.error_code == "CSMS.0002" and new not in wrong.error_msg
    changed = csms.update_user_password(UpdateUserPasswordRequest(body=ChangeUsersPassword(password=new, old_password=INITIAL_PASSWORD)))
    assert changed.user_id == me
    back = csms.update_user_password(UpdateUserPasswordRequest(body=ChangeUsersPassword(password=INITIAL_PASSWORD, old_password=new)))
    assert back.user_id == me
    logged = repr(emulator.requests())
    assert "change-password" in logged and new not in logged and INITIAL_PASSWORD not in logged
