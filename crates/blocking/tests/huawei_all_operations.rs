//! Every one of the 45 CSMS operations of the catalog, called through the blocking client's
//! typed method against the emulator over real HTTP, one test per group, each asserting the
//! fields of the typed answer.

mod common;

use std::collections::BTreeSet;

use secretmanager_blocking::huawei::{
    self, DatabaseEngine, EventNotification, EventState, EventType, GrantResourceType, GranteeType,
    NotificationStatus, SecretState, SecretSubType, SecretType, StageName, TagAction, TagFilter, TagItem,
    TagMatch, TaskStatus,
};
use secretmanager_emulator::Emulator;

use common::{FUNCTION_URN, huawei_client};

const VALUE: &str = r#"{"user":"app","password":"First-Pa55word"}"#;

fn setup() -> (Emulator, huawei::Client) {
    let emulator = Emulator::start().expect("the emulator starts");
    let client = huawei_client(&emulator);
    (emulator, client)
}

/// Creates a COMMON secret holding `value`, answering its metadata.
fn create(client: &huawei::Client, name: &str, value: &str) -> huawei::Secret {
    client.create_secret(&huawei::CreateSecret::new(name).secret_string(value)).expect("created").secret
}

/// The operations each test below calls, by name: together, the whole catalog.
const SECRETS: &[&str] = &[
    "CreateSecret",
    "ShowSecret",
    "ListSecrets",
    "UpdateSecret",
    "RotateSecret",
    "ListSecretTask",
    "DeleteSecret",
    "DeleteSecretForSchedule",
    "RestoreSecret",
];
const VERSIONS: &[&str] = &[
    "CreateSecretVersion",
    "ListSecretVersions",
    "ShowSecretVersion",
    "ShowSecretStage",
    "UpdateSecretStage",
    "DeleteSecretStage",
    "UpdateVersion",
];
const BACKUP: &[&str] = &["DownloadSecretBlob", "UploadSecretBlob"];
const TOOLS: &[&str] = &[
    "GenerateRandomPassword",
    "BatchImportSecrets",
    "CheckSecrets",
    "ShowSecretsConfig",
    "UpdateSecretsConfig",
];
const TAGS: &[&str] = &[
    "BatchCreateOrDeleteTags",
    "CreateSecretTag",
    "DeleteSecretTag",
    "ListSecretTags",
    "ListProjectSecretsTags",
    "ListResourceInstances",
];
const EVENTS: &[&str] = &[
    "CreateSecretEvent",
    "DeleteSecretEvent",
    "ListSecretEvents",
    "ShowSecretEvent",
    "UpdateSecretEvent",
    "ListNotificationRecords",
];
const GRANTS: &[&str] = &["CreateGrants", "DeleteGrant", "ListGrants", "UpdateGrant"];
const ACCOUNT: &[&str] = &[
    "CreateAgency",
    "ShowAgency",
    "ShowSecretFunctionTemplates",
    "ListUsers",
    "ShowUserDetail",
    "UpdateUserPassword",
];

#[test]
fn the_groups_below_cover_the_whole_catalog() {
    let covered: BTreeSet<&str> =
        [SECRETS, VERSIONS, BACKUP, TOOLS, TAGS, EVENTS, GRANTS, ACCOUNT].concat().into_iter().collect();
    let catalog: BTreeSet<&str> = huawei::catalog::OPERATIONS.iter().map(|op| op.name).collect();
    assert_eq!(covered, catalog);
    assert_eq!(covered.len(), 45);
}

