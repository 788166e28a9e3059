//! The binary prints its address first and serves until killed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn binary_announces_its_address_and_credentials() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_secretmanager-emulator"))
        .args(["--port", "0", "--bind", "127.0.0.1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().expect("a first line").expect("readable");
    let facts: Vec<String> = lines.by_ref().take(9).map(|l| l.expect("readable")).collect();
    let base_url = first.strip_prefix("listening on ").expect("first line format").to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{first}");
    assert!(facts.iter().any(|f| f == &format!("ncp_access_key={}", secretmanager_emulator::NCP_ACCESS_KEY)));
    assert!(
        facts
            .iter()
            .any(|f| f == &format!("huawei_project_id={}", secretmanager_emulator::HUAWEI_PROJECT_ID))
    );

    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let health = agent.get(&format!("{base_url}/_emulator/health")).call();
    let status = health.map(|r| r.status().as_u16());
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status.expect("the binary answers"), 200);
}

#[test]
fn binary_rejects_bad_arguments() {
    let status = Command::new(env!("CARGO_BIN_EXE_secretmanager-emulator"))
        .args(["--port", "not-a-port"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("binary runs");
    assert_eq!(status.code(), Some(2));
}
