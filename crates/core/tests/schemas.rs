//! The checked-in JSON Schemas under `schemas/` must be exactly what the catalogs generate.
//! `bash scripts/generate.sh` (or `SECRETMANAGER_UPDATE_GENERATED=1` on this test) rewrites them.

use std::path::PathBuf;

use secretmanager_core::{huawei, ncp};

fn check(file: &str, document: &serde_json::Value) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas").join(file);
    let mut generated = serde_json::to_string_pretty(document).expect("a document serializes");
    generated.push('\n');
    if std::env::var_os("SECRETMANAGER_UPDATE_GENERATED").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("the schema file is writable");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(checked_in == generated, "schemas/{file} is out of date: run bash scripts/generate.sh");
}

#[test]
fn checked_in_schemas_match_the_generated_ones() {
    check("ncp.json", &ncp::catalog::schema_document());
    check("huawei.json", &huawei::catalog::schema_document());
}

#[test]
fn every_operation_has_a_request_and_an_answer_schema() {
    for (document, count) in [(ncp::catalog::schema_document(), 32), (huawei::catalog::schema_document(), 32)]
    {
        let operations = document["operations"].as_object().expect("operations is an object");
        assert_eq!(operations.len(), count);
        for (name, operation) in operations {
            for (part, types) in [("request", "requests"), ("answer", "answers")] {
                let reference = operation[part]["$ref"].as_str();
                let resolved = reference.and_then(|r| document.pointer(r.trim_start_matches('#')));
                // `()` answers are `null`, described inline.
                assert!(
                    resolved.is_some() || operation[part]["type"] == "null",
                    "{name}: {part} {reference:?} does not resolve under {types}"
                );
            }
        }
    }
}

#[test]
fn secrets_are_marked_in_requests_and_answers() {
    let document = ncp::catalog::schema_document();
    let create = &document["requests"]["NewSecretValue"]["properties"];
    let value_schema = serde_json::to_string(create).expect("serializes");
    assert!(value_schema.contains("x-secret"), "{value_schema}");
    let chain = &document["answers"]["SecretChain"]["properties"]["active"];
    assert!(chain.to_string().contains("x-secret"), "{chain}");
    let huawei = huawei::catalog::schema_document();
    let version = &huawei["answers"]["SecretVersion"]["properties"];
    assert!(version.to_string().contains("x-secret"), "{version}");
}