#[test]
fn secrets_are_created_shown_listed_updated_rotated_and_deleted() {
    let (emulator, client) = setup();
    let created = client
        .create_secret(
            &huawei::CreateSecret::new("life")
                .secret_string(VALUE)
                .description("first")
                .rotation_func_urn(FUNCTION_URN),
        )
        .expect("CreateSecret")
        .secret;
    assert_eq!(created.name, "life");
    assert_eq!(created.id.len(), 36, "a UUID: {}", created.id);
    assert_eq!(created.state, Some(SecretState::Enabled));
    assert_eq!(created.secret_type, Some(SecretType::Common));
    assert_eq!(created.description.as_deref(), Some("first"));
    assert_eq!(created.rotation_func_urn.as_deref(), Some(FUNCTION_URN));
    assert!(created.create_time.is_some_and(|t| t > 1_600_000_000_000), "{:?}", created.create_time);
    create(&client, "other", "v");

    let shown = client.show_secret(&huawei::ShowSecret::new("life")).expect("ShowSecret").secret;
    assert_eq!((shown.id.as_str(), shown.description.as_deref()), (created.id.as_str(), Some("first")));

    let listed = client.list_secrets(&huawei::ListSecrets::new().limit(1)).expect("ListSecrets");
    assert_eq!(listed.secrets.len(), 1);
    let page = listed.page_info.expect("page info");
    assert_eq!(page.current_count, Some(1));
    assert!(page.next_marker.is_some(), "two secrets, one per page");

    let updated = client
        .update_secret(&huawei::UpdateSecret::new("life").description("second"))
        .expect("UpdateSecret")
        .secret;
    assert_eq!(updated.description.as_deref(), Some("second"));
    assert!(updated.update_time >= created.update_time);

    let rotated = client.rotate_secret(&huawei::RotateSecret::new("life")).expect("RotateSecret");
    assert_eq!(rotated.secret_name.as_deref(), Some("life"));
    assert_eq!(rotated.version_id.as_deref(), Some("v2"));
    let task_id = rotated.rotation_task_id.expect("a task");
    let tasks =
        client.list_secret_task(&huawei::ListSecretTask::new().secret_name("life")).expect("ListSecretTask");
    assert_eq!(tasks.total, Some(1));
    assert_eq!(tasks.tasks.len(), 1);
    let task = &tasks.tasks[0];
    assert_eq!(task.task_id, task_id);
    assert_eq!(task.task_status, Some(TaskStatus::Success));
    assert_eq!(task.operate_type.as_deref(), Some("ROTATE"));
    assert_eq!(task.rotation_func_urn.as_deref(), Some(FUNCTION_URN));

    let scheduled = client
        .delete_secret_for_schedule(&huawei::DeleteSecretForSchedule::new("life", 7))
        .expect("DeleteSecretForSchedule")
        .secret;
    assert_eq!(scheduled.state, Some(SecretState::PendingDelete));
    let in_a_week = scheduled.scheduled_delete_time.expect("a deletion time") - created.create_time.unwrap();
    assert!((6 * 86_400_000..=8 * 86_400_000).contains(&in_a_week), "{in_a_week} ms ahead");
    let restored = client.restore_secret(&huawei::RestoreSecret::new("life")).expect("RestoreSecret").secret;
    assert_eq!(restored.state, Some(SecretState::Enabled));
    assert_eq!(restored.scheduled_delete_time, None);

    client.delete_secret(&huawei::DeleteSecret::new("life")).expect("DeleteSecret");
    let gone = client.show_secret(&huawei::ShowSecret::new("life")).unwrap_err();
    assert_eq!(gone.code(), Some("CSMS.0005"), "{gone}");
    assert_eq!(emulator.request_count("DELETE", "/secrets/life"), 1);
}

