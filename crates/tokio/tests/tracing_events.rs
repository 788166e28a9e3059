//! What the async clients tell `tracing`: a full NCP rotation (a retried 503, a lost answer
//! settled by reading back, a 404) captured at TRACE, with every event of the HTTP libraries
//! below, carries the same spans and fields as the blocking client's and no secret value, key,
//! job token, signature or auth header in any form.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use secretmanager_emulator::{Emulator, Fault, NCP_ACCESS_KEY, NCP_SECRET_KEY, TRIGGER_ID};
use secretmanager_tokio::ncp::{self, PendingValue};
use tracing::Instrument;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let base64 = base64::engine::general_purpose::STANDARD.encode(secret);
    vec![secret.to_owned(), hex.to_ascii_uppercase(), hex, base64.trim_end_matches('=').to_owned(), base64]
}

#[test]
fn an_async_rotation_is_traced_without_a_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish();
    let emulator = Emulator::start().expect("emulator");
    let initial = r#"{"user":"app","password":"async-canary-pw-53"}"#;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (token, new_value) = tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(
            async {
                let client = ncp::Client::builder()
                    .base_url(emulator.base_url())
                    .credentials(emulator.ncp_credentials())
                    .no_proxy()
                    .build()
                    .expect("client");
                let id = client
                    .create_secret(&ncp::CreateSecret::new("traced", initial, ["password"]))
                    .await
                    .expect("create")
                    .secret_id;
                let enable =
                    ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(TRIGGER_ID);
                client.enable_auto_rotation(&enable).await.expect("enable");
                client
                    .execute_rotation_job(&ncp::ExecuteRotationJob::new(id.as_str()))
                    .await
                    .expect("execute");
                let logs = client
                    .get_secret_logs(&ncp::GetSecretLogs::new(id.as_str()).keyword("Execute Rotation Job"))
                    .await
                    .expect("logs");
                let token = logs.entries.into_iter().find_map(|e| e.job_token).expect("token");
                emulator.inject_on(Fault::Status(503), "/start", 1);
                let outcome = client
                    .rotate(&id, &token, PendingValue::Random, async |_| {
                        emulator.inject(Fault::LoseAnswer, 1);
                        Ok::<(), io::Error>(())
                    })
                    .await
                    .expect("rotated");
                assert!(
                    client.get_secret_value(&ncp::GetSecretValue::new("0123456789abcdef0123")).await.is_err()
                );
                (token, outcome.new_value.expose().to_owned())
            }
            .instrument(tracing::info_span!("test")),
        )
    });
    let log =
        String::from_utf8_lossy(&captured.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned();
    for expected in [
        "secretmanager.call",
        "operation=\"Start Rotation Job\"",
        "attempt failed",
        "http_status=503",
        "retrying",
        "attempt=2",
        "answer lost, reading the state back",
        "outcome=\"applied\"",
        "call failed",
        "request_id=",
    ] {
        assert!(log.contains(expected), "no {expected:?} in the trace:\n{log}");
    }
    for secret in ["async-canary-pw-53", new_value.as_str(), token.as_str(), NCP_SECRET_KEY, NCP_ACCESS_KEY] {
        for form in forms(secret) {
            assert!(!log.contains(&form), "the trace shows a secret ({form:?}):\n{log}");
        }
    }
    for header in ["x-ncp-apigw-signature", "x-ncp-iam-access-key", "authorization", "password"] {
        assert!(!log.to_ascii_lowercase().contains(header), "the trace shows {header}:\n{log}");
    }
}
