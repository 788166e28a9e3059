//! Sends one attempt: exactly the method, URL, headers and body the core built, and reads the
//! answer with a size limit.

use std::io;
use std::time::{Duration, SystemTime};

use secretmanager_core::{HttpRequest, Method, SecretBytes};

use crate::clock::parse_http_date;
use crate::error::{Error, TimeoutError, TimeoutPhase, TransportErrorKind};

/// A response as the decoders need it, plus the headers the retry loop reads.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The body (it may hold a secret value: zeroed on drop, never printed).
    pub(crate) body: SecretBytes,
    /// The server's `Date`, when readable.
    pub(crate) date: Option<SystemTime>,
    /// The server's `Retry-After`, when readable.
    pub(crate) retry_after: Option<Duration>,
}

/// One shared `ureq::Agent` (its connection pool is shared by every clone and thread).
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    agent: ureq::Agent,
    max_response_bytes: u64,
}

impl Transport {
    pub(crate) fn new(agent: ureq::Agent, max_response_bytes: u64) -> Self {
        Self { agent, max_response_bytes }
    }

    /// Sends `request` once.
    pub(crate) fn send(&self, request: &HttpRequest) -> Result<RawResponse, Error> {
        let mut builder = ureq::http::Request::builder().method(request.method.as_str()).uri(&request.url);
        for header in &request.headers {
            builder = builder.header(header.name, header.value.as_str());
        }
        let sends_body = !request.body.is_empty() || matches!(request.method, Method::Post | Method::Put);
        let result = if sends_body {
            let http = builder.body(request.body.expose()).map_err(invalid_request)?;
            self.agent.run(http)
        } else {
            let http = builder.body(()).map_err(invalid_request)?;
            self.agent.run(http)
        };
        let mut response = result.map_err(map_error)?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let date = headers.get("date").and_then(|v| v.to_str().ok()).and_then(parse_http_date);
        let retry_after =
            headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_response_bytes)
            .read_to_vec()
            .map_err(map_error)?;
        Ok(RawResponse { status, body: SecretBytes::from(body), date, retry_after })
    }
}

fn invalid_request(e: ureq::http::Error) -> Error {
    Error::Config(format!("the request cannot be sent: {e}"))
}

/// `Retry-After`: delay-seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
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
        ureq::Error::Io(io) => match io.kind() {
            io::ErrorKind::ConnectionRefused
            | io::ErrorKind::AddrNotAvailable
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkUnreachable => Error::transport(ConnectFailed, io.to_string()),
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
        other => Error::transport(ConnectionLost, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn connect_failures_are_marked_not_sent() {
        let refused = map_error(ureq::Error::Io(io::Error::from(io::ErrorKind::ConnectionRefused)));
        assert!(!refused.request_may_have_been_sent());
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
        let err = transport.send(&request).unwrap_err();
        assert!(
            matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed),
            "{err:?}"
        );
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
        let response = transport(1024).send(&request).unwrap();
        assert_eq!(response.status, 200);
        let headers = server.join().unwrap();
        let hosts: Vec<_> = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("host")).collect();
        assert_eq!(hosts.len(), 1, "{headers:?}");
        assert_eq!(hosts[0].1, "kms.example.test");
        let agent = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("user-agent")).unwrap();
        assert_eq!(agent.1, crate::config::DEFAULT_USER_AGENT);
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
        let err = transport(8).send(&request).unwrap_err();
        assert!(
            matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ResponseTooLarge),
            "{err:?}"
        );
        let headers = server.join().unwrap();
        let length = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length"));
        assert_eq!(length.map(|(_, v)| v.as_str()), Some("0"), "a POST without body says so");
    }
}
