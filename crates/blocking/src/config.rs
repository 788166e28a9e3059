//! The settings both clients share: endpoint choice, timeouts, proxy, TLS roots, user agent,
//! response size limit, retry policy and starting clock offset, and how they become one `ureq::Agent` and the
//! call [`Executor`].

use std::fmt;
use std::time::Duration;

use secretmanager_core::{Rule, ValidationError};

use crate::error::Error;
use crate::execute::Executor;
use crate::tls::TlsRoots;
use crate::transport::{MarkingConnector, MarkingResolver, Transport};
use secretmanager_engine::{Engine, RetryPolicy};

/// The default `User-Agent`: `secretmanager-rust/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("secretmanager-rust/", env!("CARGO_PKG_VERSION"));

/// The longest `User-Agent` accepted: 1024 bytes.
pub const MAX_USER_AGENT_BYTES: usize = 1024;

/// Checks a `User-Agent`: 1 to [`MAX_USER_AGENT_BYTES`] printable ASCII characters (space to
/// `~`), without leading or trailing space. The error names the field `user_agent`.
///
/// ```
/// use secretmanager_blocking::validate_user_agent;
///
/// assert!(validate_user_agent("my-app/1.0 (build 7)").is_ok());
/// assert_eq!(validate_user_agent("x\r\nEvil: 1").unwrap_err().field, "user_agent");
/// assert!(validate_user_agent(&"x".repeat(1025)).is_err());
/// ```
pub fn validate_user_agent(user_agent: &str) -> Result<(), ValidationError> {
    const FIELD: &str = "user_agent";
    if user_agent.is_empty() {
        return Err(ValidationError::new(FIELD, Rule::Required));
    }
    secretmanager_core::validate::byte_length(FIELD, user_agent, MAX_USER_AGENT_BYTES)?;
    if user_agent.chars().any(char::is_control) {
        return Err(ValidationError::new(FIELD, Rule::ControlCharacter));
    }
    let printable = user_agent.bytes().all(|b| (b' '..=b'~').contains(&b));
    if !printable || user_agent.starts_with(' ') || user_agent.ends_with(' ') {
        let pattern = "printable ASCII (space to ~), not starting or ending with a space";
        return Err(ValidationError::new(FIELD, Rule::Pattern(pattern)));
    }
    Ok(())
}

/// The default limit on a response body: 8 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 8 * 1024 * 1024;

/// Timeouts of a call: `connect` and `read` bound each attempt, `total` the whole call.
///
/// ```
/// use std::time::Duration;
/// use secretmanager_blocking::Timeouts;
///
/// let t = Timeouts::default();
/// assert_eq!(t.connect, Some(Duration::from_secs(5)));
/// assert_eq!(t.read, Some(Duration::from_secs(30)));
/// assert_eq!(t.total, Some(Duration::from_secs(60)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Resolving the host and opening the connection, TLS and proxy included (default 5 s).
    pub connect: Option<Duration>,
    /// Waiting for the answer's head, and then for its body (default 30 s each).
    pub read: Option<Duration>,
    /// The whole call, from the first attempt to the last byte of the last answer, retries
    /// and the waits between them included (default 60 s). No attempt or wait starts that
    /// would end after it; an attempt under way when it is reached is cut off.
    pub total: Option<Duration>,
}

/// The longest timeout passed on to the HTTP layer (which adds timeouts to instants): ten
/// years, for all practical purposes no limit.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(10 * 365 * 86_400);

impl Timeouts {
    /// These timeouts, each cut to [`LONGEST_TIMEOUT`].
    pub(crate) fn bounded(self) -> Self {
        let cut = |t: Option<Duration>| t.map(|t| t.min(LONGEST_TIMEOUT));
        Self { connect: cut(self.connect), read: cut(self.read), total: cut(self.total) }
    }
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Some(Duration::from_secs(5)),
            read: Some(Duration::from_secs(30)),
            total: Some(Duration::from_secs(60)),
        }
    }
}

/// How the proxy is chosen. `Debug` hides a proxy URL's user name and password.
#[derive(Clone)]
pub(crate) enum ProxyChoice {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` (and lower-case forms), as ureq reads them
    /// when the client is built.
    FromEnvironment,
    /// No proxy.
    None,
    /// A proxy URL (`http://`, `https://`, `socks5://`...), parsed once, when it was given.
    Url(ProxyUrl),
}

/// A proxy URL as given to a builder: the proxy it names, or why it names none (reported by
/// `build`, so that the setter can stay infallible), and the URL without its credentials, for
/// `Debug`.
#[derive(Clone)]
pub(crate) struct ProxyUrl {
    parsed: Result<ureq::Proxy, String>,
    shown: String,
}

impl ProxyChoice {
    /// The proxy `url`, parsed now.
    pub(crate) fn url(url: &str) -> Self {
        ProxyChoice::Url(ProxyUrl { parsed: parse_proxy(url), shown: without_credentials(url) })
    }

