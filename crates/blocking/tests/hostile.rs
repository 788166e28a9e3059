//! Answers no honest server gives (a huge head, a body that is not JSON), names that do not
//! resolve, and arguments refused before anything is sent.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use secretmanager_blocking::ncp::{self, Client, Credentials};
use secretmanager_blocking::{Error, TimeoutPhase, TransportErrorKind};

use common::fast_retry;

/// A server on 127.0.0.1 that answers every connection with the same raw bytes and counts the
/// connections. It stops when dropped, or after 20 s at most.
struct RawServer {
    url: String,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RawServer {
    fn start(answer: Vec<u8>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (connections, stop) = (connections.clone(), stop.clone());
            std::thread::spawn(move || {
                let deadline = Instant::now() + Duration::from_secs(20);
                while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            connections.fetch_add(1, Ordering::SeqCst);
                            answer_once(stream, &answer);
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Self { url, connections, stop, thread: Some(thread) }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads the request head (bounded in time and size), writes `answer`, and closes. Write
/// errors are expected: the client may hang up in the middle of a hostile answer.
fn answer_once(mut stream: TcpStream, answer: &[u8]) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 1 << 20 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let _ = stream.write_all(answer);
    let _ = stream.flush();
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .credentials(Credentials::new("AK", "SK-hostile-test"))
        .no_proxy()
        .retry(fast_retry().max_retries(3))
        .build()
        .expect("client")
}

#[test]
fn an_oversized_response_head_is_a_protocol_error_sent_once() {
    let mut answer = b"HTTP/1.1 200 OK\r\nX-Padding: ".to_vec();
    answer.resize(answer.len() + 8 * 1024 * 1024, b'a');
    answer.extend_from_slice(b"\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    let server = RawServer::start(answer);
    let err = client(&server.url).get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert!(matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::Protocol), "{err:?}");
    assert!(!err.retryable(), "{err:?}");
    assert_eq!(server.connections(), 1, "a read that may be retried was not: one attempt only");
}

#[test]
fn a_body_that_is_not_json_is_a_decode_error_with_the_status() {
    let body = "<html>gateway says hi</html>";
    let answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let server = RawServer::start(answer.into_bytes());
    let err = client(&server.url).get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert!(matches!(err, Error::Decode(ref d) if d.status == 200), "{err:?}");
    assert_eq!(err.status(), Some(200));
    assert!(!err.to_string().contains("gateway says hi"), "{err}");
    assert_eq!(server.connections(), 1);
}

#[test]
fn a_host_that_does_not_resolve_is_not_sent() {
    let client = client("http://name.invalid");
    let create = ncp::CreateSecret::new("secret-1", r#"{"k":"v"}"#, ["k"]);
    for err in [
        client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err(),
        client.create_secret(&create).unwrap_err(),
    ] {
        // A resolver that answers nothing in time is a connect timeout: not sent either.
        assert!(
            matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed)
                || matches!(err, Error::Timeout(ref t) if t.phase == TimeoutPhase::Connect),
            "{err:?}"
        );
        assert!(!err.request_may_have_been_sent(), "{err}");
    }
}

#[test]
fn bad_user_agents_are_refused_when_the_client_is_built() {
    let build = |agent: String| {
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .credentials(Credentials::new("AK", "SK"))
            .user_agent(agent)
            .build()
    };
    for agent in [
        String::new(),
        "x".repeat(1024 * 1024),
        "x".repeat(1025),
        "app\r\nX-Injected: 1".into(),
        "app\u{7f}".into(),
        "caf\u{e9}/1".into(),
        " app".into(),
        "app ".into(),
    ] {
        let err = build(agent.clone()).unwrap_err();
        assert!(matches!(err, Error::Config(ref m) if m.contains("user_agent")), "{:.40?}: {err:?}", agent);
    }
    assert!(build("x".repeat(1024)).is_ok());
    assert!(build("my-app/1.0 (linux; +https://example.com)".into()).is_ok());
}

#[test]
fn bad_base_urls_are_refused_when_the_client_is_built() {
    for url in [
        "http://127.0.0.1:99999",
        "http://127.0.0.1:0",
        "http://h:x",
        "http://[::1",
        "http://[::1]x",
        "http://u@h",
    ] {
        let err =
            Client::builder().base_url(url).credentials(Credentials::new("AK", "SK")).build().unwrap_err();
        assert!(matches!(err, Error::Config(ref m) if m.contains("endpoint")), "{url}: {err:?}");
    }
}

#[test]
fn over_long_and_dot_path_segments_are_validation_errors() {
    let client = client("http://127.0.0.1:9");
    let long = "a".repeat(64 * 1024);
    let err = client.get_secret_detail(&ncp::GetSecretDetail::new(long.as_str())).unwrap_err();
    assert!(matches!(err, Error::Validation(ref v) if v.field == "secretId"), "{err:?}");
    let err = client.start_rotation_job(&ncp::StartRotationJob::new("id", long.as_str())).unwrap_err();
    assert!(matches!(err, Error::Validation(ref v) if v.field == "jobToken"), "{err:?}");
    let err = client.get_secret_detail(&ncp::GetSecretDetail::new("..")).unwrap_err();
    assert!(matches!(err, Error::Validation(ref v) if v.field == "secretId"), "{err:?}");
}
