//! Property tests of the core's public surface: every input is either accepted by the
//! documented rule or refused with a typed error, and no input makes the core panic.

use proptest::prelude::*;
use secretmanager_core::Operation as _;
use secretmanager_core::{huawei, ncp};

/// The documented NCP `secretName` rule, written independently of the validator.
fn ncp_name_is_valid(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    (3..=15).contains(&chars.len())
        && chars[0].is_ascii_alphabetic()
        && chars.iter().all(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
}

/// The documented Huawei `secret_name` rule, `^[a-zA-Z0-9_-]{1,64}$`.
fn huawei_name_is_valid(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

proptest! {
    #[test]
    fn ncp_secret_names_follow_the_documented_rule(name in "\\PC{0,20}|[A-Za-z][A-Za-z0-9_-]{0,16}") {
        prop_assert_eq!(ncp::validate_secret_name(&name).is_ok(), ncp_name_is_valid(&name));
    }

    #[test]
    fn huawei_secret_names_follow_the_documented_rule(name in "\\PC{0,70}|[A-Za-z0-9_-]{0,70}") {
        let accepted = huawei::RotateSecret::new(name.clone()).validate().is_ok();
        prop_assert_eq!(accepted, huawei_name_is_valid(&name));
    }

    #[test]
    fn ncp_secret_values_are_json_objects_of_1_to_100_pairs(
        pairs in proptest::collection::btree_map("[a-z]{1,6}", "\\PC{0,12}", 0..110),
    ) {
        let text = serde_json::to_string(&pairs).expect("a map serializes");
        let result = ncp::validate_secret_value("value", &text);
        let expected = (1..=100).contains(&pairs.len()) && text.len() <= 10_000;
        prop_assert_eq!(result.is_ok(), expected);
        if let Ok(keys) = result {
            prop_assert_eq!(keys.len(), pairs.len());
        }
    }

    #[test]
    fn arbitrary_texts_never_panic_validation(text in "\\PC{0,64}") {
        let _ = ncp::validate_secret_value("value", &text);
        let _ = ncp::validate_memo(&text);
        let _ = ncp::CreateSecret::new(text.clone(), text.clone(), [text.clone()]).validate();
        let _ = huawei::ProjectId::new(text.clone());
        let _ = huawei::Endpoint::parse(&text);
        let _ = ncp::Endpoint::parse(&text);
    }

    #[test]
    fn ncp_decoding_never_panics_and_keeps_the_status(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..256)) {
        match ncp::decode::<ncp::SecretValueChain>(status, &body) {
            Ok(_) => prop_assert!((200..300).contains(&status)),
            Err(err) => prop_assert_eq!(err.status(), Some(status)),
        }
    }

    #[test]
    fn huawei_decoding_never_panics_and_keeps_the_status(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..256)) {
        match huawei::decode::<huawei::RotateSecretResponse>(status, &body) {
            Ok(_) => prop_assert!((200..300).contains(&status)),
            Err(err) => prop_assert_eq!(err.status(), Some(status)),
        }
    }

    #[test]
    fn truncated_success_bodies_are_errors_not_panics(cut in 0usize..120) {
        let body = br#"{"code":"SUCCESS","data":{"decryptedSecretChain":{"active":"{\"pw\":\"x\"}"},"rotationTargets":["pw"]}}"#;
        let cut = cut.min(body.len() - 1);
        prop_assert!(ncp::decode::<ncp::SecretValueChain>(200, &body[..cut]).is_err());
    }

    #[test]
    fn rotation_periods_at_and_beyond_the_limits(days in 0u32..1000) {
        let accepted = ncp::EnableAutoRotation::new("id").rotation_period(days).validate().is_ok();
        prop_assert_eq!(accepted, (1..=730).contains(&days));
    }

    #[test]
    fn ncp_path_segments_follow_the_documented_rule(
        id in "\\PC{0,300}|\\.{1,3}|[a-f0-9]{250,260}",
        token in "\\PC{0,8}|\\.{1,2}",
    ) {
        let segment_is_valid = |s: &str| {
            !s.is_empty() && s.len() <= 256 && !s.chars().any(char::is_control) && s != "." && s != ".."
        };
        let result = ncp::StartRotationJob::new(id.clone(), token.clone()).validate();
        prop_assert_eq!(result.is_ok(), segment_is_valid(&id) && segment_is_valid(&token));
        if let Err(err) = result {
            let expected = if segment_is_valid(&id) { "jobToken" } else { "secretId" };
            prop_assert_eq!(err.field, expected);
        }
    }

    #[test]
    fn base_url_ports_are_1_to_65535(port in 0u64..200_000) {
        let url = format!("http://127.0.0.1:{port}/base");
        let valid = (1..=65_535).contains(&port);
        prop_assert_eq!(ncp::Endpoint::parse(&url).is_ok(), valid);
        let huawei = huawei::Endpoint::parse(&url);
        prop_assert_eq!(huawei.is_ok(), valid);
        if let Err(err) = huawei {
            prop_assert_eq!(err.field, "endpoint");
            prop_assert_eq!(err.rule, secretmanager_core::Rule::Range { min: 1, max: 65_535, actual: port as i64 });
        }
    }
}