    /// [`Error::Config`] when this is an unusable proxy URL.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match self {
            ProxyChoice::Url(ProxyUrl { parsed: Err(message), .. }) => Err(Error::Config(message.clone())),
            _ => Ok(()),
        }
    }

    /// The proxy of the agent: `None` for no proxy; [`Error::Config`] for an unusable URL.
    fn resolve(&self) -> Result<Option<ureq::Proxy>, Error> {
        match self {
            ProxyChoice::FromEnvironment => Ok(ureq::Proxy::try_from_env()),
            ProxyChoice::None => Ok(None),
            ProxyChoice::Url(url) => url.parsed.clone().map(Some).map_err(Error::Config),
        }
    }
}

/// Parses a proxy URL; the error, which never repeats the URL, says why it is unusable.
fn parse_proxy(url: &str) -> Result<ureq::Proxy, String> {
    ureq::Proxy::new(url).map_err(|e| format!("invalid proxy URL: {e}"))
}

/// `url` with everything before the `@` of its authority (`user:password`) replaced.
fn without_credentials(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}@{}", secretmanager_core::secret::REDACTED, &rest[at + 1..]),
        None => url.to_owned(),
    }
}

impl fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyChoice::FromEnvironment => f.write_str("FromEnvironment"),
            ProxyChoice::None => f.write_str("None"),
            ProxyChoice::Url(url) => f.debug_tuple("Url").field(&url.shown).finish(),
        }
    }
}

/// The endpoint given to a builder: none yet, a usable one, or why the given one is unusable
/// (reported by `build`, so that the setters can stay infallible).
#[derive(Debug, Clone)]
pub(crate) struct EndpointSetting<E>(Option<Result<E, String>>);

impl<E> Default for EndpointSetting<E> {
    fn default() -> Self {
        Self(None)
    }
}

impl<E> EndpointSetting<E> {
    /// Sets a usable endpoint.
    pub(crate) fn set(&mut self, endpoint: E) {
        self.0 = Some(Ok(endpoint));
    }

    /// Sets the result of parsing `what` (e.g. `"base URL"`), keeping the reason of a failure.
    pub(crate) fn set_parsed(&mut self, what: &str, parsed: Result<E, impl fmt::Display>) {
        self.0 = Some(parsed.map_err(|e| format!("invalid {what}: {e}")));
    }

    /// The endpoint; `default` when none was given; [`Error::Config`] when the given one is
    /// unusable.
    pub(crate) fn resolve(self, default: impl FnOnce() -> Result<E, Error>) -> Result<E, Error> {
        match self.0 {
            None => default(),
            Some(Ok(endpoint)) => Ok(endpoint),
            Some(Err(message)) => Err(Error::Config(message)),
        }
    }
}

/// The HTTP and call settings of a client builder.
#[derive(Debug, Clone)]
pub(crate) struct HttpSettings {
    pub(crate) timeouts: Timeouts,
    pub(crate) proxy: ProxyChoice,
    /// The roots trusted for TLS; `None`: `SSL_CERT_FILE` if set, else the bundled ones.
    pub(crate) tls_roots: Option<TlsRoots>,
    pub(crate) user_agent: String,
    pub(crate) max_response_bytes: u64,
    pub(crate) retry: RetryPolicy,
    /// The clock offset to start with (server minus local, in milliseconds).
    pub(crate) clock_offset_ms: i64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            timeouts: Timeouts::default(),
            proxy: ProxyChoice::FromEnvironment,
            tls_roots: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            clock_offset_ms: 0,
        }
    }
}

impl HttpSettings {
    /// Builds the transport (TLS verified with the chosen roots; status codes kept as answers).
    pub(crate) fn transport(&self) -> Result<Transport, Error> {
        Ok(Transport::new(self.agent_config()?, self.max_response_bytes))
    }

    /// The executor of a new client: its own agent, clock (starting at the configured offset)
    /// and retry policy.
    pub(crate) fn executor(self) -> Result<Executor, Error> {
        let transport = self.transport()?;
        let call_timeout = self.timeouts.bounded().total;
        let engine = Engine::new(self.retry, call_timeout, self.clock_offset_ms);
        Ok(Executor { transport, engine })
    }

    /// The configuration of every agent of a client, checked once: the proxy (read from the
    /// environment now, if it comes from there), the TLS roots (read now), the user agent and
    /// the timeouts. Fails with [`Error::Config`] for an unusable proxy URL, TLS roots or user
    /// agent.
    pub(crate) fn agent_config(&self) -> Result<ureq::config::Config, Error> {
        let proxy = self.proxy.resolve()?;
        let tls = crate::tls::tls_config(self.tls_roots.as_ref())?;
        validate_user_agent(&self.user_agent).map_err(|e| Error::Config(e.to_string()))?;
        let t = self.timeouts.bounded();
        Ok(ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(proxy)
            .user_agent(self.user_agent.as_str())
            .timeout_connect(t.connect)
            .timeout_recv_response(t.read)
            .timeout_recv_body(t.read)
            .timeout_global(t.total)
            .build())
    }
}

