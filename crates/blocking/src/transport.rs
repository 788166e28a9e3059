//! Sends one attempt: exactly the method, URL, headers and body the core built, and reads the
//! answer with a size limit.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{PoisonError, RwLock, TryLockError};
use std::time::Duration;
use std::{error, fmt, io};

use secretmanager_core::{HttpRequest, SecretBytes};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{ConnectionDetails, Connector, DefaultConnector, NextTimeout};
use zeroize::Zeroizing;

use crate::error::{Error, TimeoutError, TimeoutPhase, TransportErrorKind};

/// A response as the decoders and the engine need it.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The headers, for the decoders (which read the request id from them).
    pub(crate) headers: ureq::http::HeaderMap,
    /// The body (it may hold a secret value: zeroed on drop, never printed).
    pub(crate) body: SecretBytes,
}

impl RawResponse {
    /// The headers whose values are text, as name and value pairs (names in lower case).
    pub(crate) fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
    }
}

/// One shared `ureq::Agent` (its connection pool is shared by every clone and thread), rebuilt
/// when the process id changes.
///
/// A child process made by `fork()` inherits the parent's pooled sockets: if both used them,
/// each could read the other's answers. So the agent is tied to the process that built it; the
/// first call in another process replaces it with a fresh one. The old agent is leaked, not
/// dropped: dropping would close TLS sessions (writing `close_notify`) on sockets the parent
/// still uses. A child never waits for the lock: a parent thread that held it when the process
/// forked does not exist in the child, so a lock taken is used, and a lock found taken means a
/// fresh agent for that call alone.
#[derive(Debug)]
pub(crate) struct Transport {
    current: RwLock<ProcessAgent>,
    /// The process `current` belongs to, readable without the lock.
    owner: AtomicU32,
    /// The configuration every agent is built with (its proxy parsed once, by the builder).
    config: ureq::config::Config,
    /// The largest response body read.
    max_response_bytes: u64,
}

/// An agent and the process it belongs to.
#[derive(Debug, Clone)]
struct ProcessAgent {
    pid: u32,
    agent: ureq::Agent,
}

impl Transport {
    /// A transport whose agents have configuration `config`, reading bodies of at most
    /// `max_response_bytes`.
    pub(crate) fn new(config: ureq::config::Config, max_response_bytes: u64) -> Self {
        let agent = crate::config::agent(&config);
        let pid = std::process::id();
        Self {
            current: RwLock::new(ProcessAgent { pid, agent }),
            owner: AtomicU32::new(pid),
            config,
            max_response_bytes,
        }
    }

    /// The agent of this process (a fresh one in a child process).
    fn agent(&self) -> ureq::Agent {
        let pid = std::process::id();
        if self.owner.load(Ordering::Acquire) == pid {
            return self.current.read().unwrap_or_else(PoisonError::into_inner).agent.clone();
        }
        self.adopt(pid)
    }

    /// In a process that does not own the agent (a forked child): replaces it when the lock is
    /// free, else builds one for this call alone (see [`Transport`]).
    fn adopt(&self, pid: u32) -> ureq::Agent {
        let mut current = match self.current.try_write() {
            Ok(current) => current,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return crate::config::agent(&self.config),
        };
        if current.pid != pid {
            self.replace(&mut current, pid);
        }
        self.owner.store(pid, Ordering::Release);
        current.agent.clone()
    }

    /// Replaces the agent with a fresh one for process `pid`. The old one is leaked when it
    /// belongs to another process (see [`Transport`]), and dropped (its connections closed)
    /// when it is this process's own.
    fn replace(&self, current: &mut ProcessAgent, pid: u32) {
        let fresh = ProcessAgent { pid, agent: crate::config::agent(&self.config) };
        let old = std::mem::replace(current, fresh);
        if old.pid != pid {
            std::mem::forget(old);
        }
    }

