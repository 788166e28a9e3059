//! A SOCKS5 proxy for the tests: no authentication, CONNECT only, one connection.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// How long the proxy waits for a connection or for bytes before giving up.
const IDLE: Duration = Duration::from_secs(10);

/// The first connection to `listener` within `limit`, blocking.
pub fn accept_within(listener: &TcpListener, limit: Duration) -> Option<TcpStream> {
    listener.set_nonblocking(true).ok()?;
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if let Ok((stream, _)) = listener.accept() {
            stream.set_nonblocking(false).ok()?;
            return Some(stream);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// A SOCKS5 proxy accepting one connection and tunnelling it
/// to `upstream` (and only there). Sends the target it was asked for (`host:port`).
pub fn start_socks5_proxy(upstream: SocketAddr) -> (String, Receiver<String>) {
    start_socks5_proxy_on("127.0.0.1:0", upstream)
}

/// [`start_socks5_proxy`] listening on `address`.
pub fn start_socks5_proxy_on(address: &str, upstream: SocketAddr) -> (String, Receiver<String>) {
    let listener = TcpListener::bind(address).expect("a local port");
    let url = format!("socks5://{}", listener.local_addr().expect("its address"));
    let (targets, seen) = channel();
    std::thread::spawn(move || {
        if let Some(client) = accept_within(&listener, IDLE) {
            let _ = socks5_tunnel(client, upstream, &targets);
        }
    });
    (url, seen)
}

fn socks5_tunnel(
    mut client: TcpStream,
    upstream: SocketAddr,
    targets: &Sender<String>,
) -> std::io::Result<()> {
    client.set_read_timeout(Some(IDLE))?;
    // Greeting: version 5, n methods; choose "no authentication".
    let mut head = [0u8; 2];
    client.read_exact(&mut head)?;
    let mut methods = vec![0u8; usize::from(head[1])];
    client.read_exact(&mut methods)?;
    if head[0] != 5 || !methods.contains(&0) {
        return client.write_all(&[5, 0xff]);
    }
    client.write_all(&[5, 0])?;
    // Request: version, CONNECT, reserved, address type, address, port.
    let mut request = [0u8; 4];
    client.read_exact(&mut request)?;
    let host = match request[3] {
        1 => {
            let mut v4 = [0u8; 4];
            client.read_exact(&mut v4)?;
            std::net::Ipv4Addr::from(v4).to_string()
        }
        3 => {
            let mut len = [0u8; 1];
            client.read_exact(&mut len)?;
            let mut name = vec![0u8; usize::from(len[0])];
            client.read_exact(&mut name)?;
            String::from_utf8_lossy(&name).into_owned()
        }
        _ => return client.write_all(&[5, 8, 0, 1, 0, 0, 0, 0, 0, 0]),
    };
    let mut port = [0u8; 2];
    client.read_exact(&mut port)?;
    let _ = targets.send(format!("{host}:{}", u16::from_be_bytes(port)));
    let mut server = TcpStream::connect(upstream)?;
    server.set_read_timeout(Some(IDLE))?;
    client.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0])?;
    let mut from_server = server.try_clone()?;
    let mut to_client = client.try_clone()?;
    std::thread::spawn(move || std::io::copy(&mut from_server, &mut to_client));
    std::io::copy(&mut client, &mut server)?;
    Ok(())
}
