//! A TCP relay in front of the HTTP server. Clients connect to it, and it forwards bytes both
//! ways to the HTTP server on an internal loopback socket. It passes each request head through
//! a [`HeadGuard`] (so that a head with non-ASCII bytes gets the provider's 400, where the HTTP
//! parser would refuse it bare), and it closes a client's socket both ways at once when a fault
//! says so, remembering for each internal connection (as the HTTP server sees its peer address)
//! the client's socket; on stop it closes them all.

use std::collections::HashMap;
use std::io::{self, Read as _, Write as _};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

use crate::head_guard::HeadGuard;

type Connections = Arc<Mutex<HashMap<SocketAddr, (TcpStream, TcpStream)>>>;

/// The relay: one accepting thread and two copying threads per connection.
#[derive(Debug)]
pub(crate) struct Relay {
    public_addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    connections: Connections,
    acceptor: Option<JoinHandle<()>>,
}

impl Relay {
    /// Accepts on `listener` and forwards every connection to `upstream`.
    pub(crate) fn start(listener: TcpListener, upstream: SocketAddr) -> io::Result<Self> {
        let public_addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let connections: Connections = Arc::default();
        let acceptor = {
            let stopping = Arc::clone(&stopping);
            let connections = Arc::clone(&connections);
            thread::Builder::new()
                .name("emulator-relay".into())
                .spawn(move || accept_loop(&listener, upstream, &stopping, &connections))?
        };
        Ok(Self { public_addr, stopping, connections, acceptor: Some(acceptor) })
    }

    /// The address clients connect to.
    pub(crate) fn public_addr(&self) -> SocketAddr {
        self.public_addr
    }

    /// A handle that can close relayed connections.
    pub(crate) fn dropper(&self) -> Dropper {
        Dropper { connections: Arc::clone(&self.connections) }
    }

    /// Stops accepting and closes every connection.
    pub(crate) fn stop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the blocking accept; the loop sees the flag and ends.
        let wake_addr = match self.public_addr {
            SocketAddr::V4(v4) if v4.ip().is_unspecified() => SocketAddr::from(([127, 0, 0, 1], v4.port())),
            SocketAddr::V6(v6) if v6.ip().is_unspecified() => {
                SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, v6.port()))
            }
            other => other,
        };
        let _ = TcpStream::connect_timeout(&wake_addr, std::time::Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let drained: Vec<_> =
            self.connections.lock().unwrap_or_else(PoisonError::into_inner).drain().collect();
        for (_, (client, upstream)) in drained {
            let _ = client.shutdown(Shutdown::Both);
            let _ = upstream.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Closes relayed connections with no answer.
#[derive(Debug, Clone)]
pub(crate) struct Dropper {
    connections: Connections,
}

impl Dropper {
    /// Closes, with no answer, the client connection whose internal side has `upstream_peer` as
    /// its local address (the peer address the HTTP server sees). Returns whether it was found.
    pub(crate) fn drop_connection(&self, upstream_peer: SocketAddr) -> bool {
        let entry = self.connections.lock().unwrap_or_else(PoisonError::into_inner).remove(&upstream_peer);
        match entry {
            Some((client, upstream)) => {
                let _ = client.shutdown(Shutdown::Both);
                let _ = upstream.shutdown(Shutdown::Both);
                true
            }
            None => false,
        }
    }
}

fn accept_loop(
    listener: &TcpListener,
    upstream: SocketAddr,
    stopping: &AtomicBool,
    connections: &Connections,
) {
    for client in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(client) = client else {
            // Out of descriptors or similar: back off instead of spinning.
            thread::sleep(std::time::Duration::from_millis(10));
            continue;
        };
        // A failure to relay one connection only closes that connection.
        let _ = relay_one(client, upstream, connections);
    }
}

fn relay_one(client: TcpStream, upstream: SocketAddr, connections: &Connections) -> io::Result<()> {
    let server = TcpStream::connect(upstream)?;
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let key = server.local_addr()?;
    connections
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, (client.try_clone()?, server.try_clone()?));
    let (client_read, server_write) = (client.try_clone()?, server.try_clone()?);
    thread::Builder::new().name("emulator-relay-in".into()).spawn(move || {
        pump_requests(client_read, server_write);
    })?;
    let connections = Arc::clone(connections);
    thread::Builder::new().name("emulator-relay-out".into()).spawn(move || {
        pump(server, client);
        connections.lock().unwrap_or_else(PoisonError::into_inner).remove(&key);
    })?;
    Ok(())
}

/// Copies the requests of `from` into `to` through a [`HeadGuard`] (so that a head with
/// non-ASCII bytes is answered, not dropped), ending like [`pump`].
fn pump_requests(mut from: TcpStream, mut to: TcpStream) {
    let mut guard = HeadGuard::default();
    let mut buf = vec![0_u8; 16 * 1024];
    let mut out = Vec::with_capacity(buf.len());
    loop {
        match from.read(&mut buf) {
            Ok(0) => {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
            Ok(n) => {
                out.clear();
                guard.feed(&buf[..n], &mut out);
                if to.write_all(&out).is_err() {
                    break;
                }
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
}

/// Copies `from` into `to`. At the end of `from`, the end is passed on (a half-close), so an
/// answer can still travel the other way; after an error both sockets are closed.
fn pump(mut from: TcpStream, mut to: TcpStream) {
    match io::copy(&mut from, &mut to) {
        Ok(_) => {
            let _ = to.shutdown(Shutdown::Write);
        }
        Err(_) => {
            let _ = to.shutdown(Shutdown::Both);
            let _ = from.shutdown(Shutdown::Both);
        }
    }
}