    /// Starts over with no pooled connection. In a child process the inherited connections are
    /// left open and untouched; in the process that opened them they are closed.
    pub(crate) fn forget_connections(&self) -> Result<(), Error> {
        let pid = std::process::id();
        if self.owner.load(Ordering::Acquire) != pid {
            self.adopt(pid);
            return Ok(());
        }
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        self.replace(&mut current, pid);
        Ok(())
    }

    /// Sends `request` once, allowing it at most `budget` from connecting to the last byte of
    /// the answer (`None`: no limit beyond the configured timeouts).
    pub(crate) fn send(&self, request: &HttpRequest, budget: Option<Duration>) -> Result<RawResponse, Error> {
        let agent = self.agent();
        let mut builder = ureq::http::Request::builder().method(request.method.as_str()).uri(&request.url);
        for header in &request.headers {
            builder = builder.header(header.name, header.value.as_str());
        }
        let result = if request.sends_body() {
            let http = builder.body(request.body.expose()).map_err(invalid_request)?;
            agent.run(within(&agent, http, budget))
        } else {
            let http = builder.body(()).map_err(invalid_request)?;
            agent.run(within(&agent, http, budget))
        };
        let mut response = result.map_err(map_error)?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let limit = self.max_response_bytes;
        let announced = headers
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if announced.is_some_and(|length| length > limit) {
            return Err(Error::transport(
                TransportErrorKind::ResponseTooLarge,
                format!("more than {limit} bytes"),
            ));
        }
        // The announced length sizes the buffer, up to a bound: a server may announce what it
        // never sends, and memory is taken only for bytes that arrive.
        let expected = usize::try_from(announced.unwrap_or(0)).unwrap_or(0).min(PREALLOCATE_AT_MOST);
        let mut reader = response.body_mut().with_config().limit(limit).reader();
        let body = read_body(&mut reader, expected).map_err(|e| map_error(ureq::Error::from(e)))?;
        let headers = std::mem::take(response.headers_mut());
        Ok(RawResponse { status, headers, body: SecretBytes::from_zeroizing(body) })
    }
}

/// `request` allowed at most `budget` in all (ureq's global timeout for this request alone);
/// with no budget, as the agent's settings say.
fn within<B: ureq::AsSendBody>(
    agent: &ureq::Agent,
    request: ureq::http::Request<B>,
    budget: Option<Duration>,
) -> ureq::http::Request<B> {
    match budget {
        Some(left) => agent.configure_request(request).timeout_global(Some(left)).build(),
        None => request,
    }
}

/// The largest buffer allocated for a body before its bytes arrive (16 MiB).
const PREALLOCATE_AT_MOST: usize = 16 * 1024 * 1024;

/// The first buffer for a body of unannounced length; it doubles as bytes arrive.
const UNANNOUNCED_START: usize = 1024;

/// Reads a whole body into memory that is zeroed when it is freed, every buffer outgrown on
/// the way included. With the announced length `expected` (the body's `Content-Length`) the
/// buffer is allocated once, one byte larger so that the end is seen without growing (a small
/// answer takes a small block: glibc's malloc sorts its free lists before every request of
/// 1 KiB or more, which costs more than the copy it saves); without one (`expected` 0) it
/// starts at [`UNANNOUNCED_START`] bytes.
fn read_body(reader: &mut impl io::Read, expected: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    let initial = if expected == 0 { UNANNOUNCED_START } else { expected.saturating_add(1) };
    let mut buffer = Zeroizing::new(Vec::with_capacity(initial));
    let mut filled = 0;
    loop {
        if filled == buffer.capacity() {
            let mut larger = Zeroizing::new(Vec::with_capacity(buffer.capacity().saturating_mul(2)));
            larger.extend_from_slice(&buffer[..filled]);
            // The outgrown buffer is zeroed as it is dropped here.
            buffer = larger;
        }
        let capacity = buffer.capacity();
        buffer.resize(capacity, 0);
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => {
                buffer.truncate(filled);
                return Ok(buffer);
            }
            Ok(read) => filled += read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// ureq's default connector (TCP, proxy, TLS), whose I/O errors are marked as met while
/// connecting.
///
/// ureq reports an I/O error the same way whether it came from opening the connection or from
/// writing the request and reading the answer on an open one; an `EHOSTUNREACH` or
/// `ECONNREFUSED` can surface on an open connection after its retransmissions failed. Only
/// errors this connector marked prove that no byte of the request was sent. (The connector API
/// is in ureq's `unversioned` module, outside its semver promise: check it when upgrading.)
#[derive(Debug, Default)]
pub(crate) struct MarkingConnector(DefaultConnector);

impl Connector<()> for MarkingConnector {
    type Out = <DefaultConnector as Connector<()>>::Out;

    fn connect(
        &self,
        details: &ConnectionDetails<'_>,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        self.0.connect(details, chained).map_err(|error| match error {
            ureq::Error::Io(io) => ureq::Error::Io(io::Error::new(io.kind(), BeforeSending(io))),
            // The call's deadline (ureq's global timeout) reached while connecting: not sent.
            ureq::Error::Timeout(_) => ureq::Error::Timeout(ureq::Timeout::Connect),
            other => other,
        })
    }
}

