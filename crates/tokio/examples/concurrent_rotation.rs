//! The async client against an emulator started in-process: a secret created, rotated with
//! the rotation helper, then read by 32 tasks at once on one client, every value redacted.
//!
//! ```text
//! cargo run -p secretmanager-tokio --example concurrent_rotation
//! ```
#![allow(clippy::print_stdout, reason = "an example prints its steps")]

use std::error::Error as StdError;

use secretmanager_emulator::{Emulator, TRIGGER_ID};
use secretmanager_tokio::ncp::{self, Client, PendingValue};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn StdError>> {
    let emulator = Emulator::start()?;
    let client = Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.ncp_credentials())
        .no_proxy()
        .build()?;

    let created = client
        .create_secret(&ncp::CreateSecret::new(
            "async-db",
            r#"{"user":"app","password":"initial"}"#,
            ["password"],
        ))
        .await?;
    let id = created.secret_id;
    println!("1. created secret {id}");
    let enable = ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(TRIGGER_ID);
    client.enable_auto_rotation(&enable).await?;
    client.execute_rotation_job(&ncp::ExecuteRotationJob::new(id.as_str())).await?;
    let logs =
        client.get_secret_logs(&ncp::GetSecretLogs::new(id.as_str()).keyword("Execute Rotation Job")).await?;
    let token = logs.entries.into_iter().find_map(|entry| entry.job_token).ok_or("no job token")?;
    println!("2. rotation job executed");

    let outcome = client
        .rotate(&id, &token, PendingValue::generate(), async |rotation| {
            // A real rotation function sets the new password on the database here.
            println!("3. new value ready ({} bytes, redacted)", rotation.pending.expose().len());
            Ok::<(), std::io::Error>(())
        })
        .await?;
    println!("4. job completed; new ACTIVE of {} bytes", outcome.new_value.expose().len());

    let mut readers = tokio::task::JoinSet::new();
    for _ in 0..32 {
        let (client, id) = (client.clone(), id.clone());
        readers.spawn(async move { client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).await });
    }
    let mut same = 0;
    while let Some(read) = readers.join_next().await {
        let chain = read??.chain;
        if chain.active.as_ref().map(|v| v.expose()) == Some(outcome.new_value.expose()) {
            same += 1;
        }
    }
    println!("5. 32 concurrent reads, {same} saw the new ACTIVE");
    if same != 32 {
        return Err("a reader saw another value".into());
    }
    println!("concurrent_rotation: OK");
    Ok(())
}
