//! Many connections at once: each one opened in a burst and kept alive is served, none waits
//! behind another (as a client pool opening 64 connections at once needs).

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use secretmanager_emulator::Emulator;

const CONNECTIONS: usize = 64;
const HEALTHY: &str = r#"{"status":"ok"}"#;

/// Sends a kept-alive health check on `stream` and reads until its answer's body arrives (or
/// the read timeout ends the wait).
fn health_check(stream: &mut TcpStream, host: &str) -> Result<(), String> {
    let request = format!("GET /_emulator/health HTTP/1.1\r\nHost: {host}\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(|err| format!("send: {err}"))?;
    let mut answer = Vec::new();
    let mut buf = [0_u8; 1024];
    while !String::from_utf8_lossy(&answer).contains(HEALTHY) {
        match stream.read(&mut buf) {
            Ok(0) => return Err(format!("closed after {:?}", String::from_utf8_lossy(&answer))),
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(err) => return Err(format!("no answer: {err}")),
        }
    }
    Ok(())
}

#[test]
fn connections_opened_in_a_burst_and_kept_alive_are_all_served() {
    let emulator = Emulator::start().expect("emulator");
    let host = emulator.local_addr().to_string();
    // All connections first, as fast as they open, so they reach the server together.
    let mut streams: Vec<TcpStream> = (0..CONNECTIONS)
        .map(|_| {
            let stream = TcpStream::connect(emulator.local_addr()).expect("the emulator accepts");
            stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a read timeout");
            stream
        })
        .collect();
    // Every connection stays open (kept alive) while the others are served: twice each.
    for round in 0..2 {
        let failures: Vec<String> = streams
            .iter_mut()
            .enumerate()
            .filter_map(|(i, stream)| health_check(stream, &host).err().map(|e| format!("#{i}: {e}")))
            .collect();
        assert!(
            failures.is_empty(),
            "round {round}: {} of {CONNECTIONS} unanswered: {failures:?}",
            failures.len()
        );
    }
}