/// A new agent (with its own connection pool) of configuration `config`.
pub(crate) fn agent(config: &ureq::config::Config) -> ureq::Agent {
    ureq::Agent::with_parts(config.clone(), MarkingConnector::default(), MarkingResolver::default())
}

/// A client builder: what one provider's client needs (`P`: its endpoint and credentials, with
/// the setters and `build` of [`ncp::ClientBuilder`](crate::ncp::ClientBuilder) and
/// [`huawei::ClientBuilder`](crate::huawei::ClientBuilder)) and the connection settings every
/// client has (timeouts, proxy, TLS roots, user agent, retries, response limit, clock offset), set here
/// once for both.
///
/// ```
/// use std::time::Duration;
/// use secretmanager_blocking::{huawei, ncp};
///
/// let ncp = ncp::Client::builder().connect_timeout(Duration::from_secs(2)).no_proxy();
/// let huawei = huawei::Client::builder().connect_timeout(Duration::from_secs(2)).no_proxy();
/// # let _ = (ncp, huawei);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Builder<P> {
    pub(crate) provider: P,
    pub(crate) http: HttpSettings,
}

impl<P> Builder<P> {
    /// All timeouts at once (see [`Timeouts`](crate::Timeouts)).
    pub fn timeouts(mut self, timeouts: crate::Timeouts) -> Self {
        self.http.timeouts = timeouts;
        self
    }

    /// Time allowed to open a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.http.timeouts.connect = Some(timeout);
        self
    }

    /// Time allowed to wait for the answer, and then for its body (default 30 s).
    pub fn read_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.http.timeouts.read = Some(timeout);
        self
    }

    /// Time allowed for the whole call, retries and their waits included (default 60 s).
    pub fn total_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.http.timeouts.total = Some(timeout);
        self
    }

    /// Sends through this HTTP(S) or SOCKS proxy, e.g. `http://proxy.internal:3128`. Without
    /// this the proxy comes from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`. An unusable URL
    /// makes `build` fail with [`Error::Config`](crate::Error::Config).
    pub fn proxy(mut self, url: &str) -> Self {
        self.http.proxy = crate::config::ProxyChoice::url(url);
        self
    }

    /// As [`proxy`](Self::proxy), failing at once with
    /// [`Error::Config`](crate::Error::Config) (whose message never repeats the URL) when
    /// the URL is unusable: for callers that report it apart from the other settings.
    pub fn try_proxy(mut self, url: &str) -> Result<Self, crate::Error> {
        let choice = crate::config::ProxyChoice::url(url);
        choice.check()?;
        self.http.proxy = choice;
        Ok(self)
    }

    /// Uses no proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.http.proxy = crate::config::ProxyChoice::None;
        self
    }

    /// The certificates trusted for `https://` endpoints: a CA bundle (PEM file or text), the
    /// operating system's store, or the bundled Mozilla roots (see
    /// [`TlsRoots`](crate::TlsRoots)). Without this: the PEM file named by `SSL_CERT_FILE`
    /// when that is set, else the bundled roots. Read when building, which fails with
    /// [`Error::Config`](crate::Error::Config) naming the problem for an unreadable or
    /// unusable bundle or an empty system store. Verification cannot be turned off.
    ///
    /// ```no_run
    /// use secretmanager_blocking::{TlsRoots, huawei};
    ///
    /// let client = huawei::Client::builder()
    ///     .base_url("https://csms.example.internal")
    ///     .tls_roots(TlsRoots::ca_file("private-ca.pem"))
    ///     .build()?;
    /// # Ok::<(), secretmanager_blocking::Error>(())
    /// ```
    pub fn tls_roots(mut self, roots: crate::TlsRoots) -> Self {
        self.http.tls_roots = Some(roots);
        self
    }

    /// The `User-Agent` (default `secretmanager-rust/<version>`): checked by
    /// [`validate_user_agent`](crate::validate_user_agent) when building, which fails
    /// with [`Error::Config`](crate::Error::Config) naming `user_agent`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.http.user_agent = user_agent.into();
        self
    }

    /// When and how failed attempts are retried.
    pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
        self.http.retry = policy;
        self
    }

    /// The largest response body read (default 8 MiB); a larger one fails the call.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.http.max_response_bytes = limit;
        self
    }

    /// Starts with a known clock offset in milliseconds (server minus local). The client
    /// also learns it by itself from the first signature refused because of the clock.
    pub fn clock_offset_ms(mut self, offset_ms: i64) -> Self {
        self.http.clock_offset_ms = offset_ms;
        self
    }
}

#[cfg(test)]
mod proxy_debug_tests {
    use super::ProxyChoice;

    #[test]
    fn debug_hides_proxy_credentials() {
        let printed = format!("{:?}", ProxyChoice::url("socks5h://user:pw-Zq8@proxy:1080/x@y"));
        assert!(!printed.contains("pw-Zq8") && !printed.contains("user"), "{printed}");
        assert!(printed.contains("proxy:1080/x@y"), "{printed}");
        assert_eq!(format!("{:?}", ProxyChoice::url("http://proxy:3128")), r#"Url("http://proxy:3128")"#);
    }
}
