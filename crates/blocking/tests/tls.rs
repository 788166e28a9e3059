//! TLS is on and verified for `https://` endpoints: a server presenting a self-signed
//! certificate is refused, and so is a port that answers the ClientHello with plain HTTP; both
//! fail the call as a connection failure before any request is written.
//!
//! The workspace has no TLS server, so the untrusted server is a canned TLS 1.2 handshake: its
//! first flight (ServerHello, Certificate, ServerKeyExchange, ServerHelloDone) carries a fixed
//! self-signed certificate for 127.0.0.1. A TLS 1.2 client checks the certificate chain as soon
//! as that flight ends, before it looks at the key exchange (whose signature here is filler), so
//! the refusal can only come from the untrusted certificate.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use secretmanager_blocking::ncp::{self, Client, Credentials};
use secretmanager_blocking::{Error, RetryPolicy, TransportErrorKind};

/// The first byte of a TLS handshake record (a ClientHello starts with it).
const TLS_HANDSHAKE_RECORD: u8 = 0x16;

/// A self-signed server certificate that no trusted root signed: RSA, a leaf (`CA:FALSE`,
/// `serverAuth`), CN and IP SAN 127.0.0.1, valid until 2126.
const UNTRUSTED_CERT: &[u8] = include_bytes!("fixtures/untrusted-self-signed.der");

/// `len` as a big-endian number of `width` bytes.
fn length(len: usize, width: usize) -> Vec<u8> {
    len.to_be_bytes()[std::mem::size_of::<usize>() - width..].to_vec()
}

/// A handshake message of `kind` with `body`.
fn handshake(kind: u8, body: &[u8]) -> Vec<u8> {
    [vec![kind], length(body.len(), 3), body.to_vec()].concat()
}

/// The server's first TLS 1.2 flight, in one handshake record.
fn tls12_first_flight(cert: &[u8]) -> Vec<u8> {
    let server_hello = [
        &[0x03, 0x03][..], // TLS 1.2
        &[0x42; 32],       // server random (no downgrade marker)
        &[0x00],           // no session id
        &[0xc0, 0x2f],     // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        &[0x00],           // no compression
        &[0x00, 0x00],     // no extensions
    ]
    .concat();
    let entry = [length(cert.len(), 3), cert.to_vec()].concat();
    let certificate = [length(entry.len(), 3), entry].concat();
    let key_exchange = [
        &[0x03, 0x00, 0x1d, 0x20][..], // named curve x25519, 32-byte point
        &[0x09; 32],                   // the point
        &[0x08, 0x04, 0x01, 0x00],     // rsa_pss_rsae_sha256, 256-byte signature
        &[0x00; 256],                  // filler: never checked, the chain fails first
    ]
    .concat();
    let messages = [
        handshake(2, &server_hello),
        handshake(11, &certificate),
        handshake(12, &key_exchange),
        handshake(14, &[]),
    ]
    .concat();
    [vec![0x16, 0x03, 0x03], length(messages.len(), 2), messages].concat()
}

/// Accepts connections for a while; answers each one's first bytes with a plain HTTP answer
/// and hands back those first bytes, one entry per connection.
fn not_tls_server(connections: usize) -> (u16, std::thread::JoinHandle<Vec<Vec<u8>>>) {
    answering_server(connections, b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".to_vec())
}

/// Accepts connections for a while; answers each one's first bytes with `answer` and hands
/// back those first bytes, one entry per connection.
fn answering_server(connections: usize, answer: Vec<u8>) -> (u16, std::thread::JoinHandle<Vec<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().expect("its address").port();
    listener.set_nonblocking(true).expect("a non-blocking listener");
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let end = Instant::now() + Duration::from_secs(10);
        while seen.len() < connections && Instant::now() < end {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            stream.set_nonblocking(false).expect("a blocking stream");
            stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a read timeout");
            let first = first_record(&mut stream);
            let _ = stream.write_all(&answer);
            // Whatever the client says next (an alert) is read until it closes, so that no
            // unread byte turns the close into a reset. Bounded by the read timeout.
            let _ = std::io::copy(&mut stream, &mut std::io::sink());
            seen.push(first);
        }
        seen
    });
    (port, handle)
}

/// The first TLS record the client sent (its ClientHello), whole; or the first bytes it sent
/// when they are not a TLS record.
fn first_record(stream: &mut TcpStream) -> Vec<u8> {
    let mut header = [0u8; 5];
    if stream.read_exact(&mut header).is_err() || header[0] != TLS_HANDSHAKE_RECORD {
        return header.to_vec();
    }
    let mut body = vec![0u8; usize::from(u16::from_be_bytes([header[3], header[4]]))];
    let _ = stream.read_exact(&mut body);
    [header.to_vec(), body].concat()
}

#[test]
fn a_self_signed_certificate_is_refused() {
    let (port, server) = answering_server(1, tls12_first_flight(UNTRUSTED_CERT));
    let client = Client::builder()
        .base_url(&format!("https://127.0.0.1:{port}"))
        .credentials(Credentials::new("AK", "SK"))
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert!(matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("certificate") && text.contains("UnknownIssuer"), "{text}");
    assert!(!err.request_may_have_been_sent());
    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].first(), Some(&TLS_HANDSHAKE_RECORD), "a ClientHello");
}

#[test]
fn an_https_endpoint_that_fails_the_handshake_is_a_connect_failure() {
    let (port, server) = not_tls_server(1);
    let client = Client::builder()
        .base_url(&format!("https://127.0.0.1:{port}"))
        .credentials(Credentials::new("AK", "SK"))
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert!(matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed), "{err:?}");
    assert!(!err.request_may_have_been_sent(), "the handshake failed before the request was written");
    assert_eq!(err.status(), None, "the plain HTTP answer was not read as an answer");

    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].first(), Some(&TLS_HANDSHAKE_RECORD), "a ClientHello, not a plain request");
    assert!(seen[0].len() > 5, "a whole record");
    assert!(!seen[0].windows(4).any(|w| w == b"GET "), "no request line in the clear");
}

#[test]
fn a_failed_handshake_is_retried_even_for_a_create() {
    // Nothing reached the server, so a second connection is safe.
    let (port, server) = not_tls_server(2);
    let client = Client::builder()
        .base_url(&format!("https://127.0.0.1:{port}"))
        .credentials(Credentials::new("AK", "SK"))
        .no_proxy()
        .retry(RetryPolicy::default().max_retries(1).initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let op = ncp::CreateSecret::new("never-sent", r#"{"password":"pw"}"#, ["password"]);
    let err = client.create_secret(&op).unwrap_err();
    assert!(matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed), "{err:?}");
    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 2, "one handshake and one retry");
    assert!(seen.iter().all(|first| first.first() == Some(&TLS_HANDSHAKE_RECORD)));
}
