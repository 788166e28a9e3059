//! `sm_huawei_next_page` against the emulator: the marker loop its documentation shows, with
//! `sm_huawei_call`, pages through every paged CSMS list; the position is JSON text the loop
//! writes into the next request as it is (a marker string, an offset as text, a page number).

mod common;

use std::ffi::c_char;
use std::ptr;

use common::*;
use secretmanager::*;
use secretmanager_emulator::Emulator;
use serde_json::{Value, json};

const NAMES: [&str; 5] = ["page-a", "page-b", "page-c", "page-d", "page-e"];

/// `sm_huawei_call`, the answer as JSON text.
fn call_json(hw: &Huawei, operation: &str, request: &str) -> String {
    let (name, body) = (c(operation), c(request));
    let mut answer = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_call(hw.0, name.as_ptr(), body.as_ptr(), &mut answer, err) })
        .unwrap_or_else(|e| panic!("{operation}: {e:?}"));
    take_string(answer)
}

/// `sm_huawei_next_page`: the position as JSON text, `None` for NULL.
fn next_page(operation: &str, request: &str, answer: &str) -> Result<Option<String>, ErrorInfo> {
    let (name, request, answer) = (c(operation), c(request), c(answer));
    let mut position = ptr::dangling_mut::<c_char>();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_huawei_next_page(name.as_ptr(), request.as_ptr(), answer.as_ptr(), &mut position, err)
    })?;
    Ok((!position.is_null()).then(|| take_string(position)))
}

/// The documented C loop: `request` is the first request's JSON object without its closing
/// brace and with at least one field (`{"limit":2`); each next one appends `,"<field>":<position>}`. Returns the pages.
fn every_page(hw: &Huawei, operation: &str, first: &str, field: &str) -> Vec<Value> {
    let mut request = format!("{first}}}");
    let mut pages = Vec::new();
    loop {
        let page = call_json(hw, operation, &request);
        let position = next_page(operation, &request, &page).expect("the page is read");
        pages.push(serde_json::from_str(&page).expect("JSON"));
        assert!(pages.len() <= 10, "{operation}: the loop ends");
        match position {
            Some(position) => request = format!("{first},\"{field}\":{position}}}"),
            None => return pages,
        }
    }
}

fn names(pages: &[Value], list: &str, key: &str) -> Vec<Vec<String>> {
    pages
        .iter()
        .map(|page| {
            let items = page[list].as_array().unwrap_or_else(|| panic!("{list} in {page}"));
            items.iter().map(|item| item[key].as_str().expect("a name").to_owned()).collect()
        })
        .collect()
}

fn five_tagged_secrets(hw: &Huawei) {
    for name in NAMES {
        let created =
            call_json(hw, "CreateSecret", &json!({"name": name, "secret_string": "v1"}).to_string());
        let id = serde_json::from_str::<Value>(&created).expect("JSON")["secret"]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let tag = json!({"secret_id": id, "tag": {"key": "env", "value": "prod"}});
        call_json(hw, "CreateSecretTag", &tag.to_string());
    }
}

#[test]
fn the_marker_loop_lists_five_secrets_two_a_page_in_three_pages() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    five_tagged_secrets(&hw);
    let pages = every_page(&hw, "ListSecrets", r#"{"limit":2"#, "marker");
    let names = names(&pages, "secrets", "name");
    assert_eq!(names.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1], "{names:?}");
    let mut all = names.concat();
    all.sort();
    assert_eq!(all, NAMES);
}

#[test]
fn the_marker_loop_lists_five_versions_two_a_page_in_three_pages() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    call_json(&hw, "CreateSecret", r#"{"name":"versioned","secret_string":"v1"}"#);
    for value in ["v2", "v3", "v4", "v5"] {
        call_json(
            &hw,
            "CreateSecretVersion",
            &json!({"secret_name": "versioned", "secret_string": value}).to_string(),
        );
    }
    let pages = every_page(&hw, "ListSecretVersions", r#"{"secret_name":"versioned","limit":2"#, "marker");
    let ids = names(&pages, "version_metadatas", "id");
    assert_eq!(ids.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1], "{ids:?}");
    let mut all = ids.concat();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 5, "{all:?}");
}

#[test]
fn the_offset_loop_lists_five_tagged_secrets_with_the_offset_as_text() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    five_tagged_secrets(&hw);
    let first = r#"{"action":"filter","limit":"2","tags":[{"key":"env","values":["prod"]}]"#;
    let pages = every_page(&hw, "ListResourceInstances", first, "offset");
    let names = names(&pages, "resources", "resource_name");
    assert_eq!(names.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1], "{names:?}");
    // The position is the JSON the request takes: decimal text.
    let page = call_json(&hw, "ListResourceInstances", &format!("{first}}}"));
    assert_eq!(
        next_page("ListResourceInstances", &format!("{first}}}"), &page).unwrap().as_deref(),
        Some(r#""2""#)
    );
}

#[test]
fn the_page_number_loop_lists_the_accounts_users_in_one_page() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    let pages = every_page(&hw, "ListUsers", r#"{"offset":0,"limit":10"#, "offset");
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0]["total"], 3);
    // Had there been 25 users, page 1 would follow page 0.
    let full = json!({"total": 25, "users": vec![json!({"user_id": "u"}); 10]}).to_string();
    assert_eq!(next_page("ListUsers", r#"{"offset":0,"limit":10}"#, &full).unwrap().as_deref(), Some("1"));
}

#[test]
fn an_answer_naming_its_own_marker_again_writes_null() {
    let page = r#"{"secrets":[],"page_info":{"next_marker":"m-2"}}"#;
    assert_eq!(next_page("ListSecrets", r#"{"limit":2}"#, page).unwrap().as_deref(), Some(r#""m-2""#));
    assert_eq!(next_page("ListSecrets", r#"{"limit":2,"marker":"m-2"}"#, page).unwrap(), None);
    let tasks = r#"{"total":9,"tasks":[],"next_marker":"t-1"}"#;
    assert_eq!(next_page("ListSecretTask", r#"{"marker":"t-1"}"#, tasks).unwrap(), None);
    assert_eq!(next_page("ListSecretTask", "{}", tasks).unwrap().as_deref(), Some(r#""t-1""#));
}

#[test]
fn an_operation_that_is_not_paged_writes_null() {
    let page = r#"{"records":[],"page_info":{"next_marker":"r-2"}}"#;
    assert_eq!(next_page("ListNotificationRecords", "{}", page).unwrap(), None);
}

#[test]
fn an_unknown_name_or_json_that_is_not_the_operations_is_invalid() {
    let unknown = next_page("ListEverything", "{}", "{}").unwrap_err();
    assert_eq!(unknown.status, sm_status::SM_INVALID_ARGUMENT, "{unknown:?}");
    let request = next_page("ListSecrets", r#"{"page":1}"#, "{}").unwrap_err();
    assert_eq!(request.status, sm_status::SM_INVALID_ARGUMENT, "{request:?}");
    let answer = next_page("ListSecrets", "{}", r#"{"secrets":3}"#).unwrap_err();
    assert_eq!(answer.status, sm_status::SM_INVALID_ARGUMENT, "{answer:?}");
    assert!(answer.message.contains("response_json"), "{answer:?}");
}