/// ureq's default resolver, whose I/O errors (a name that does not resolve: the system
/// resolver reports it as an I/O error, not as `HostNotFound`) are marked as met before
/// sending, like [`MarkingConnector`]'s.
///
/// A host that is an IP address is answered at once: ureq's resolver runs every lookup with a
/// timeout on a thread of its own, one thread per request even for a pooled connection, which
/// costs a literal address (an emulator, a private endpoint) a thread for nothing.
#[derive(Debug, Default)]
pub(crate) struct MarkingResolver(DefaultResolver);

/// The socket address of a URI whose host is an IP address (`127.0.0.1`, `[::1]`), with its
/// port or its scheme's default; `None` for a name, which needs a lookup.
fn literal_address(uri: &ureq::http::Uri) -> Option<std::net::SocketAddr> {
    let host = uri.host()?;
    let ip: std::net::IpAddr = host.trim_start_matches('[').trim_end_matches(']').parse().ok()?;
    let port = uri.port_u16().or_else(|| match uri.scheme_str()? {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    })?;
    Some(std::net::SocketAddr::new(ip, port))
}

impl Resolver for MarkingResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if let Some(address) = literal_address(uri) {
            let mut addresses = self.0.empty();
            addresses.push(address);
            return Ok(addresses);
        }
        self.0.resolve(uri, config, timeout).map_err(|error| match error {
            ureq::Error::Io(io) => ureq::Error::Io(io::Error::new(io.kind(), BeforeSending(io))),
            other => other,
        })
    }
}

/// An I/O error met while opening a connection, before any byte of the request was written.
#[derive(Debug)]
struct BeforeSending(io::Error);

