"""The generated ``<method>_pages`` generators of the paged CSMS lists, against the emulator:
each page is one call, the next position comes from the library, and the pages end after the
last. The emulator is shared by the session, so each test lists what only it created."""

from __future__ import annotations

import itertools
import json
import os
from typing import List

import pytest

import secretmanager
from secretmanager import HuaweiClient
from secretmanager.huawei import (
    HuaweiEventNotification,
    HuaweiEventState,
    HuaweiEventType,
    HuaweiResourceAction,
    HuaweiTagFilter,
    HuaweiTagItem,
)

from .conftest import REPO_ROOT, Emulator, huawei_client

FUNCTION_URN = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate-db:latest"
_counter = itertools.count()


def fresh(prefix: str) -> str:
    """A name no other test of the session uses."""
    return f"{prefix}-{os.getpid() % 10000}-{next(_counter)}"


def notification() -> HuaweiEventNotification:
    return HuaweiEventNotification("SMN", "urn:smn:cn-north-4:0123:topic", "topic")


def sizes(pages: List[List[str]]) -> List[int]:
    return [len(page) for page in pages]


def test_every_paged_operation_and_only_those_has_a_pages_generator() -> None:
    document = json.loads((REPO_ROOT / "schemas" / "huawei.json").read_text())
    paged = {name for name, op in document["operations"].items() if op.get("page_field")}
    assert paged == {
        "ListSecrets", "ListSecretVersions", "ListSecretTask", "ListResourceInstances", "ListSecretEvents", "ListUsers",
    }
    for name, operation in document["operations"].items():
        has = callable(getattr(HuaweiClient, operation["method_name"] + "_pages", None))
        assert has == (name in paged), name


def test_five_secrets_two_a_page_are_three_pages(emulator: Emulator) -> None:
    event = fresh("ev")
    with huawei_client(emulator) as client:
        client.create_secret_event(event, (HuaweiEventType.SECRET_ROTATED,), HuaweiEventState.ENABLED, notification())
        names = sorted(fresh("pg") for _ in range(5))
        for name in names:
            client.create_secret(name, secret_string="v1", event_subscriptions=(event,))
        pages = [[s.name for s in page.secrets] for page in client.list_secrets_pages(limit=2, event_name=event)]
    assert sizes(pages) == [2, 2, 1], pages
    assert sorted(itertools.chain.from_iterable(pages)) == names


def test_five_versions_two_a_page_are_three_pages(emulator: Emulator) -> None:
    name = fresh("ver")
    with huawei_client(emulator) as client:
        client.create_secret(name, secret_string="v1")
        for value in ("v2", "v3", "v4", "v5"):
            client.create_secret_version(name, secret_string=value)
        pages = [[v.id for v in page.version_metadatas] for page in client.list_secret_versions_pages(name, limit=2)]
    assert sizes(pages) == [2, 2, 1], pages
    assert len(set(itertools.chain.from_iterable(pages))) == 5


def test_five_rotation_tasks_two_a_page_are_three_pages(emulator: Emulator) -> None:
    name = fresh("rot")
    with huawei_client(emulator) as client:
        client.create_secret(name, secret_string="v1", rotation_func_urn=FUNCTION_URN)
        started = sorted(client.rotate_secret(name).rotation_task_id for _ in range(5))
        pages = list(client.list_secret_task_pages(secret_name=name, limit=2))
    assert [page.total for page in pages] == [5, 5, 5]
    tasks = [[t.task_id for t in page.tasks] for page in pages]
    assert sizes(tasks) == [2, 2, 1], tasks
    assert sorted(itertools.chain.from_iterable(tasks)) == started


def test_events_two_a_page_cover_every_event(emulator: Emulator) -> None:
    mine = sorted(fresh("evp") for _ in range(5))
    with huawei_client(emulator) as client:
        for name in mine:
            client.create_secret_event(name, (HuaweiEventType.SECRET_DELETED,), HuaweiEventState.ENABLED, notification())
        # The session's other tests create events too: compare with one page of them all.
        everything = [e.name for e in client.list_secret_events(limit=1000).events]
        pages = [[e.name for e in page.events] for page in client.list_secret_events_pages(limit=2)]
    assert len(pages) == (len(everything) + 1) // 2
    assert all(len(page) == 2 for page in pages[:-1]) and len(pages[-1]) in (1, 2)
    assert list(itertools.chain.from_iterable(pages)) == everything
    assert set(mine) <= set(everything)


def test_five_tagged_secrets_two_a_page_are_three_pages_by_offset(emulator: Emulator) -> None:
    tag = fresh("tag")
    with huawei_client(emulator) as client:
        names = sorted(fresh("tg") for _ in range(5))
        for name in names:
            secret = client.create_secret(name, secret_string="v1").secret
            client.create_secret_tag(secret.id, HuaweiTagItem(tag, "on"))
        pages = list(
            client.list_resource_instances_pages(HuaweiResourceAction.FILTER, limit="2", tags=(HuaweiTagFilter(tag, ("on",)),))
        )
    assert [page.total_count for page in pages] == [5, 5, 5]
    found = [[r.resource_name for r in page.resources] for page in pages]
    assert sizes(found) == [2, 2, 1], found
    assert sorted(itertools.chain.from_iterable(found)) == names


def test_the_accounts_users_are_one_page_of_ten(emulator: Emulator) -> None:
    with huawei_client(emulator) as client:
        pages = list(client.list_users_pages(0, 10))
    assert len(pages) == 1 and pages[0].total == len(pages[0].users) == 3


def test_pages_are_asked_for_only_as_the_iteration_goes(emulator: Emulator) -> None:
    name = fresh("lazy")
    with huawei_client(emulator) as client:
        client.create_secret(name, secret_string="v1")
        for value in ("v2", "v3"):
            client.create_secret_version(name, secret_string=value)
        before = len(emulator.requests())
        pages = client.list_secret_versions_pages(name, limit=1)
        assert len(emulator.requests()) == before, "nothing is sent before the first page is asked for"
        first = next(pages)
        assert len(first.version_metadatas) == 1 and len(emulator.requests()) == before + 1
        assert len(list(pages)) == 2 and len(emulator.requests()) == before + 3


def test_a_failed_call_ends_the_pages_with_its_exception(emulator: Emulator) -> None:
    with huawei_client(emulator) as client:
        pages = client.list_secret_versions_pages(fresh("missing"), limit=2)
        with pytest.raises(secretmanager.NotFoundError):
            next(pages)
        with pytest.raises(StopIteration):
            next(pages)
