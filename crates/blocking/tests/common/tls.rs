//! A test CA made by the test (rcgen) and a TLS server on 127.0.0.1 (rustls) presenting a
//! certificate it signed, answering each request with an empty secret list. Shared by the
//! C ABI tests too (`crates/ffi/tests/tls.rs` includes this file).
#![allow(dead_code, unreachable_pub, reason = "each test binary uses part of the helpers")]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The answer to an NCP `GetSecretList`.
const NCP_LIST: &str =
    r#"{"code":"SUCCESS","data":{"totalPageNo":1,"currentPageNo":1,"totalCount":0,"secretList":[]}}"#;
/// The answer to a Huawei `ListSecrets`.
const HUAWEI_LIST: &str = r#"{"secrets":[],"page_info":{"total_count":0}}"#;

/// A certificate authority that exists only for one test.
pub struct TestCa {
    /// Its certificate, PEM.
    pub pem: String,
    issuer: Issuer<'static, KeyPair>,
}

impl TestCa {
    /// A new CA whose common name is `name`.
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().expect("a CA key");
        let pem = params.self_signed(&key).expect("the CA certificate").pem();
        Self { pem, issuer: Issuer::new(params, key) }
    }

    /// A server certificate for 127.0.0.1 signed by this CA, and its key.
    fn server_cert(&self) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
        let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("leaf parameters");
        params.distinguished_name.push(DnType::CommonName, "127.0.0.1");
        let key = KeyPair::generate().expect("a server key");
        let cert = params.signed_by(&key, &self.issuer).expect("the server certificate");
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        (cert.der().clone(), key)
    }

    /// Writes the CA certificate to a new file named after `name` and hands back its path.
    pub fn write_pem(&self, name: &str) -> PathBuf {
        write_file(name, self.pem.as_bytes())
    }
}

/// Writes `contents` to a file named after `name` in this test's own folder, unique to the
/// process, and hands back its path.
pub fn write_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder for test files");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("a test file");
    path
}

/// What the server saw on one connection: the request line it answered, or why the handshake
/// or the request failed.
pub type Seen = Result<String, String>;

/// Starts a TLS server on 127.0.0.1 presenting a certificate of `ca`, for up to `connections`
/// connections (or 10 s); hands back its `https://` base URL and, once it is done, what it saw.
pub fn serve(ca: &TestCa, connections: usize) -> (String, std::thread::JoinHandle<Vec<Seen>>) {
    let (cert, key) = ca.server_cert();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("a server configuration");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("https://{}", listener.local_addr().expect("its address"));
    listener.set_nonblocking(true).expect("a non-blocking listener");
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let end = Instant::now() + Duration::from_secs(10);
        while seen.len() < connections && Instant::now() < end {
            let Ok((tcp, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            tcp.set_nonblocking(false).expect("a blocking stream");
            tcp.set_read_timeout(Some(Duration::from_secs(5))).expect("a read timeout");
            let connection = rustls::ServerConnection::new(config.clone()).expect("a TLS connection");
            seen.push(answer(rustls::StreamOwned::new(connection, tcp)));
        }
        seen
    });
    (url, handle)
}

/// Reads one request head on `stream` and answers it with an empty list of the provider whose
/// path it names; the request line, or why it could not be read.
fn answer(mut stream: rustls::StreamOwned<rustls::ServerConnection, std::net::TcpStream>) -> Seen {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(0) => return Err("closed before a request".into()),
            Ok(_) => head.push(byte[0]),
            Err(e) => return Err(e.to_string()),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let line = head.lines().next().unwrap_or_default().to_owned();
    let body = if line.contains("/api/") { NCP_LIST } else { HUAWEI_LIST };
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).map_err(|e| e.to_string())?;
    stream.conn.send_close_notify();
    let _ = stream.flush();
    Ok(line)
}
