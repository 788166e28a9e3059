//! The settings every client has, whatever its transport: endpoint choice, timeouts, proxy,
//! TLS roots, user agent, response size limit, retry policy and starting clock offset, set on
//! one [`Builder`] whose `build` hands them to the client being built ([`FromBuilder`]).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use secretmanager_core::{Rule, ValidationError};

use crate::Engine;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::tls::TlsRoots;

/// The default `User-Agent`: `secretmanager-rust/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("secretmanager-rust/", env!("CARGO_PKG_VERSION"));

/// The longest `User-Agent` accepted: 1024 bytes.
pub const MAX_USER_AGENT_BYTES: usize = 1024;

/// Checks a `User-Agent`: 1 to [`MAX_USER_AGENT_BYTES`] printable ASCII characters (space to
/// `~`), without leading or trailing space. The error names the field `user_agent`.
///
/// ```
/// use secretmanager_engine::validate_user_agent;
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
/// use secretmanager_engine::Timeouts;
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
    /// These timeouts: `connect` and `read` for each attempt, `total` for the whole call
    /// (`None`: no limit).
    pub fn new(connect: Option<Duration>, read: Option<Duration>, total: Option<Duration>) -> Self {
        Self { connect, read, total }
    }

    /// These timeouts, each cut to ten years (the HTTP layers add timeouts to instants, which
    /// must not overflow): what a transport configures itself with.
    pub fn bounded(self) -> Self {
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
///
/// Exhaustive on purpose: every transport matches each choice, so a new one cannot be taken
/// for "no proxy" by a transport that does not know it.
#[derive(Clone)]
pub enum ProxyChoice {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` (and lower-case forms), and `NO_PROXY`, read
    /// by the transport when the client is built.
    FromEnvironment,
    /// No proxy.
    None,
    /// A proxy URL (`http://`, `https://`, `socks5://`...), which the transport parses when
    /// the client is built.
    Url(ProxyUrl),
}

/// A proxy URL as given to a builder, and the same URL without its credentials, for `Debug`.
#[derive(Clone)]
pub struct ProxyUrl {
    url: String,
    shown: String,
}

impl ProxyUrl {
    /// The URL as given (it may hold a user name and password: never print it).
    pub fn as_str(&self) -> &str {
        &self.url
    }
}

impl ProxyChoice {
    /// The proxy `url`.
    pub fn url(url: &str) -> Self {
        ProxyChoice::Url(ProxyUrl { url: url.to_owned(), shown: without_credentials(url) })
    }
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

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
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

/// The connection and call settings of a client builder, as a transport reads them when it
/// builds a client ([`Builder::into_parts`]).
///
/// Transports read it; callers set it through the [`Builder`]'s methods.
#[derive(Debug, Clone)]
pub struct ConnectionSettings {
    /// The timeouts of each attempt and of the whole call.
    pub timeouts: Timeouts,
    /// Where the proxy comes from.
    pub proxy: ProxyChoice,
    /// The roots trusted for TLS; `None`: `SSL_CERT_FILE` if set, else the bundled ones (see
    /// [`TlsRoots::load`]).
    pub tls_roots: Option<TlsRoots>,
    /// The `User-Agent`, to be checked with [`validate_user_agent`] by the transport.
    pub user_agent: String,
    /// The largest response body read.
    pub max_response_bytes: u64,
    /// How failed attempts are retried.
    pub retry: RetryPolicy,
    /// The clock offset to start with (server minus local, in milliseconds).
    pub clock_offset_ms: i64,
}

impl Default for ConnectionSettings {
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

impl ConnectionSettings {
    /// The engine of a new client: this retry policy, the total timeout as each call's
    /// deadline, and this starting clock offset.
    pub fn engine(&self) -> Engine {
        Engine::new(self.retry.clone(), self.timeouts.bounded().total, self.clock_offset_ms)
    }

    /// The user agent, checked: [`Error::Config`] naming `user_agent` when it is unusable.
    pub fn checked_user_agent(&self) -> Result<&str, Error> {
        validate_user_agent(&self.user_agent).map_err(|e| Error::Config(e.to_string()))?;
        Ok(&self.user_agent)
    }
}

/// A client type a [`Builder`] can build: the blocking and async clients of each provider.
pub trait FromBuilder<P>: Sized {
    /// Why `url` is not a proxy URL this client's transport can use (the reason never repeats
    /// the URL); what [`Builder::try_proxy`] checks.
    fn check_proxy(url: &str) -> Result<(), String>;

    /// Builds the client from `builder`'s settings.
    fn from_builder(builder: Builder<P, Self>) -> Result<Self, Error>;
}

/// A client builder: what one provider's client needs (`P`: its endpoint and credentials, with
/// the setters of [`ncp::Settings`](crate::ncp::Settings) and
/// [`huawei::Settings`](crate::huawei::Settings)) and the connection settings every client has
/// (timeouts, proxy, TLS roots, user agent, retries, response limit, clock offset), set here
/// once for every provider and transport. `C` is the client it builds: the blocking and the
/// async clients of a provider take the same builder, so they cannot differ in a setting.
///
/// ```
/// use std::time::Duration;
/// use secretmanager_engine::{Builder, ncp};
///
/// let builder = Builder::<ncp::Settings, ()>::default()
///     .base_url("https://ncloud.apigw.ntruss.com")
///     .connect_timeout(Duration::from_secs(2))
///     .no_proxy();
/// let (_ncp, connection) = builder.into_parts();
/// assert_eq!(connection.timeouts.connect, Some(Duration::from_secs(2)));
/// ```
pub struct Builder<P, C> {
    pub(crate) provider: P,
    pub(crate) http: ConnectionSettings,
    client: PhantomData<fn() -> C>,
}

impl<P: Default, C> Default for Builder<P, C> {
    fn default() -> Self {
        Self { provider: P::default(), http: ConnectionSettings::default(), client: PhantomData }
    }
}

impl<P: Clone, C> Clone for Builder<P, C> {
    fn clone(&self) -> Self {
        Self { provider: self.provider.clone(), http: self.http.clone(), client: PhantomData }
    }
}

impl<P: fmt::Debug, C> fmt::Debug for Builder<P, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder").field("provider", &self.provider).field("http", &self.http).finish()
    }
}

impl<P, C: FromBuilder<P>> Builder<P, C> {
    /// Builds the client: reads the credentials (from the environment or files when none were
    /// given), the proxy and the TLS roots now. [`Error::Config`] names an unusable setting;
    /// [`Error::Credentials`] every place looked at for missing credentials.
    pub fn build(self) -> Result<C, Error> {
        C::from_builder(self)
    }

    /// As [`proxy`](Self::proxy), failing at once with [`Error::Config`] (whose message never
    /// repeats the URL) when the URL is unusable: for callers that report it apart from the
    /// other settings.
    pub fn try_proxy(mut self, url: &str) -> Result<Self, Error> {
        C::check_proxy(url).map_err(Error::Config)?;
        self.http.proxy = ProxyChoice::url(url);
        Ok(self)
    }
}

impl<P, C> Builder<P, C> {
    /// The provider's settings and the connection settings, for the transport building the
    /// client.
    pub fn into_parts(self) -> (P, ConnectionSettings) {
        (self.provider, self.http)
    }

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
        self.http.proxy = ProxyChoice::url(url);
        self
    }

    /// Uses no proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.http.proxy = ProxyChoice::None;
        self
    }

    /// The certificates trusted for `https://` endpoints: a CA bundle (PEM file or text), the
    /// operating system's store, or the bundled Mozilla roots (see
    /// [`TlsRoots`](crate::TlsRoots)). Without this: the PEM file named by `SSL_CERT_FILE`
    /// when that is set, else the bundled roots. Read when building, which fails with
    /// [`Error::Config`](crate::Error::Config) naming the problem for an unreadable or
    /// unusable bundle or an empty system store. Verification cannot be turned off.
    ///
    /// ```
    /// use secretmanager_engine::{Builder, TlsRoots, huawei};
    ///
    /// let builder = Builder::<huawei::Settings, ()>::default()
    ///     .base_url("https://csms.example.internal")
    ///     .tls_roots(TlsRoots::ca_file("private-ca.pem"));
    /// # let _ = builder;
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