#[test]
fn versions_and_stages_are_created_read_moved_and_removed() {
    let (_emulator, client) = setup();
    create(&client, "ver", VALUE);
    let added = client
        .create_secret_version(
            &huawei::CreateSecretVersion::new("ver").secret_string("second-value").expire_time(4_102_444_800),
        )
        .expect("CreateSecretVersion")
        .version_metadata;
    assert_eq!(added.id, "v2");
    assert_eq!(added.secret_name.as_deref(), Some("ver"));
    assert_eq!(added.version_stages, ["SYSCURRENT"]);

    let versions =
        client.list_secret_versions(&huawei::ListSecretVersions::new("ver")).expect("ListSecretVersions");
    let ids: Vec<&str> = versions.version_metadatas.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["v1", "v2"]);
    let v1 = &versions.version_metadatas[0];
    assert_eq!(v1.version_stages, ["SYSPREVIOUS"]);

    let shown =
        client.show_secret_version(&huawei::ShowSecretVersion::new("ver", "v1")).expect("ShowSecretVersion");
    assert_eq!(shown.version.version_metadata.id, "v1");
    assert_eq!(shown.version.secret_string.as_ref().map(|s| s.expose()), Some(VALUE));
    let latest = client.show_secret_version(&huawei::ShowSecretVersion::latest("ver")).unwrap();
    assert_eq!(latest.version.secret_string.as_ref().map(|s| s.expose()), Some("second-value"));

    let stage = client
        .show_secret_stage(&huawei::ShowSecretStage::new("ver", StageName::SysCurrent))
        .expect("ShowSecretStage")
        .stage;
    assert_eq!((stage.name.as_str(), stage.version_id.as_str()), ("SYSCURRENT", "v2"));
    assert_eq!(stage.secret_name.as_deref(), Some("ver"));

    let custom = StageName::Other("BLUE".into());
    let moved = client
        .update_secret_stage(&huawei::UpdateSecretStage::new("ver", custom.clone(), "v1"))
        .expect("UpdateSecretStage")
        .stage;
    assert_eq!((moved.name.as_str(), moved.version_id.as_str()), ("BLUE", "v1"));
    let blue = client.show_secret_stage(&huawei::ShowSecretStage::new("ver", custom.clone())).unwrap();
    assert_eq!(blue.stage.version_id, "v1");
    client
        .delete_secret_stage(&huawei::DeleteSecretStage::new("ver", custom.clone()))
        .expect("DeleteSecretStage");
    let gone = client.show_secret_stage(&huawei::ShowSecretStage::new("ver", custom)).unwrap_err();
    assert_eq!(gone.code(), Some("CSMS.0005"), "{gone}");

    let expiring = client
        .update_version(&huawei::UpdateVersion::new("ver", "v1", 4_133_980_800))
        .expect("UpdateVersion")
        .version_metadata;
    assert_eq!(expiring.id, "v1");
    assert_eq!(expiring.expire_time, Some(4_133_980_800));
}

#[test]
fn a_backup_blob_restores_the_secret_with_its_versions() {
    let (_emulator, client) = setup();
    let original = create(&client, "kept", VALUE);
    client
        .create_secret_version(&huawei::CreateSecretVersion::new("kept").secret_string("v2-value"))
        .unwrap();
    let blob =
        client.download_secret_blob(&huawei::DownloadSecretBlob::new("kept")).expect("DownloadSecretBlob");
    let text = blob.secret_blob.expose().to_owned();
    assert!(text.len() > 40, "an opaque blob");
    assert!(!text.contains("First-Pa55word") && !text.contains("v2-value"), "the blob hides the values");
    assert!(!format!("{blob:?}").contains(&text), "the blob is not shown");

    let refused = client.upload_secret_blob(&huawei::UploadSecretBlob::new(text.as_str())).unwrap_err();
    assert_eq!(refused.status(), Some(400), "the secret still exists: {refused}");
    client.delete_secret(&huawei::DeleteSecret::new("kept")).unwrap();
    let restored = client
        .upload_secret_blob(&huawei::UploadSecretBlob::new(text.as_str()))
        .expect("UploadSecretBlob")
        .secret;
    assert_eq!((restored.name.as_str(), restored.id.as_str()), ("kept", original.id.as_str()));
    let v1 = client.show_secret_version(&huawei::ShowSecretVersion::new("kept", "v1")).unwrap();
    assert_eq!(v1.version.secret_string.as_ref().map(|s| s.expose()), Some(VALUE));
    let v2 = client.show_secret_version(&huawei::ShowSecretVersion::latest("kept")).unwrap();
    assert_eq!(v2.version.secret_string.as_ref().map(|s| s.expose()), Some("v2-value"));
}

