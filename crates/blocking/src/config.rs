//! How the settings every client has (`secretmanager_engine::ConnectionSettings`) become one
//! `ureq::Agent` configuration and the call [`Executor`].

use secretmanager_engine::ConnectionSettings;
pub(crate) use secretmanager_engine::ProxyChoice;

/// The settings as the unit tests build them by hand.
#[cfg(test)]
pub(crate) use secretmanager_engine::ConnectionSettings as HttpSettings;

use crate::error::Error;
use crate::execute::Executor;
use crate::transport::{MarkingConnector, MarkingResolver, Transport};

/// The builder of both blocking clients.
pub use secretmanager_engine::Builder;

/// Why `url` is not a proxy URL ureq can use; the reason never repeats the URL.
pub(crate) fn check_proxy(url: &str) -> Result<(), String> {
    parse_proxy(url).map(drop)
}

/// Parses a proxy URL; the error, which never repeats the URL, says why it is unusable.
fn parse_proxy(url: &str) -> Result<ureq::Proxy, String> {
    ureq::Proxy::new(url).map_err(|e| format!("invalid proxy URL: {e}"))
}

/// The proxy of the agent for `choice`: `None` for no proxy; [`Error::Config`] for an unusable
/// URL.
fn resolve_proxy(choice: &ProxyChoice) -> Result<Option<ureq::Proxy>, Error> {
    match choice {
        ProxyChoice::FromEnvironment => Ok(ureq::Proxy::try_from_env()),
        ProxyChoice::Url(url) => parse_proxy(url.as_str()).map(Some).map_err(Error::Config),
        ProxyChoice::None => Ok(None),
    }
}

/// What the blocking clients build from the connection settings.
pub(crate) trait ExecutorSettings {
    /// The transport (TLS verified with the chosen roots; status codes kept as answers).
    fn transport(&self) -> Result<Transport, Error>;

    /// The executor of a new client: its own agent, and an engine with the configured clock
    /// offset, retry policy and call timeout.
    fn executor(&self) -> Result<Executor, Error>;

    /// The configuration of every agent of a client, checked once: the proxy (read from the
    /// environment now, if it comes from there), the TLS roots (read now), the user agent and
    /// the timeouts. Fails with [`Error::Config`] for an unusable proxy URL, TLS roots or user
    /// agent.
    fn agent_config(&self) -> Result<ureq::config::Config, Error>;
}

impl ExecutorSettings for ConnectionSettings {
    fn transport(&self) -> Result<Transport, Error> {
        Ok(Transport::new(self.agent_config()?, self.max_response_bytes))
    }

    fn executor(&self) -> Result<Executor, Error> {
        Ok(Executor { transport: self.transport()?, engine: self.engine() })
    }

    fn agent_config(&self) -> Result<ureq::config::Config, Error> {
        let proxy = resolve_proxy(&self.proxy)?;
        let tls = crate::tls::tls_config(self.tls_roots.as_ref())?;
        let user_agent = self.checked_user_agent()?;
        let t = self.timeouts.bounded();
        Ok(ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .max_redirects(0)
            // A client is shared by the threads of a service and talks to one or two hosts:
            // keep a connection for each thread that calls at once (ureq keeps 3 per host by
            // default, so 64 threads would reconnect, and shake hands again, on most calls).
            .max_idle_connections(MAX_IDLE_CONNECTIONS)
            .max_idle_connections_per_host(MAX_IDLE_CONNECTIONS)
            .proxy(proxy)
            .user_agent(user_agent)
            .timeout_connect(t.connect)
            .timeout_recv_response(t.read)
            .timeout_recv_body(t.read)
            .timeout_global(t.total)
            .build())
    }
}

/// The most idle connections a client keeps open, to all hosts and to each.
const MAX_IDLE_CONNECTIONS: usize = 64;

/// A new agent (with its own connection pool) of configuration `config`.
pub(crate) fn agent(config: &ureq::config::Config) -> ureq::Agent {
    ureq::Agent::with_parts(config.clone(), MarkingConnector::default(), MarkingResolver::default())
}
