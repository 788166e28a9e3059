//! Quickstart: one secret through a full rotation, step by step, with every value redacted.
//!
//! ```text
//! cargo run -p secretmanager-blocking --example quickstart
//! ```
//! runs against an emulator started in-process. With NCP credentials in the environment
//! (`NCLOUD_ACCESS_KEY` / `NCLOUD_SECRET_KEY`, or `~/.ncloud/configure`), the same flow runs on
//! the real service:
//!
//! ```text
//! cargo run -p secretmanager-blocking --example quickstart -- \
//!     --endpoint kr-global --trigger-id <rotation trigger id>
//! ```
//! (`--endpoint` takes `kr-global`, `kr-isolated`, `jp` or a base URL.)
#![allow(clippy::print_stdout, reason = "an example prints its steps")]

use std::error::Error as StdError;
use std::time::Duration;

use secretmanager_blocking::SecretString;
use secretmanager_blocking::ncp::{self, Client, Endpoint, PendingValue};
use secretmanager_emulator::Emulator;

type Result<T> = std::result::Result<T, Box<dyn StdError>>;

struct Options {
    endpoint: Option<String>,
    trigger_id: Option<String>,
}

fn parse_args() -> Result<Options> {
    let mut options = Options { endpoint: None, trigger_id: None };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoint" => options.endpoint = Some(args.next().ok_or("--endpoint needs a value")?),
            "--trigger-id" => options.trigger_id = Some(args.next().ok_or("--trigger-id needs a value")?),
            "-h" | "--help" => {
                println!("usage: quickstart [--endpoint kr-global|kr-isolated|jp|<url>] [--trigger-id <id>]");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    Ok(options)
}

/// How a value is shown: its keys and size, never its content.
fn redacted(value: Option<&SecretString>) -> String {
    let Some(value) = value else { return "(none)".to_owned() };
    let keys = match serde_json::from_str::<serde_json::Value>(value.expose()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect::<Vec<_>>().join(", "),
        _ => "not a JSON object".to_owned(),
    };
    format!("{value} ({} bytes; keys: {keys})", value.len())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let options = parse_args()?;
    // Keep the emulator alive for the whole run when it is used.
    let mut _emulator = None;
    let (client, trigger_id) = match options.endpoint.as_deref() {
        None => {
            let emulator = Emulator::start()?;
            println!("0. started the emulator at {}", emulator.base_url());
            let client = Client::builder()
                .base_url(emulator.base_url())
                .credentials(emulator.ncp_credentials())
                .no_proxy()
                .build()?;
            _emulator = Some(emulator);
            (client, secretmanager_emulator::TRIGGER_ID.to_owned())
        }
        Some(name) => {
            let builder = match name {
                "kr-global" => Client::builder().endpoint(Endpoint::kr_global()),
                "kr-isolated" => Client::builder().endpoint(Endpoint::kr_isolated()),
                "jp" => Client::builder().endpoint(Endpoint::jp()),
                url => Client::builder().base_url(url),
            };
            let trigger_id = options.trigger_id.ok_or("--trigger-id is required with --endpoint")?;
            let client = builder.credentials_from_env().build()?;
            println!("0. using {}{}", client.endpoint().origin(), client.endpoint().base_path());
            (client, trigger_id)
        }
    };

    let name = format!("qs-{:06}", fastrand::u32(..1_000_000));
    let initial = r#"{"user":"app","password":"quickstart-initial-1"}"#;
    let secret = client.create_secret(&ncp::CreateSecret::new(name.as_str(), initial, ["password"]))?;
    let id = secret.secret_id;
    println!("1. created secret {name} ({id}) with value {}", redacted(Some(&SecretString::from(initial))));

    let enable =
        ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(trigger_id.as_str());
    let rotation = client.enable_auto_rotation(&enable)?;
    let period = rotation.auto_rotation_period.map_or("?".to_owned(), |days| days.to_string());
    println!("2. enabled auto rotation every {period} days with trigger {trigger_id}");

    client.execute_rotation_job(&ncp::ExecuteRotationJob::new(id.as_str()))?;
    println!("3. executed a rotation job");

    let token = find_job_token(&client, &id)?;
    println!("4. found the job token in the secret's logs: {} characters", token.len());

    let outcome = client.rotate(&id, &token, PendingValue::Random, |job| {
        println!("5. started the job; ACTIVE is {}", redacted(job.current.chain.active.as_ref()));
        println!("6. NCP generated PENDING: {}", redacted(Some(job.pending)));
        println!("7. (a rotation function applies PENDING to the target system here)");
        Ok::<(), std::io::Error>(())
    })?;
    println!("8. completed the job; the new ACTIVE value is {}", redacted(Some(&outcome.new_value)));

    let chain = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str()))?;
    println!("9. value chain:");
    println!("   previous: {}", redacted(chain.chain.previous.as_ref()));
    println!("   active:   {}", redacted(chain.chain.active.as_ref()));
    println!("   pending:  {}", redacted(chain.chain.pending.as_ref()));

    let deletion = client.request_secret_deletion(&ncp::RequestSecretDeletion::new(id.as_str()))?;
    let status = deletion.secret_status.map_or("?".to_owned(), |s| s.to_string());
    println!("10. requested deletion of the secret (status {status})");
    Ok(())
}

/// Reads the newest job token from the secret's logs, waiting up to 30 s for it to appear.
fn find_job_token(client: &Client, id: &str) -> Result<String> {
    for _ in 0..30 {
        let logs = client.get_secret_logs(&ncp::GetSecretLogs::new(id).keyword("Execute Rotation Job"))?;
        if let Some(token) = logs.entries.into_iter().find_map(|entry| entry.job_token) {
            return Ok(token);
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    Err("no job token appeared in the logs within 30 s".into())
}
