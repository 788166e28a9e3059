//! The paged CSMS list operations as C and Python page through them: the answer written as
//! JSON by `surface::answer_to_json` (what `sm_huawei_call` hands out) is read back into the
//! answer type by `surface::next_page_position` (what `sm_huawei_next_page` does), and the
//! position it names is the one the typed `Operation::next_page_position` names.

use secretmanager_core::huawei::{self, Huawei, catalog};
use secretmanager_core::surface::{self, CatalogOperation, Visitor};

/// One paged operation: a request, a middle page as CSMS sends it (every field filled), the
/// position of the page after it, and a last page.
struct Sample {
    operation: &'static str,
    request: &'static str,
    page: &'static str,
    next: &'static str,
    last: &'static str,
}

const SECRET: &str = r#"{"id":"5fd1a1c9-0b8e-4b16-9d55-0a2b0b3c4d5e","name":"db-1","state":"ENABLED",
    "kms_key_id":"b168fe00ff56492495a7d22974df2d0b","description":"orders","create_time":1581507580000,
    "update_time":1581507580000,"scheduled_delete_time":null,"secret_type":"COMMON","auto_rotation":false,
    "rotation_period":"30d","rotation_config":"{}","rotation_time":1581507580000,"next_rotation_time":null,
    "event_subscriptions":["alerts"],"enterprise_project_id":"0","rotation_func_urn":null}"#;

fn samples() -> Vec<Sample> {
    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }
    vec![
        Sample {
            operation: "ListSecrets",
            request: r#"{"limit":2,"marker":"db-0","event_name":"alerts"}"#,
            page: leak(format!(
                r#"{{"secrets":[{SECRET},{SECRET}],"page_info":{{"next_marker":"db-2","previous_marker":"db-0","current_count":2}}}}"#
            )),
            next: r#""db-2""#,
            last: r#"{"secrets":[],"page_info":{"next_marker":null,"previous_marker":"db-2","current_count":0}}"#,
        },
        Sample {
            operation: "ListSecretVersions",
            request: r#"{"secret_name":"db-1","limit":2}"#,
            page: r#"{"version_metadatas":[{"id":"v1","create_time":1581507580000,"expire_time":null,
                "kms_key_id":"b168fe00ff56492495a7d22974df2d0b","secret_name":"db-1","version_stages":["SYSPREVIOUS"]},
                {"id":"v2","secret_name":"db-1","version_stages":["SYSCURRENT","custom"]}],
                "page_info":{"next_marker":"v2","previous_marker":null,"current_count":2}}"#,
            next: r#""v2""#,
            last: r#"{"version_metadatas":[{"id":"v3"}],"page_info":{"next_marker":null,"current_count":1}}"#,
        },
        Sample {
            operation: "ListSecretTask",
            request: r#"{"secret_name":"db-1","status":"SUCCESS","limit":1}"#,
            page: r#"{"total":3,"tasks":[{"task_id":"t-1","secret_name":"db-1","rotation_func_urn":"urn:fss:f",
                "task_status":"SUCCESS","operate_type":"ROTATE","task_time":1795521600000,"attempt_nums":1,
                "task_error_code":null,"task_error_msg":null}],"next_marker":"t-1"}"#,
            next: r#""t-1""#,
            last: r#"{"total":3,"tasks":[{"task_id":"t-3"}],"next_marker":null}"#,
        },
        Sample {
            operation: "ListResourceInstances",
            request: r#"{"limit":"1","offset":"1","action":"filter","tags":[{"key":"env","values":["prod"]}]}"#,
            page: leak(format!(
                r#"{{"resources":[{{"resource_id":"5fd1a1c9","resource_detail":{SECRET},"resource_name":"db-1",
                "tags":[{{"key":"env","value":"prod"}}],"sys_tags":[{{"key":"_sys_enterprise_project_id","value":"0"}}]}}],
                "total_count":3}}"#
            )),
            next: r#""2""#,
            last: r#"{"resources":[{"resource_id":"r-3","resource_name":"db-3","tags":[]}],"total_count":3}"#,
        },
        Sample {
            operation: "ListSecretEvents",
            request: r#"{"limit":1}"#,
            page: r#"{"events":[{"name":"alerts","event_id":"e-1","event_types":["SECRET_VERSION_CREATED","SECRET_ROTATED"],
                "state":"ENABLED","create_time":1581507580000,"update_time":1581507580000,
                "notification":{"target_type":"SMN","target_id":"urn:smn:cn-north-4:0123:topic","target_name":"topic"}}],
                "page_info":{"next_marker":"alerts","previous_marker":null,"current_count":1}}"#,
            next: r#""alerts""#,
            last: r#"{"events":null,"page_info":null}"#,
        },
        Sample {
            operation: "ListUsers",
            request: r#"{"org_id":"org-a","offset":0,"limit":10,"user_info":"a"}"#,
            page: leak(format!(
                r#"{{"total":12,"users":[{}]}}"#,
                [
                    r#"{"user_id":"u","org_id":"org-a","user_name":"al","name":"Al","mobile":"+86-1","email":"a@b",
                    "pwd_must_modify":false,"pwd_change_at":"2024-01-01","created_at":"2024-01-01","updated_at":"2024-01-01",
                    "disabled":false,"grade":1,"locked":"false","extension":{},"user_org_relation_list":[]}"#;
                    10
                ]
                .join(",")
            )),
            next: "1",
            last: r#"{"total":12,"users":[{"user_id":"u"},{"user_id":"v"}]}"#,
        },
    ]
}

