"""Tags through the official SDK: set, list, filter secrets by tags and name, remove."""

from __future__ import annotations

from typing import Any

from huaweicloudsdkcsms.v1 import (
    BatchCreateOrDeleteTagsRequest,
    BatchCreateOrDeleteTagsRequestBody,
    CreateSecretRequest,
    CreateSecretRequestBody,
    CreateSecretTagRequest,
    CreateSecretTagRequestBody,
    DeleteSecretTagRequest,
    ListProjectSecretsTagsRequest,
    ListResourceInstancesRequest,
    ListResourceInstancesRequestBody,
    ListSecretTagsRequest,
    Tag,
    TagItem,
    TagMatches,
)


def _secret(csms: Any, name: str) -> str:
    body = CreateSecretRequestBody(name=name, secret_string="tagged-value")
    return csms.create_secret(CreateSecretRequest(body=body)).secret.id


def _instances(csms: Any, **fields: Any) -> Any:
    body = ListResourceInstancesRequestBody(**fields)
    return csms.list_resource_instances(ListResourceInstancesRequest(resource_instances="resource_instances", body=body))


def test_tags_are_set_listed_and_removed(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    name = unique_name()
    secret_id = _secret(csms, name)
    created = csms.create_secret_tag(
        CreateSecretTagRequest(secret_id=secret_id, body=CreateSecretTagRequestBody(tag=TagItem(key="owner", value="ops")))
    )
    assert created.status_code == 204
    batch = BatchCreateOrDeleteTagsRequestBody(
        action="create", tags=[TagItem(key="env", value=name), TagItem(key="tier", value="db")]
    )
    assert csms.batch_create_or_delete_tags(BatchCreateOrDeleteTagsRequest(secret_id=secret_id, body=batch)).status_code == 204

    listed = csms.list_secret_tags(ListSecretTagsRequest(secret_id=secret_id))
    assert [(t.key, t.value) for t in listed.tags] == [("owner", "ops"), ("env", name), ("tier", "db")]
    assert listed.sys_tags == []

    project = csms.list_project_secrets_tags(ListProjectSecretsTagsRequest())
    env = next(t for t in project.tags if t.key == "env")
    assert name in env.values

    removed = csms.delete_secret_tag(DeleteSecretTagRequest(secret_id=secret_id, key="owner"))
    assert removed.status_code == 204
    batch = BatchCreateOrDeleteTagsRequestBody(action="delete", tags=[TagItem(key="tier")])
    csms.batch_create_or_delete_tags(BatchCreateOrDeleteTagsRequest(secret_id=secret_id, body=batch))
    assert [t.key for t in csms.list_secret_tags(ListSecretTagsRequest(secret_id=secret_id)).tags] == ["env"]

    again = sdk_error(csms.delete_secret_tag, DeleteSecretTagRequest(secret_id=secret_id, key="owner"))
    assert (again.status_code, again.error_code) == (400, "CSMS.0005")
    bad = sdk_error(
        csms.create_secret_tag,
        CreateSecretTagRequest(secret_id=secret_id, body=CreateSecretTagRequestBody(tag=TagItem(key="_sys_x", value="v"))),
    )
    assert bad.error_code == "CSMS.0002"
    too_many = BatchCreateOrDeleteTagsRequestBody(action="create", tags=[TagItem(key=f"k{i}", value="v") for i in range(20)])
    refused = sdk_error(csms.batch_create_or_delete_tags, BatchCreateOrDeleteTagsRequest(secret_id=secret_id, body=too_many))
    assert refused.error_code == "CSMS.0003"
    unknown = sdk_error(csms.list_secret_tags, ListSecretTagsRequest(secret_id="00000000-0000-4000-8000-000000000000"))
    assert unknown.error_code == "CSMS.0005"


def test_resource_instances_filter_by_tags_and_name(csms: Any, unique_name: Any, sdk_error: Any) -> None:
    first, second = unique_name(), unique_name()
    marker = f"mark-{first}"
    ids = {}
    for name in (first, second):
        ids[name] = _secret(csms, name)
        batch = BatchCreateOrDeleteTagsRequestBody(action="create", tags=[TagItem(key="batch", value=marker)])
        csms.batch_create_or_delete_tags(BatchCreateOrDeleteTagsRequest(secret_id=ids[name], body=batch))

    found = _instances(csms, action="filter", tags=[Tag(key="batch", values=[marker])])
    assert found.total_count == 2
    assert [r.resource_name for r in found.resources] == [first, second]
    assert found.resources[0].resource_id == ids[first]
    assert found.resources[0].resource_detail.name == first
    assert [(t.key, t.value) for t in found.resources[0].tags] == [("batch", marker)]

    page = _instances(csms, action="filter", tags=[Tag(key="batch", values=[marker])], limit="1", offset="1")
    assert (page.total_count, [r.resource_name for r in page.resources]) == (2, [second])
    counted = _instances(
        csms, action="count", tags=[Tag(key="batch", values=[])], matches=[TagMatches(key="resource_name", value=second.upper())]
    )
    assert (counted.total_count, counted.resources) == (1, None)

    bad = sdk_error(csms.list_resource_instances, ListResourceInstancesRequest(
        resource_instances="resource_instances", body=ListResourceInstancesRequestBody(action="filter", limit="0")))
    assert bad.error_code == "CSMS.0002"
    wrong_key = sdk_error(csms.list_resource_instances, ListResourceInstancesRequest(
        resource_instances="resource_instances",
        body=ListResourceInstancesRequestBody(action="filter", matches=[TagMatches(key="description", value="x")])))
    assert wrong_key.error_code == "CSMS.0002"