impl fmt::Display for BeforeSending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl error::Error for BeforeSending {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Whether `io` was marked by [`MarkingConnector`].
fn met_while_connecting(io: &io::Error) -> bool {
    io.get_ref().is_some_and(|inner| inner.is::<BeforeSending>())
}

fn invalid_request(e: ureq::http::Error) -> Error {
    Error::Config(format!("the request cannot be sent: {e}"))
}

/// Maps a ureq error to ours, saying whether the request may have reached the server.
pub(crate) fn map_error(error: ureq::Error) -> Error {
    use TransportErrorKind::{ConnectFailed, ConnectionLost, Protocol, ResponseTooLarge};
    match error {
        ureq::Error::Timeout(timeout) => {
            let phase = match timeout {
                ureq::Timeout::Resolve | ureq::Timeout::Connect => TimeoutPhase::Connect,
                ureq::Timeout::Global | ureq::Timeout::PerCall => TimeoutPhase::Total,
                _ => TimeoutPhase::Response,
            };
            Error::Timeout(TimeoutError { phase })
        }
        ureq::Error::HostNotFound => Error::transport(ConnectFailed, "the host name could not be resolved"),
        ureq::Error::ConnectionFailed => {
            Error::transport(ConnectFailed, "the connection could not be opened")
        }
        ureq::Error::ConnectProxyFailed(m) => Error::transport(ConnectFailed, format!("proxy refused: {m}")),
        e @ (ureq::Error::Tls(_)
        | ureq::Error::Rustls(_)
        | ureq::Error::Pem(_)
        | ureq::Error::TlsRequired) => Error::transport(ConnectFailed, format!("TLS: {e}")),
        // Whatever its kind (refused, unreachable...), an I/O error proves the request unsent
        // only when the connector marked it: the same kinds can come from an open connection.
        ureq::Error::Io(io) if met_while_connecting(&io) => Error::transport(
            ConnectFailed,
            format!("the connection (TCP, proxy or TLS) could not be opened: {io}"),
        ),
        ureq::Error::Io(io) => match io.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                Error::Timeout(TimeoutError { phase: TimeoutPhase::Response })
            }
            _ => Error::transport(ConnectionLost, io.to_string()),
        },
        ureq::Error::BodyExceedsLimit(limit) => {
            Error::transport(ResponseTooLarge, format!("more than {limit} bytes"))
        }
        e @ (ureq::Error::BadUri(_)
        | ureq::Error::Http(_)
        | ureq::Error::InvalidProxyUrl
        | ureq::Error::RequireHttpsOnly(_)) => Error::Config(e.to_string()),
        ureq::Error::Protocol(e) => Error::transport(Protocol, e.to_string()),
        // A head larger than ureq accepts: the server answered, but not in a form this client
        // reads. Sending again would meet the same answer.
        ureq::Error::LargeResponseHeader(_, limit) => {
            Error::transport(Protocol, format!("the answer's head is larger than {limit} bytes"))
        }
        other => Error::transport(ConnectionLost, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ExecutorSettings as _;
    use secretmanager_core::Method;

    #[test]
    fn literal_addresses_need_no_lookup_and_names_do() {
        let uri = |text: &str| text.parse::<ureq::http::Uri>().expect("a URI");
        let address = |text: &str| literal_address(&uri(text)).map(|a| a.to_string());
        assert_eq!(address("http://127.0.0.1:8080/api").as_deref(), Some("127.0.0.1:8080"));
        assert_eq!(address("https://10.0.0.7/").as_deref(), Some("10.0.0.7:443"));
        assert_eq!(address("http://[::1]/x").as_deref(), Some("[::1]:80"));
        assert_eq!(address("https://kms.cn-north-4.myhuaweicloud.com/v1"), None);
        assert_eq!(address("socks5://127.0.0.1/"), None, "no default port: left to ureq");
    }

    #[test]
    fn bodies_are_read_whole_into_one_buffer_when_their_length_is_announced() {
        let text = vec![7u8; 10_000];
        let body = read_body(&mut &text[..], text.len()).unwrap();
        assert_eq!(&body[..], &text[..]);
        assert_eq!(body.capacity(), text.len() + 1, "allocated once, never grown");
        let unannounced = read_body(&mut &text[..], 0).unwrap();
        assert_eq!(&unannounced[..], &text[..]);
        let empty = read_body(&mut &b""[..], 0).unwrap();
        assert!(empty.is_empty());
    }

    /// An I/O error of `kind` as [`MarkingConnector`] hands it on.
    fn marked(kind: io::ErrorKind) -> ureq::Error {
        ureq::Error::Io(io::Error::new(kind, BeforeSending(io::Error::from(kind))))
    }

    #[test]
    fn connect_failures_are_marked_not_sent() {
        let refused = map_error(marked(io::ErrorKind::ConnectionRefused));
        assert!(!refused.request_may_have_been_sent());
        let unreachable = map_error(marked(io::ErrorKind::HostUnreachable));
        assert!(!unreachable.request_may_have_been_sent());
        let reset = map_error(ureq::Error::Io(io::Error::from(io::ErrorKind::ConnectionReset)));
        assert!(reset.request_may_have_been_sent());
        let dns = map_error(ureq::Error::HostNotFound);
        assert!(!dns.request_may_have_been_sent());
        let connect_timeout = map_error(ureq::Error::Timeout(ureq::Timeout::Connect));
        assert!(matches!(connect_timeout, Error::Timeout(ref t) if !t.may_have_been_sent()));
        let read_timeout = map_error(ureq::Error::Timeout(ureq::Timeout::RecvResponse));
        assert!(read_timeout.request_may_have_been_sent());
    }

    #[test]
    fn unmarked_io_errors_may_have_been_sent_whatever_their_kind() {
        // Met on an open connection (after writing the request), these kinds prove nothing.
        for kind in [
            io::ErrorKind::ConnectionRefused,
            io::ErrorKind::HostUnreachable,
            io::ErrorKind::NetworkUnreachable,
            io::ErrorKind::AddrNotAvailable,
            io::ErrorKind::ConnectionReset,
            io::ErrorKind::BrokenPipe,
        ] {
            let err = map_error(ureq::Error::Io(io::Error::from(kind)));
            assert!(err.request_may_have_been_sent(), "{kind:?}: {err:?}");
            assert!(
                matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectionLost),
                "{kind:?}: {err:?}"
            );
        }
    }

