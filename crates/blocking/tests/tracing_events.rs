//! What the clients tell `tracing`: every event of a full NCP rotation (with a retried 503 and
//! a lost answer settled by reading back) and of CSMS calls, captured at TRACE, names the
//! provider, the operation, the attempts, HTTP statuses, request ids and retry decisions, and
//! shows no secret value, key, job token, signature or header.

mod common;

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use secretmanager_blocking::huawei;
use secretmanager_blocking::ncp::{self, PendingValue};
use secretmanager_emulator::{
    Emulator, Fault, HUAWEI_ACCESS_KEY, HUAWEI_SECRET_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY,
};
use tracing::Level;

use common::{huawei_client, ncp_client, secret_with_job};

/// What the subscriber wrote, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `secret` as text, in hex and in base64: a secret shown in any of these forms is shown.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let base64 = base64::engine::general_purpose::STANDARD.encode(secret);
    vec![secret.to_owned(), hex.to_ascii_uppercase(), hex, base64.trim_end_matches('=').to_owned(), base64]
}

#[test]
fn a_full_rotation_is_traced_without_a_secret() {
    let emulator = Emulator::start().expect("emulator");
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish();
    let huawei_value = r#"{"password":"huawei-canary-pw-77"}"#;
    let (token, new_value) = tracing::subscriber::with_default(subscriber, || {
        let client = ncp_client(&emulator);
        let (id, token) = secret_with_job(&client, "traced");
        emulator.inject_on(Fault::Status(503), "/start", 1);
        let outcome = client
            .rotate(&id, &token, PendingValue::Random, |_| {
                emulator.inject(Fault::LoseAnswer, 1); // the answer of Complete Rotation Job
                Ok::<(), io::Error>(())
            })
            .expect("the rotation completes");
        client.get_secret_value(&ncp::GetSecretValue::new(&id)).expect("read back");
        let missing = client.get_secret_value(&ncp::GetSecretValue::new("0123456789abcdef0123"));
        assert!(missing.is_err());

        let hw = huawei_client(&emulator);
        hw.call(&huawei::CreateSecret::new("traced-hw").secret_string(huawei_value)).expect("create");
        hw.call(&huawei::ShowSecretVersion::new("traced-hw", "latest")).expect("show");
        (token, outcome.new_value.expose().to_owned())
    });
    let log = captured.text();

    for expected in [
        "secretmanager.call",
        "provider=\"ncp\"",
        "provider=\"huawei\"",
        "Start Rotation Job",
        "Complete Rotation Job",
        "attempt answered",
        "attempt failed",
        "http_status=503",
        "retrying",
        "attempt=2",
        "answer lost, reading the state back",
        "outcome=\"applied\"",
        "call failed",
        "error_kind=\"api\"",
        "request_id=",
        "elapsed_ms=",
    ] {
        assert!(log.contains(expected), "no {expected:?} in the trace:\n{log}");
    }
    let secrets = [
        "initial-pw-1",
        new_value.as_str(),
        token.as_str(),
        NCP_SECRET_KEY,
        NCP_ACCESS_KEY,
        HUAWEI_SECRET_KEY,
        HUAWEI_ACCESS_KEY,
        "huawei-canary-pw-77",
    ];
    for secret in secrets {
        for form in forms(secret) {
            assert!(!log.contains(&form), "the trace shows a secret ({form:?}):\n{log}");
        }
    }
    for header in ["x-ncp-apigw-signature", "authorization", "x-auth-token", "SDK-HMAC-SHA256", "password"] {
        assert!(
            !log.to_ascii_lowercase().contains(&header.to_ascii_lowercase()),
            "the trace shows {header}:\n{log}"
        );
    }
}
