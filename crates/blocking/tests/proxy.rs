//! Calls through an HTTP proxy: a tiny tunnelling proxy on 127.0.0.1 in front of the emulator.
//!
//! ureq sends every request through an `http://` proxy in a `CONNECT` tunnel (also for `http://`
//! targets), so the proxy sees `CONNECT host:port` and then the request itself in origin form,
//! which is what the signature covers.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use secretmanager_blocking::ncp;
use secretmanager_emulator::Emulator;

/// How long the proxy waits for a connection or for bytes before giving up.
const IDLE: Duration = Duration::from_secs(10);

/// A proxy accepting one connection, tunnelling it to `upstream` (and only there) after a
/// `CONNECT`. Sends every request line it sees: the `CONNECT` line, then the first request
/// line inside the tunnel. Returns its URL.
fn start_proxy(upstream: SocketAddr) -> (String, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let (lines, seen) = channel();
    std::thread::spawn(move || {
        if let Some(client) = common::socks::accept_within(&listener, IDLE) {
            // An error ends the tunnel; the test then fails on the client's side.
            let _ = tunnel(client, upstream, &lines);
        }
    });
    (url, seen)
}

fn tunnel(client: TcpStream, upstream: SocketAddr, lines: &Sender<String>) -> std::io::Result<()> {
    client.set_read_timeout(Some(IDLE))?;
    let mut to_client = client.try_clone()?;
    let mut from_client = BufReader::new(client);
    let mut line = String::new();
    from_client.read_line(&mut line)?;
    let _ = lines.send(line.trim_end().to_owned());
    if !line.starts_with("CONNECT ") {
        return Ok(());
    }
    // The rest of the CONNECT head, up to the empty line.
    loop {
        let mut header = String::new();
        if from_client.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
    }
    let mut server = TcpStream::connect(upstream)?;
    server.set_read_timeout(Some(IDLE))?;
    to_client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;

    // The first request line inside the tunnel, then everything else, both ways.
    let mut request_line = String::new();
    from_client.read_line(&mut request_line)?;
    let _ = lines.send(request_line.trim_end().to_owned());
    server.write_all(request_line.as_bytes())?;
    let mut from_server = server.try_clone()?;
    std::thread::spawn(move || std::io::copy(&mut from_server, &mut to_client));
    std::io::copy(&mut from_client, &mut server)?;
    Ok(())
}

#[test]
fn a_call_through_an_http_proxy_reaches_the_emulator_with_a_valid_signature() {
    let emulator = Emulator::start().unwrap();
    let (proxy_url, seen) = start_proxy(emulator.local_addr());
    let client = common::ncp_builder(&emulator).proxy(&proxy_url).build().unwrap();

    let id = common::create_secret(&client, "through-proxy");
    let chain = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).unwrap();
    assert_eq!(chain.chain.active.unwrap().expose(), common::INITIAL_VALUE);

    let connect = seen.recv_timeout(IDLE).unwrap();
    assert_eq!(connect, format!("CONNECT {} HTTP/1.1", emulator.local_addr()));
    let first = seen.recv_timeout(IDLE).unwrap();
    assert_eq!(first, "POST /api/v1/secrets HTTP/1.1", "origin form inside the tunnel");
    // Both requests came through the proxy's one connection and passed the signature check
    // (a signature over any other target would have been answered 401).
    let statuses: Vec<_> = emulator.requests().into_iter().map(|r| (r.method, r.status)).collect();
    assert_eq!(statuses, [("POST".to_owned(), Some(200)), ("GET".to_owned(), Some(200))]);
}

#[test]
fn a_call_through_a_socks5_proxy_reaches_the_emulator() {
    for scheme in ["socks5", "socks5h"] {
        let emulator = Emulator::start().unwrap();
        let (proxy_url, seen) = common::socks::start_socks5_proxy(emulator.local_addr());
        let proxy_url = proxy_url.replacen("socks5", scheme, 1);
        let client = common::ncp_builder(&emulator).proxy(&proxy_url).build().unwrap();
        let id = common::create_secret(&client, "through-socks");
        let chain = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).unwrap();
        assert_eq!(chain.chain.active.unwrap().expose(), common::INITIAL_VALUE);
        assert_eq!(seen.recv_timeout(IDLE).unwrap(), emulator.local_addr().to_string(), "{scheme}");
        assert_eq!(emulator.requests().len(), 2, "{scheme}: both calls came through the proxy's tunnel");
    }
}

#[test]
fn every_socks_scheme_is_accepted_and_an_unreachable_one_is_a_connect_failure() {
    let emulator = Emulator::start().unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    for scheme in ["socks4", "socks4a", "socks5", "socks5h"] {
        let client = common::ncp_builder(&emulator)
            .proxy(&format!("{scheme}://127.0.0.1:{port}"))
            .retry(secretmanager_blocking::RetryPolicy::none())
            .build()
            .unwrap_or_else(|e| panic!("{scheme}: {e}"));
        let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
        assert!(!err.request_may_have_been_sent(), "{scheme}: {err:?}");
    }
    assert!(emulator.requests().is_empty(), "nothing bypassed the proxy");
}

#[test]
fn no_proxy_setting_panics() {
    // Whatever the proxy text, building either fails with a configuration error or gives a
    // client whose calls fail cleanly: nothing panics (a panic would be SM_PANIC in C).
    let emulator = Emulator::start().unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    for proxy in [
        format!("socks5://127.0.0.1:{port}"),
        format!("socks5h://user:pass@127.0.0.1:{port}"),
        format!("socks4a://127.0.0.1:{port}"),
        format!("https://127.0.0.1:{port}"),
        format!("127.0.0.1:{port}"),
        "socks5://".to_owned(),
        "socks5://[::1".to_owned(),
        "socks9://127.0.0.1:1".to_owned(),
        "http://127.0.0.1:99999".to_owned(),
        "http://u:p@".to_owned(),
        "\u{0}".to_owned(),
        "http://\u{e9}t\u{e9}.invalid:1".to_owned(),
    ] {
        let built = common::ncp_builder(&emulator)
            .proxy(&proxy)
            .retry(secretmanager_blocking::RetryPolicy::none())
            // Room for a slow resolver (one proxy host is a `.invalid` name): a call cut off by
            // the deadline would count as maybe sent.
            .total_timeout(Duration::from_secs(30))
            .build();
        match built {
            Ok(client) => {
                let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
                assert!(!err.request_may_have_been_sent(), "{proxy:?}: {err:?}");
            }
            Err(err) => {
                assert!(matches!(err, secretmanager_blocking::Error::Config(_)), "{proxy:?}: {err:?}")
            }
        }
    }
    assert!(emulator.requests().is_empty(), "nothing bypassed the proxy");
}
