//! No secret key, token or secret value appears in the `Debug` or `Display` output of any
//! public type: clients, builders, errors, and the rotation helper's values and errors.

mod common;

use std::fmt::Debug;

use secretmanager_blocking::credentials;
use secretmanager_blocking::ncp::{self, Credentials, PendingValue};
use secretmanager_blocking::{Error, SecretString, huawei};
use secretmanager_emulator::{Emulator, HUAWEI_AUTH_TOKEN, HUAWEI_SECRET_KEY, NCP_SECRET_KEY};

use common::{INITIAL_VALUE, huawei_builder, ncp_builder, ncp_client, secret_with_job};

/// The password inside [`INITIAL_VALUE`].
const INITIAL_PASSWORD: &str = "initial-pw-1";

/// A known secret value a caller produces in a rotation.
const CUSTOM_PASSWORD: &str = "custom-pw-never-printed-42";

/// `secret` as text, in lower- and upper-case hex, and in standard base64 (with and without
/// padding): a secret printed in any of these forms is still shown.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let base64 = base64::engine::general_purpose::STANDARD.encode(secret);
    let unpadded = base64.trim_end_matches('=').to_owned();
    vec![secret.to_owned(), hex.to_ascii_uppercase(), hex, base64, unpadded]
}

/// Asserts that `printed` contains none of the [`forms`] of `secrets`.
fn assert_text_hides(what: &str, printed: &str, secrets: &[&str]) {
    for secret in secrets {
        for form in forms(secret) {
            assert!(!printed.contains(&form), "{what} shows a secret (as {form:?}): {printed}");
        }
    }
}

/// Asserts that neither `{:?}` nor `{:#?}` of `value` contains any of `secrets`.
fn assert_debug_hides(what: &str, value: &impl Debug, secrets: &[&str]) {
    for printed in [format!("{value:?}"), format!("{value:#?}")] {
        assert_text_hides(what, &printed, secrets);
    }
}

/// Asserts the same of `Display` and `Debug`.
fn assert_hidden(what: &str, value: &(impl Debug + std::fmt::Display), secrets: &[&str]) {
    assert_debug_hides(what, value, secrets);
    assert_text_hides(what, &value.to_string(), secrets);
}

#[test]
fn the_secret_forms_searched_for_are_hex_and_base64() {
    assert_eq!(forms("pw?"), ["pw?", "70773F", "70773f", "cHc/", "cHc/"]);
    assert_eq!(forms("pw")[3..], ["cHc=".to_owned(), "cHc".to_owned()]);
    let leaked = format!("token {}", forms(CUSTOM_PASSWORD)[3]);
    let caught = std::panic::catch_unwind(|| assert_text_hides("leak", &leaked, &[CUSTOM_PASSWORD]));
    assert!(caught.is_err(), "a base64 copy of the secret was not noticed");
}

#[test]
fn clients_and_builders_hide_keys_and_tokens() {
    let emulator = Emulator::start().unwrap();
    let secrets = [NCP_SECRET_KEY, HUAWEI_SECRET_KEY, HUAWEI_AUTH_TOKEN];
    let ncp_builder = ncp_builder(&emulator);
    assert_debug_hides("ncp::ClientBuilder", &ncp_builder, &secrets);
    assert_debug_hides("ncp::Client", &ncp_builder.build().unwrap(), &secrets);

    let aksk = huawei_builder(&emulator).credentials(
        huawei::Credentials::new("HWAK", HUAWEI_SECRET_KEY).with_security_token(HUAWEI_AUTH_TOKEN),
    );
    assert_debug_hides("huawei::ClientBuilder (AK/SK)", &aksk, &secrets);
    assert_debug_hides("huawei::Client (AK/SK)", &aksk.build().unwrap(), &secrets);
    let token = huawei_builder(&emulator).token(HUAWEI_AUTH_TOKEN);
    assert_debug_hides("huawei::ClientBuilder (token)", &token, &secrets);
    assert_debug_hides("huawei::Client (token)", &token.build().unwrap(), &secrets);
}

#[test]
fn errors_hide_keys_and_values() {
    let emulator = Emulator::start().unwrap();
    let wrong_key = "wrong-ncp-secret-key-never-printed";
    let client = ncp_builder(&emulator).credentials(Credentials::new("AK", wrong_key)).build().unwrap();
    let refused =
        client.create_secret(&ncp::CreateSecret::new("refused", INITIAL_VALUE, ["password"])).unwrap_err();
    assert!(matches!(refused, Error::Api(_)), "{refused:?}");
    assert_hidden("an authentication error", &refused, &[wrong_key, INITIAL_PASSWORD]);

    let half = credentials::ncp::lookup(
        &|name: &str| (name == "NCLOUD_SECRET_KEY").then(|| wrong_key.to_owned()),
        None,
    )
    .unwrap_err();
    assert_hidden("a credentials error", &half, &[wrong_key]);
    assert_hidden("a credentials error as Error", &Error::from(half), &[wrong_key]);
}

#[test]
fn rotation_values_and_errors_hide_secret_values() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);

    let (id, token) = secret_with_job(&client, "redact-ok");
    let custom = format!(r#"{{"user":"app","password":"{CUSTOM_PASSWORD}"}}"#);
    let pending = PendingValue::custom(move |_| Ok(SecretString::from(custom)));
    assert_debug_hides("PendingValue::Custom", &pending, &[CUSTOM_PASSWORD]);
    let outcome = client
        .rotate(&id, &token, pending, |rotation| {
            assert_debug_hides("PendingRotation", rotation, &[CUSTOM_PASSWORD, INITIAL_PASSWORD]);
            Ok::<(), std::io::Error>(())
        })
        .unwrap();
    assert!(outcome.new_value.expose().contains(CUSTOM_PASSWORD));
    assert_debug_hides("RotationOutcome", &outcome, &[CUSTOM_PASSWORD, INITIAL_PASSWORD, NCP_SECRET_KEY]);

    let (id, token) = secret_with_job(&client, "redact-fail");
    let custom = format!(r#"{{"user":"app","password":"{CUSTOM_PASSWORD}"}}"#);
    let failed = client
        .rotate(&id, &token, PendingValue::custom(move |_| Ok(SecretString::from(custom))), |_| {
            Err(std::io::Error::other("the database refused the new password"))
        })
        .unwrap_err();
    assert_eq!(failed.step, ncp::RotationStep::Apply);
    assert_hidden("RotationError", &failed, &[CUSTOM_PASSWORD, INITIAL_PASSWORD, NCP_SECRET_KEY]);
}
