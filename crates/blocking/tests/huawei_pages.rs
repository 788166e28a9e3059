//! `huawei::Client::pages` against the emulator: every page of each paged CSMS list, in order,
//! one call per page, ending after the last.

mod common;

use secretmanager_blocking::huawei::{self, EventNotification, EventState, EventType, TagFilter, TagItem};
use secretmanager_emulator::Emulator;

use common::huawei_client;

const FUNCTION_URN: &str =
    "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate-db:latest";
const NAMES: [&str; 5] = ["page-a", "page-b", "page-c", "page-d", "page-e"];

/// Five secrets, each rotatable and tagged `env=prod`.
fn five_secrets(client: &huawei::Client) {
    for name in NAMES {
        let op = huawei::CreateSecret::new(name).secret_string("v1").rotation_func_urn(FUNCTION_URN);
        let secret = client.create_secret(&op).expect("create secret").secret;
        client
            .create_secret_tag(&huawei::CreateSecretTag::new(secret.id, TagItem::new("env", "prod")))
            .expect("tag the secret");
    }
}

/// The pages, each page's items named by `name`; panics on an error.
fn named<T, I>(
    pages: impl Iterator<Item = Result<T, secretmanager_blocking::Error>>,
    items: I,
) -> Vec<Vec<String>>
where
    I: Fn(T) -> Vec<String>,
{
    pages.map(|page| items(page.expect("every page is answered"))).collect()
}

fn sorted(pages: &[Vec<String>]) -> Vec<String> {
    let mut all: Vec<String> = pages.concat();
    all.sort();
    all
}

#[test]
fn five_secrets_two_a_page_are_three_pages() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    five_secrets(&client);
    let pages = named(client.pages(huawei::ListSecrets::new().limit(2)), |page: huawei::SecretList| {
        page.secrets.into_iter().map(|s| s.name).collect()
    });
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1], "{pages:?}");
    assert_eq!(sorted(&pages), NAMES);

    // A page size the list fills exactly ends without an empty page.
    let pages = named(client.pages(huawei::ListSecrets::new().limit(5)), |page: huawei::SecretList| {
        page.secrets.into_iter().map(|s| s.name).collect()
    });
    assert_eq!(pages.len(), 1, "{pages:?}");
    // Starting at a marker lists the rest.
    let rest = named(
        client.pages(huawei::ListSecrets::new().limit(2).marker("page-b")),
        |page: huawei::SecretList| page.secrets.into_iter().map(|s| s.name).collect(),
    );
    assert_eq!(rest.concat(), ["page-c", "page-d", "page-e"]);
}

#[test]
fn five_versions_two_a_page_are_three_pages() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    client.create_secret(&huawei::CreateSecret::new("versioned").secret_string("v1")).unwrap();
    for value in ["v2", "v3", "v4", "v5"] {
        client
            .create_secret_version(&huawei::CreateSecretVersion::new("versioned").secret_string(value))
            .unwrap();
    }
    let pages = named(
        client.pages(huawei::ListSecretVersions::new("versioned").limit(2)),
        |page: huawei::VersionList| page.version_metadatas.into_iter().map(|v| v.id).collect(),
    );
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1], "{pages:?}");
    let mut ids = sorted(&pages);
    ids.dedup();
    assert_eq!(ids.len(), 5, "every version once: {ids:?}");
}

#[test]
fn five_rotation_tasks_two_a_page_are_three_pages() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    five_secrets(&client);
    let mut started = Vec::new();
    for name in NAMES {
        started
            .push(client.rotate_secret(&huawei::RotateSecret::new(name)).unwrap().rotation_task_id.unwrap());
    }
    let pages = named(client.pages(huawei::ListSecretTask::new().limit(2)), |page: huawei::TaskList| {
        assert_eq!(page.total, Some(5));
        page.tasks.into_iter().map(|t| t.task_id).collect()
    });
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1], "{pages:?}");
    started.sort();
    assert_eq!(sorted(&pages), started);

    // One task by id is one page.
    let one = named(
        client.pages(huawei::ListSecretTask::new().task_id(started[0].as_str())),
        |page: huawei::TaskList| page.tasks.into_iter().map(|t| t.task_id).collect(),
    );
    assert_eq!(one, [vec![started[0].clone()]]);
}

#[test]
fn five_events_two_a_page_are_three_pages() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let names = ["ev-1", "ev-2", "ev-3", "ev-4", "ev-5"];
    for name in names {
        let notification = EventNotification::new("SMN", "urn:smn:cn-north-4:0123:topic", "topic");
        let op = huawei::CreateSecretEvent::new(
            name,
            [EventType::SecretRotated],
            EventState::Enabled,
            notification,
        );
        client.create_secret_event(&op).expect("create event");
    }
    let pages =
        named(client.pages(huawei::ListSecretEvents::new().limit(2)), |page: huawei::SecretEventList| {
            page.events.into_iter().map(|e| e.name.unwrap_or_default()).collect()
        });
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1], "{pages:?}");
    assert_eq!(sorted(&pages), names);
}

#[test]
fn five_tagged_secrets_two_a_page_are_three_pages_by_offset() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    five_secrets(&client);
    let first = huawei::ListResourceInstances::filter().limit(2).tags([TagFilter::new("env", ["prod"])]);
    let pages = named(client.pages(first), |page: huawei::ResourceInstanceList| {
        assert_eq!(page.total_count, Some(5));
        page.resources.into_iter().map(|r| r.resource_name.unwrap_or_default()).collect()
    });
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1], "{pages:?}");
    assert_eq!(sorted(&pages), NAMES);

    // Counting is one answer.
    let counted: Vec<_> = client.pages(huawei::ListResourceInstances::count()).collect();
    assert_eq!(counted.len(), 1);
    assert_eq!(counted[0].as_ref().unwrap().total_count, Some(5));
}

#[test]
fn the_accounts_users_fit_one_page_of_ten() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let pages: Vec<huawei::UserList> = client
        .pages(huawei::ListUsers::new(0, 10))
        .collect::<Result<_, _>>()
        .expect("every page is answered");
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].total, Some(3));
    assert_eq!(pages[0].users.len(), 3);
}

#[test]
fn an_error_is_yielded_once_and_ends_the_pages() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let mut pages = client.pages(huawei::ListSecretVersions::new("missing").limit(2));
    let err = pages.next().expect("one item").expect_err("the secret does not exist");
    assert_eq!(err.code(), Some("CSMS.0005"), "{err}");
    assert!(pages.next().is_none());
}

#[test]
fn an_operation_that_is_not_paged_is_one_page() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let pages: Vec<_> = client.pages(huawei::ListNotificationRecords::new()).collect();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].is_ok());
}