    #[test]
    fn a_refused_connection_is_reported_as_not_sent() {
        // Bind a port, then free it: connecting to it is refused.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let transport =
            crate::config::HttpSettings { proxy: crate::config::ProxyChoice::None, ..Default::default() }
                .transport()
                .unwrap();
        let request = HttpRequest {
            method: Method::Get,
            url: format!("http://127.0.0.1:{port}/api/v1/secrets"),
            headers: vec![],
            body: SecretBytes::default(),
            idempotent: true,
        };
        let err = transport.send(&request, None).unwrap_err();
        assert!(
            matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed),
            "{err:?}"
        );
    }

    #[test]
    fn an_unreachable_proxy_is_a_connect_failure() {
        // The target is a live server that answers: reaching it would mean the proxy was
        // bypassed.
        let target = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let target_addr = target.server_addr().to_ip().unwrap();
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let server = {
            let (target, seen) = (target.clone(), seen.clone());
            std::thread::spawn(move || {
                for request in target.incoming_requests() {
                    seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let _ = request.respond(tiny_http::Response::from_string("{}"));
                }
            })
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let transport = crate::config::HttpSettings {
            proxy: crate::config::ProxyChoice::url(&format!("http://127.0.0.1:{port}")),
            timeouts: crate::Timeouts::new(
                Some(Duration::from_secs(2)),
                Some(Duration::from_secs(2)),
                Some(Duration::from_secs(5)),
            ),
            ..Default::default()
        }
        .transport()
        .unwrap();
        let request = HttpRequest {
            method: Method::Post,
            url: format!("http://{target_addr}/api/v1/secrets"),
            headers: vec![],
            body: SecretBytes::default(),
            idempotent: false,
        };
        let result = transport.send(&request, None);
        target.unblock();
        server.join().unwrap();
        assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 0, "the proxy was bypassed");
        let err = result.unwrap_err();
        assert!(
            matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed),
            "{err:?}"
        );
        assert!(!err.request_may_have_been_sent());
    }

    #[test]
    fn an_oversized_head_is_a_protocol_error_that_is_not_transient() {
        let err = map_error(ureq::Error::LargeResponseHeader(8 << 20, 64 << 10));
        assert!(matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::Protocol), "{err:?}");
        assert!(!err.retryable());
        assert!(err.request_may_have_been_sent());
        assert!(!secretmanager_engine::is_safe_to_retry(true, &err));
    }

    #[test]
    fn resolver_io_errors_are_marked_not_sent() {
        let unresolved = ureq::Error::Io(io::Error::other("failed to lookup address information"));
        assert!(map_error(unresolved).request_may_have_been_sent(), "unmarked: may have been sent");
        let transport =
            crate::config::HttpSettings { proxy: crate::config::ProxyChoice::None, ..Default::default() }
                .transport()
                .unwrap();
        let request = HttpRequest {
            method: Method::Post,
            url: "http://name.invalid/api/v1/secrets".into(),
            headers: vec![],
            body: SecretBytes::default(),
            idempotent: false,
        };
        let err = transport.send(&request, None).unwrap_err();
        // A resolver that answers nothing in time is a connect timeout: not sent either.
        assert!(
            matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed)
                || matches!(err, Error::Timeout(ref t) if t.phase == TimeoutPhase::Connect),
            "{err:?}"
        );
        assert!(!err.request_may_have_been_sent());
    }

    #[test]
    fn proxy_setting_errors_are_config_errors() {
        for url in ["::not a url::", "ftp://127.0.0.1:3128", "http://"] {
            let settings = crate::config::HttpSettings {
                proxy: crate::config::ProxyChoice::url(url),
                ..Default::default()
            };
            let err = settings.transport().unwrap_err();
            assert!(matches!(err, Error::Config(ref m) if m.contains("proxy")), "{url}: {err:?}");
        }
        assert!(matches!(map_error(ureq::Error::InvalidProxyUrl), Error::Config(_)));
        let refused = map_error(ureq::Error::ConnectProxyFailed("407 Proxy Authentication Required".into()));
        assert!(!refused.request_may_have_been_sent(), "CONNECT fails before the request is written");
    }

    /// A one-shot local server: answers `status` with `body` and hands back what it received
    /// (header name/value pairs).
    fn serve_once(
        status: u16,
        body: &'static str,
    ) -> (String, std::thread::JoinHandle<Vec<(String, String)>>) {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let handle = std::thread::spawn(move || {
            let request = server.recv().unwrap();
            let headers =
                request.headers().iter().map(|h| (h.field.to_string(), h.value.to_string())).collect();
            request.respond(tiny_http::Response::from_string(body).with_status_code(status)).unwrap();
            headers
        });
        (url, handle)
    }

    fn transport(max_response_bytes: u64) -> Transport {
        crate::config::HttpSettings {
            proxy: crate::config::ProxyChoice::None,
            max_response_bytes,
            ..Default::default()
        }
        .transport()
        .unwrap()
    }

    #[test]
    fn the_given_host_header_is_sent_once_and_as_given() {
        let (url, server) = serve_once(200, "{}");
        let request = HttpRequest {
            method: Method::Get,
            url: format!("{url}/v1/p/secrets"),
            headers: vec![
                secretmanager_core::Header {
                    name: "Host",
                    value: "kms.example.test".into(),
                    sensitive: false,
                },
                secretmanager_core::Header {
                    name: "X-Sdk-Date",
                    value: "20261124T120000Z".into(),
                    sensitive: false,
                },
            ],
            body: SecretBytes::default(),
            idempotent: true,
        };
        let response = transport(1024).send(&request, None).unwrap();
        assert_eq!(response.status, 200);
        let headers = server.join().unwrap();
        let hosts: Vec<_> = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("host")).collect();
        assert_eq!(hosts.len(), 1, "{headers:?}");
        assert_eq!(hosts[0].1, "kms.example.test");
        let agent = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("user-agent")).unwrap();
        assert_eq!(agent.1, crate::DEFAULT_USER_AGENT);
    }

    #[test]
    fn a_body_over_the_limit_is_refused() {
        let (url, server) = serve_once(200, "0123456789abcdef");
        let request = HttpRequest {
            method: Method::Post,
            url,
            headers: vec![],
            body: SecretBytes::default(),
            idempotent: false,
        };
        let err = transport(8).send(&request, None).unwrap_err();
        assert!(
            matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ResponseTooLarge),
            "{err:?}"
        );
        let headers = server.join().unwrap();
        let length = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length"));
        assert_eq!(length.map(|(_, v)| v.as_str()), Some("0"), "a POST without body says so");
    }
}
