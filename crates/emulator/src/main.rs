//! `secretmanager-emulator [--port N] [--bind ADDR] [--seed N]`: serves NCP Secret Manager and
//! Huawei CSMS on one port until interrupted.
//!
//! Prints one `key=value` fact per line on stdout, the first line being exactly
//! `listening on http://127.0.0.1:PORT`, then the credentials it accepts (emulator test
//! credentials) and the seeded ids.

use std::io::{self, Write};
use std::net::IpAddr;
use std::process::ExitCode;
use std::thread;

use secretmanager_emulator::{Emulator, KMS_KEY_TAG, SECOND_TRIGGER_ID, TRIGGER_ID};

const USAGE: &str = "usage: secretmanager-emulator [--port N] [--bind ADDR] [--seed N]";

fn main() -> ExitCode {
    let mut builder = Emulator::builder();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        let step = match arg.as_str() {
            "--port" => value()
                .and_then(|v| v.parse::<u16>().map_err(|_| format!("bad port {v}")))
                .map(|p| builder.clone().port(p)),
            "--bind" => value()
                .and_then(|v| v.parse::<IpAddr>().map_err(|_| format!("bad address {v}")))
                .map(|a| builder.clone().bind(a)),
            "--seed" => value()
                .and_then(|v| v.parse::<u64>().map_err(|_| format!("bad seed {v}")))
                .map(|s| builder.clone().seed(s)),
            "--help" | "-h" => {
                let _ = writeln!(io::stdout().lock(), "{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => Err(format!("unknown argument {other}")),
        };
        match step {
            Ok(next) => builder = next,
            Err(message) => {
                eprintln!("{message}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let emulator = match builder.start() {
        Ok(emulator) => emulator,
        Err(err) => {
            eprintln!("cannot start the emulator: {err}");
            return ExitCode::FAILURE;
        }
    };
    if announce(&emulator).is_err() {
        return ExitCode::FAILURE;
    }
    loop {
        thread::park();
    }
}

fn announce(emulator: &Emulator) -> io::Result<()> {
    let ncp = emulator.ncp_credentials();
    let huawei = emulator.huawei_credentials();
    let mut out = io::stdout().lock();
    writeln!(out, "listening on {}", emulator.base_url())?;
    writeln!(out, "ncp_access_key={}", ncp.access_key())?;
    writeln!(out, "ncp_secret_key={}", ncp.secret_key().expose())?;
    writeln!(out, "huawei_access_key={}", huawei.access_key())?;
    writeln!(out, "huawei_secret_key={}", huawei.secret_key().expose())?;
    writeln!(out, "huawei_project_id={}", emulator.huawei_project_id())?;
    writeln!(out, "huawei_auth_token={}", emulator.huawei_auth_token().expose())?;
    writeln!(out, "ncp_trigger_id={TRIGGER_ID}")?;
    writeln!(out, "ncp_second_trigger_id={SECOND_TRIGGER_ID}")?;
    writeln!(out, "ncp_kms_key_tag={KMS_KEY_TAG}")?;
    out.flush()
}