/// What the JSON path and the typed path name as the next position of a page.
struct Positions<'a> {
    request: &'a str,
    page: &'a str,
}

impl Visitor<Huawei> for Positions<'_> {
    /// (through `answer_to_json` and `surface::next_page_position`, typed)
    type Output = (Option<String>, Option<String>);

    fn visit<O: CatalogOperation<Provider = Huawei>>(self) -> Self::Output {
        let op: O = surface::request_from_json(O::NAME, self.request.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
        let answer: O::Output =
            huawei::decode(200, self.page.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
        let json = surface::answer_to_json(&answer).expect("the answer is written as JSON");
        let through_json = surface::next_page_position::<O>(O::NAME, self.request.as_bytes(), json.expose())
            .unwrap_or_else(|e| panic!("{}: the answer JSON is read back: {e}", O::NAME));
        let typed = op.next_page_position(&answer).map(|position| position.to_string());
        (through_json, typed)
    }
}

#[test]
fn every_paged_operation_reads_its_answer_json_back_and_names_the_next_page() {
    let paged: Vec<&str> =
        catalog::OPERATIONS.iter().filter(|info| info.page_field.is_some()).map(|info| info.name).collect();
    let samples = samples();
    let sampled: Vec<&str> = samples.iter().map(|sample| sample.operation).collect();
    assert_eq!(paged, sampled, "every paged operation of the catalog has a sample, in catalog order");

    for sample in &samples {
        let name = sample.operation;
        let field = catalog::find(name).unwrap().page_field.unwrap();
        let (through_json, typed) =
            catalog::visit(name, Positions { request: sample.request, page: sample.page }).unwrap();
        assert_eq!(through_json.as_deref(), Some(sample.next), "{name}");
        assert_eq!(typed, through_json, "{name}: both paths name the same page");

        // The next request, as C and Python write it: the position set as the page field.
        let mut next: serde_json::Value = serde_json::from_str(sample.request).unwrap();
        next[field] = serde_json::from_str(sample.next).unwrap();
        let next = next.to_string();
        let (after_last, _) = catalog::visit(name, Positions { request: &next, page: sample.last }).unwrap();
        assert_eq!(after_last, None, "{name}: the last page names no next one");
    }
}

#[test]
fn a_page_naming_its_own_marker_again_ends_the_json_path_too() {
    let request = r#"{"limit":2,"marker":"db-2"}"#;
    let page = format!(r#"{{"secrets":[{SECRET}],"page_info":{{"next_marker":"db-2"}}}}"#);
    let (position, typed) = catalog::visit("ListSecrets", Positions { request, page: &page }).unwrap();
    assert_eq!((position, typed), (None, None));
}

#[test]
fn operations_without_a_page_field_name_no_next_page() {
    // ListNotificationRecords answers a page_info, but its request names no page.
    assert_eq!(catalog::find("ListNotificationRecords").unwrap().page_field, None);
    let page = r#"{"records":[],"page_info":{"next_marker":"r-2"}}"#;
    let (position, typed) =
        catalog::visit("ListNotificationRecords", Positions { request: "{}", page }).unwrap();
    assert_eq!((position, typed), (None, None));
    for name in ["ListGrants", "ListSecretTags", "ListProjectSecretsTags", "ShowSecret"] {
        assert_eq!(catalog::find(name).unwrap().page_field, None, "{name}");
    }
}

#[test]
fn a_request_or_answer_that_is_not_the_operations_json_is_refused() {
    let bad_request =
        surface::next_page_position::<huawei::ListSecrets>("ListSecrets", b"{\"page\":1}", b"{}");
    assert!(bad_request.is_err());
    let bad_answer =
        surface::next_page_position::<huawei::ListSecrets>("ListSecrets", b"{}", b"{\"secrets\":3}");
    let message = bad_answer.unwrap_err().to_string();
    assert!(message.contains("the answer"), "{message}");
}
