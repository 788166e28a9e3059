//! Helpers shared by the integration tests: an emulator and clients pointed at it.

#![allow(dead_code, unreachable_pub, missing_docs)]

pub mod socks;
pub mod tls;

use std::time::Duration;

use secretmanager_blocking::RetryPolicy;
use secretmanager_blocking::{huawei, ncp};
use secretmanager_emulator::Emulator;

/// A retry policy with short waits, so fault tests stay quick.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(40))
        .max_retry_after(Duration::from_millis(50))
}

/// An NCP client builder for `emulator` (no proxy, the emulator's credentials, fast retries).
pub fn ncp_builder(emulator: &Emulator) -> ncp::ClientBuilder {
    ncp::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.ncp_credentials())
        .no_proxy()
        .retry(fast_retry())
}

/// An NCP client for `emulator`.
pub fn ncp_client(emulator: &Emulator) -> ncp::Client {
    ncp_builder(emulator).build().expect("client for the emulator")
}

/// A Huawei client builder for `emulator`.
pub fn huawei_builder(emulator: &Emulator) -> huawei::ClientBuilder {
    huawei::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.huawei_credentials())
        .project_id(emulator.huawei_project_id())
        .no_proxy()
        .retry(fast_retry())
}

/// A Huawei client for `emulator`.
pub fn huawei_client(emulator: &Emulator) -> huawei::Client {
    huawei_builder(emulator).build().expect("client for the emulator")
}

/// A FunctionGraph rotation function, which RotateSecret needs on a COMMON secret.
pub const FUNCTION_URN: &str =
    "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate-db:latest";

/// The value every test secret starts with.
pub const INITIAL_VALUE: &str = r#"{"user":"app","password":"initial-pw-1"}"#;

/// Creates a secret named `name` with [`INITIAL_VALUE`] and `password` as rotation target.
pub fn create_secret(client: &ncp::Client, name: &str) -> String {
    let op = ncp::CreateSecret::new(name, INITIAL_VALUE, ["password"]);
    client.create_secret(&op).expect("create secret").secret_id
}

/// Creates a secret with auto rotation on the emulator's trigger, runs Execute Rotation Job,
/// and returns the secret id and the job token read from the secret's logs.
pub fn secret_with_job(client: &ncp::Client, name: &str) -> (String, String) {
    let secret_id = create_secret(client, name);
    let enable = ncp::EnableAutoRotation::new(secret_id.as_str())
        .rotation_period(30)
        .trigger_id(secretmanager_emulator::TRIGGER_ID);
    client.enable_auto_rotation(&enable).expect("enable auto rotation");
    client.execute_rotation_job(&ncp::ExecuteRotationJob::new(secret_id.as_str())).expect("execute");
    let token = job_token(client, &secret_id).expect("a job token in the logs");
    (secret_id, token)
}

/// The job token of the newest log entry that carries one.
pub fn job_token(client: &ncp::Client, secret_id: &str) -> Option<String> {
    let logs = client
        .get_secret_logs(&ncp::GetSecretLogs::new(secret_id).keyword("Execute Rotation Job"))
        .expect("logs");
    logs.entries.into_iter().find_map(|entry| entry.job_token)
}

/// Polls `done` every 10 ms until it holds or `limit` passes; whether it held.
pub fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let end = std::time::Instant::now() + limit;
    while std::time::Instant::now() < end {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    done()
}