#[test]
fn passwords_imports_checks_and_the_check_configuration() {
    let (_emulator, client) = setup();
    let password = client
        .generate_random_password(&huawei::GenerateRandomPassword::new().length(20).exclude_punctuation(true))
        .expect("GenerateRandomPassword")
        .password;
    assert_eq!(password.expose().chars().count(), 20);
    assert!(password.expose().chars().all(|c| c.is_ascii_alphanumeric()), "no punctuation");

    let imported = client
        .batch_import_secrets(&huawei::BatchImportSecrets::new([
            huawei::CreateSecret::new("imported-a").secret_string("a-value"),
            huawei::CreateSecret::new("imported-b").secret_string("b-value").description("second"),
        ]))
        .expect("BatchImportSecrets");
    assert_eq!((imported.total, imported.success, imported.failed), (Some(2), Some(2), Some(0)));
    assert!(imported.error_list.is_empty());
    let b = client.show_secret(&huawei::ShowSecret::new("imported-b")).unwrap().secret;
    assert_eq!(b.description.as_deref(), Some("second"));
    let again = client
        .batch_import_secrets(&huawei::BatchImportSecrets::new([
            huawei::CreateSecret::new("imported-a").secret_string("a-value"),
            huawei::CreateSecret::new("imported-c").secret_string("c-value"),
        ]))
        .expect("a partial import");
    assert_eq!((again.success, again.failed), (Some(1), Some(1)));
    assert_eq!(again.error_list.len(), 1);
    assert_eq!(again.error_list[0].name, "imported-a");

    let checked = client
        .check_secrets(&huawei::CheckSecrets::new(r#"{"weak":"abc","strong":"Abcdefghij1!"}"#))
        .expect("CheckSecrets");
    assert_eq!(checked.check_type.as_deref(), Some("1"));
    let data = checked.data.expect("the result");
    assert_eq!((data["weak"].as_str(), data["strong"].as_str()), (Some("WEAK"), Some("STRONG")));

    let config = client.show_secrets_config(&huawei::ShowSecretsConfig::new()).expect("ShowSecretsConfig");
    assert_eq!(config.checking_secret_strength, Some(false));
    let updated = client
        .update_secrets_config(&huawei::UpdateSecretsConfig::new().checking_secret_strength(true))
        .expect("UpdateSecretsConfig");
    assert_eq!(updated.checking_secret_strength, Some(true));
    let shown = client.show_secrets_config(&huawei::ShowSecretsConfig::new()).unwrap();
    assert_eq!(shown.checking_secret_strength, Some(true));
}

#[test]
fn tags_are_set_listed_searched_and_removed() {
    let (_emulator, client) = setup();
    let db = create(&client, "tagged-db", "v").id;
    let api = create(&client, "tagged-api", "v").id;

    client
        .create_secret_tag(&huawei::CreateSecretTag::new(db.as_str(), TagItem::new("env", "prod")))
        .expect("CreateSecretTag");
    client
        .batch_create_or_delete_tags(&huawei::BatchCreateOrDeleteTags::new(
            api.as_str(),
            TagAction::Create,
            [TagItem::new("env", "dev"), TagItem::new("team", "core")],
        ))
        .expect("BatchCreateOrDeleteTags");

    let tags = client.list_secret_tags(&huawei::ListSecretTags::new(api.as_str())).expect("ListSecretTags");
    assert_eq!(tags.tags, [TagItem::new("env", "dev"), TagItem::new("team", "core")]);
    assert!(tags.sys_tags.is_empty());

    let project = client
        .list_project_secrets_tags(&huawei::ListProjectSecretsTags::new())
        .expect("ListProjectSecretsTags");
    let env = project.tags.iter().find(|t| t.key.as_deref() == Some("env")).expect("env");
    assert_eq!(env.values, ["prod", "dev"]);

    let found = client
        .list_resource_instances(
            &huawei::ListResourceInstances::filter().tags([TagFilter::new("env", ["prod"])]),
        )
        .expect("ListResourceInstances");
    assert_eq!(found.total_count, Some(1));
    assert_eq!(found.resources.len(), 1);
    let resource = &found.resources[0];
    assert_eq!(resource.resource_id.as_deref(), Some(db.as_str()));
    assert_eq!(resource.resource_name.as_deref(), Some("tagged-db"));
    assert_eq!(resource.resource_detail.as_ref().map(|s| s.name.as_str()), Some("tagged-db"));
    assert_eq!(resource.tags, [TagItem::new("env", "prod")]);
    let counted = client
        .list_resource_instances(
            &huawei::ListResourceInstances::count().matches([TagMatch::resource_name("api")]),
        )
        .unwrap();
    assert_eq!(counted.total_count, Some(1));
    assert!(counted.resources.is_empty(), "a count lists nothing");

    client.delete_secret_tag(&huawei::DeleteSecretTag::new(db.as_str(), "env")).expect("DeleteSecretTag");
    assert!(client.list_secret_tags(&huawei::ListSecretTags::new(db.as_str())).unwrap().tags.is_empty());
    client
        .batch_create_or_delete_tags(&huawei::BatchCreateOrDeleteTags::new(
            api.as_str(),
            TagAction::Delete,
            [TagItem::key("team")],
        ))
        .unwrap();
    let left = client.list_secret_tags(&huawei::ListSecretTags::new(api.as_str())).unwrap();
    assert_eq!(left.tags, [TagItem::new("env", "dev")]);
}

fn topic() -> EventNotification {
    EventNotification::new("SMN", "urn:smn:cn-north-4:0123456789abcdef:topic", "topic")
}

#[test]
fn events_are_managed_and_leave_notification_records() {
    let (_emulator, client) = setup();
    let created = client
        .create_secret_event(&huawei::CreateSecretEvent::new(
            "on-version",
            [EventType::SecretVersionCreated],
            EventState::Enabled,
            topic(),
        ))
        .expect("CreateSecretEvent")
        .event;
    assert_eq!(created.name.as_deref(), Some("on-version"));
    assert_eq!(created.event_id.as_ref().map(String::len), Some(36));
    assert_eq!(created.event_types, [EventType::SecretVersionCreated]);
    assert_eq!(created.state, Some(EventState::Enabled));
    assert_eq!(created.notification, Some(topic()));
    client
        .create_secret_event(&huawei::CreateSecretEvent::new(
            "spare",
            [EventType::SecretDeleted],
            EventState::Disabled,
            topic(),
        ))
        .unwrap();

    let listed =
        client.list_secret_events(&huawei::ListSecretEvents::new().limit(1)).expect("ListSecretEvents");
    assert_eq!(listed.events.len(), 1);
    assert_eq!(listed.events[0].name.as_deref(), Some("on-version"));
    assert!(listed.page_info.and_then(|p| p.next_marker).is_some(), "a second page");
    let shown =
        client.show_secret_event(&huawei::ShowSecretEvent::new("on-version")).expect("ShowSecretEvent");
    assert_eq!(shown.event.event_id, created.event_id);

    let updated = client
        .update_secret_event(
            &huawei::UpdateSecretEvent::new("on-version")
                .event_types([EventType::SecretVersionCreated, EventType::SecretRotated]),
        )
        .expect("UpdateSecretEvent")
        .event;
    assert_eq!(updated.event_types, [EventType::SecretVersionCreated, EventType::SecretRotated]);
    assert_eq!(updated.state, Some(EventState::Enabled));

    client
        .create_secret(
            &huawei::CreateSecret::new("watched").secret_string("v1").event_subscription("on-version"),
        )
        .unwrap();
    client
        .create_secret_version(&huawei::CreateSecretVersion::new("watched").secret_string("v2-hidden"))
        .unwrap();
    let records = client
        .list_notification_records(&huawei::ListNotificationRecords::new())
        .expect("ListNotificationRecords");
    assert_eq!(records.records.len(), 1, "{records:?}");
    let record = &records.records[0];
    assert_eq!(record.event_name.as_deref(), Some("on-version"));
    assert_eq!(record.trigger_event_type, Some(EventType::SecretVersionCreated));
    assert_eq!(record.secret_name.as_deref(), Some("watched"));
    assert_eq!(record.notification_status, Some(NotificationStatus::Success));
    assert!(!record.notification_content.as_deref().unwrap_or_default().contains("v2-hidden"));

    client.delete_secret_event(&huawei::DeleteSecretEvent::new("spare")).expect("DeleteSecretEvent");
    let gone = client.show_secret_event(&huawei::ShowSecretEvent::new("spare")).unwrap_err();
    assert_eq!(gone.code(), Some("CSMS.0005"), "{gone}");
}

/// The id of the emulator's user called `name`.
fn user_id(client: &huawei::Client, name: &str) -> String {
    let users = client.list_users(&huawei::ListUsers::new(0, 10).user_info(name)).expect("ListUsers");
    users.users[0].user_id.clone().expect("a user id")
}

#[test]
fn grants_share_a_secret_and_are_updated_and_removed() {
    let (_emulator, client) = setup();
    let id = create(&client, "shared", "v").id;
    let alice = user_id(&client, "alice");

    let granted = client
        .create_grants(
            &huawei::CreateGrants::new(
                id.as_str(),
                GrantResourceType::Secret,
                GranteeType::User,
                alice.as_str(),
            )
            .validity_time("2100-01-01"),
        )
        .expect("CreateGrants")
        .data;
    assert_eq!(granted.resource_id, id);
    assert_eq!(granted.grantee_user, alice);
    assert_eq!(granted.r#type, GrantResourceType::Secret);
    assert_eq!(granted.validity_time, Some(4_102_444_800_000));

    let listed = client.list_grants(&huawei::ListGrants::new(id.as_str())).expect("ListGrants");
    let data = listed.data.expect("the secret's grants");
    assert_eq!(data.id.as_deref(), Some(id.as_str()));
    assert_eq!(data.grantee_user.len(), 1);
    assert_eq!(
        (data.grantee_user[0].user_id.as_str(), data.grantee_user[0].user_name.as_str()),
        (alice.as_str(), "alice")
    );

    let updated = client
        .update_grant(
            &huawei::UpdateGrant::new(
                id.as_str(),
                GrantResourceType::Secret,
                GranteeType::User,
                alice.as_str(),
            )
            .validity_time("2101-01-01"),
        )
        .expect("UpdateGrant")
        .data;
    assert_eq!(updated.validity_time, Some(4_133_980_800_000));

    client
        .delete_grant(&huawei::DeleteGrant::new(id.as_str()).grantee_user(alice.as_str()))
        .expect("DeleteGrant");
    let none = client.list_grants(&huawei::ListGrants::new(id.as_str())).unwrap();
    assert!(none.data.is_none_or(|d| d.grantee_user.is_empty()));
}

#[test]
fn account_operations_answer_agencies_templates_and_users() {
    let (emulator, client) = setup();
    let before = client.show_agency(&huawei::ShowAgency::new(SecretType::RdsFg)).expect("ShowAgency");
    assert_eq!(before.agency_granted.as_deref(), Some("false"));
    let agencies = client.create_agency(&huawei::CreateAgency::new(SecretType::RdsFg)).expect("CreateAgency");
    assert_eq!(agencies.agencies.len(), 2);
    assert!(
        agencies.agencies.iter().all(|a| !a.agency_name.is_empty() && a.agency_id.is_some()),
        "{agencies:?}"
    );
    let after = client.show_agency(&huawei::ShowAgency::new(SecretType::RdsFg)).unwrap();
    assert_eq!(after.agency_granted.as_deref(), Some("true"));

    let template = client
        .show_secret_function_templates(
            &huawei::ShowSecretFunctionTemplates::new(SecretType::RdsFg, SecretSubType::MultiUser)
                .engine(DatabaseEngine::Mysql),
        )
        .expect("ShowSecretFunctionTemplates");
    assert!(template.function_templates.as_deref().is_some_and(|t| t.contains("mysql")), "{template:?}");

    let users = client.list_users(&huawei::ListUsers::new(0, 10)).expect("ListUsers");
    assert_eq!(users.total, Some(3));
    assert_eq!(users.users.len(), 3);
    let me = users.users[0].clone();
    let my_id = me.user_id.clone().expect("an id");
    assert!(me.user_name.is_some());
    assert_eq!(me.disabled.as_deref(), Some("false"));

    let detail =
        client.show_user_detail(&huawei::ShowUserDetail::new(my_id.as_str())).expect("ShowUserDetail");
    assert_eq!(detail.user_id.as_deref(), Some(my_id.as_str()));
    assert_eq!(detail.user_name, me.user_name);
    assert_eq!((detail.disabled, detail.grade), (Some(false), Some(1)));

    let new_password = "Fresh-Passw0rd-42";
    let changed = client
        .update_user_password(&huawei::UpdateUserPassword::new(new_password, "Emulator-Passw0rd"))
        .expect("UpdateUserPassword");
    assert_eq!(changed.user_id.as_deref(), Some(my_id.as_str()));
    let detail = client.show_user_detail(&huawei::ShowUserDetail::new(my_id.as_str())).unwrap();
    assert_eq!(detail.pwd_must_modify, Some(false));
    assert!(!format!("{:?}", emulator.requests()).contains(new_password));
}
