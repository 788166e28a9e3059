//! Sends one attempt with reqwest: exactly the method, URL, headers and body the core built,
//! within the budget the engine gave, and reads the answer with a size limit into memory that
//! is zeroed when freed.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use secretmanager_core::{HttpRequest, Method, SecretBytes};
use secretmanager_engine::{
    ConnectionSettings, Error, ProxyChoice, TimeoutError, TimeoutPhase, TlsRoots, TransportErrorKind,
    TrustedRoots,
};
use zeroize::Zeroizing;

/// A response as the decoders and the engine need it.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The headers, for the decoders and the engine.
    pub(crate) headers: reqwest::header::HeaderMap,
    /// The body (it may hold a secret value: zeroed on drop, never printed).
    pub(crate) body: SecretBytes,
}

impl RawResponse {
    /// The headers whose values are text, as name and value pairs (names in lower case).
    pub(crate) fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
    }
}

/// One pooled reqwest client: every clone of an SDK client and every task shares its
/// connections.
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    /// Cloned as each request's header map: see [`HEADER_TABLE_ROOM`].
    header_table: HeaderMap,
    max_response_bytes: u64,
}

/// Why `url` is not a proxy URL reqwest can use; the reason never repeats the URL.
pub(crate) fn check_proxy(url: &str) -> Result<(), String> {
    parse_proxy(url).map(drop)
}

fn parse_proxy(url: &str) -> Result<reqwest::Proxy, String> {
    reqwest::Proxy::all(url).map_err(|e| format!("invalid proxy URL: {}", e.without_url()))
}

impl Transport {
    /// The transport of `settings`: its timeouts, proxy (read from the environment now when
    /// it comes from there), TLS roots (read now), user agent and response limit. No redirect
    /// is followed: a 3xx is an answer like any other.
    pub(crate) fn new(settings: &ConnectionSettings) -> Result<Self, Error> {
        let t = settings.timeouts.bounded();
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config(settings.tls_roots.as_ref())?)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(settings.checked_user_agent()?)
            .http1_only();
        if let Some(connect) = t.connect {
            builder = builder.connect_timeout(connect);
        }
        if let Some(read) = t.read {
            builder = builder.read_timeout(read);
        }
        builder = match &settings.proxy {
            // reqwest reads HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY when it is built.
            ProxyChoice::FromEnvironment => builder,
            ProxyChoice::Url(url) => builder.proxy(parse_proxy(url.as_str()).map_err(Error::Config)?),
            ProxyChoice::None => builder.no_proxy(),
        };
        let http =
            builder.build().map_err(|e| Error::Config(format!("the HTTP client: {}", e.without_url())))?;
        let header_table = HeaderMap::with_capacity(HEADER_TABLE_ROOM);
        Ok(Self { http, header_table, max_response_bytes: settings.max_response_bytes })
    }

    /// Sends `request` once, allowing it at most `budget` from connecting to the last byte of
    /// the answer (`None`: no limit beyond the configured timeouts). Dropping the future drops
    /// the exchange: its connection is closed, never handed to another call half read.
    ///
    /// The request is taken whole: its header values become the HTTP layer's without a copy.
    pub(crate) async fn send(
        &self,
        request: HttpRequest,
        budget: Option<Duration>,
    ) -> Result<RawResponse, Error> {
        // Building and reading are functions of their own, so that this future holds only what
        // the await under way needs: a call's future is what a caller spawns as a task, and
        // under 1 KiB that task stays off the path where glibc's malloc sorts its free lists.
        let outgoing = self.outgoing(request, budget)?;
        let response = self.http.execute(outgoing).await.map_err(map_error)?;
        self.read(response).await
    }

    /// `request` as reqwest's, with `budget` as its timeout.
    fn outgoing(&self, request: HttpRequest, budget: Option<Duration>) -> Result<reqwest::Request, Error> {
        let sends_body = request.sends_body();
        let HttpRequest { method, url, headers, body, .. } = request;
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let url = reqwest::Url::parse(&url)
            .map_err(|e| Error::Config(format!("the request cannot be sent: the URL: {e}")))?;
        let mut outgoing = reqwest::Request::new(method, url);
        *outgoing.headers_mut() = self.header_table.clone();
        for header in headers {
            let name = header_name(header.name)?;
            let mut value = HeaderValue::from_maybe_shared(Bytes::from(header.value))
                .map_err(|_| invalid_header(header.name))?;
            value.set_sensitive(header.sensitive);
            outgoing.headers_mut().append(name, value);
        }
        if sends_body {
            // The copy handed to the HTTP layer is zeroed when it lets go of it.
            let body = Zeroizing::new(body.expose().to_vec());
            *outgoing.body_mut() = Some(Bytes::from_owner(ZeroedBody(body)).into());
        }
        *outgoing.timeout_mut() = budget;
        Ok(outgoing)
    }

    /// The status, headers and body of `response`, the body read within the size limit into
    /// memory zeroed when freed.
    ///
    /// An `async move` block rather than an `async fn`: the block works on the response it
    /// captured, where an `async fn` would hold a second copy of it (136 bytes) in its future.
    fn read(
        &self,
        mut response: reqwest::Response,
    ) -> impl Future<Output = Result<RawResponse, Error>> + Send + 'static {
        let limit = self.max_response_bytes;
        async move {
            let status = response.status().as_u16();
            if response.content_length().is_some_and(|length| length > limit) {
                return Err(too_large(limit));
            }
            // Sized as announced (up to a bound), not rounded up: a small answer takes a small
            // block (glibc's malloc sorts its free lists before every request of 1 KiB or more).
            let initial = match response.content_length() {
                Some(length) => usize::try_from(length).unwrap_or(usize::MAX).min(PREALLOCATE_AT_MOST),
                None => UNANNOUNCED_START,
            };
            let mut body = Zeroizing::new(Vec::with_capacity(initial));
            while let Some(chunk) = response.chunk().await.map_err(map_error)? {
                if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
                    return Err(too_large(limit));
                }
                if body.len() + chunk.len() > body.capacity() {
                    let wanted = (body.len() + chunk.len()).max(body.capacity().saturating_mul(2));
                    let mut larger = Zeroizing::new(Vec::with_capacity(wanted));
                    larger.extend_from_slice(&body);
                    // The outgrown buffer is zeroed as it is dropped here.
                    body = larger;
                }
                body.extend_from_slice(&chunk);
            }
            let headers = std::mem::take(response.headers_mut());
            Ok(RawResponse { status, headers, body: SecretBytes::from_zeroizing(body) })
        }
    }
}

/// How many headers the index table of every request's header map has room for: the core's
/// (at most 6), reqwest's `Accept` and `User-Agent`, and the `Host` hyper looks up.
///
/// Each request's map is a clone of an empty one made with this room. A clone keeps the index
/// table (16 slots here, 64 bytes) but not the entries' spare capacity, so the entries grow
/// from nothing in small steps; without the room, reqwest's clone of a full 6-header map
/// doubled its entries on hyper's `Host` lookup, a 1.2 KB block on every request, and glibc's
/// malloc sorts its free lists before every block of 1 KiB or more.
const HEADER_TABLE_ROOM: usize = 12;

/// The largest buffer allocated for a body before its bytes arrive (16 MiB).
const PREALLOCATE_AT_MOST: usize = 16 * 1024 * 1024;

/// The first buffer for a body of unannounced length; it doubles as chunks arrive.
const UNANNOUNCED_START: usize = 1024;

/// A request body owned by the HTTP layer, zeroed when it is dropped.
struct ZeroedBody(Zeroizing<Vec<u8>>);

impl AsRef<[u8]> for ZeroedBody {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// `name` as reqwest's type. A lowercase token (the NCP signature headers) is used in place,
/// without the copy [`HeaderName::from_bytes`] makes of every name it does not know.
fn header_name(name: &'static str) -> Result<HeaderName, Error> {
    let lowercase_token = (1..=256).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if lowercase_token {
        // Cannot panic: from_static refuses only empty or overlong names and bytes outside this
        // set.
        Ok(HeaderName::from_static(name))
    } else {
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid_header(name))
    }
}

fn invalid_header(name: &str) -> Error {
    Error::Config(format!("the request cannot be sent: header {name} is not valid in HTTP"))
}

fn too_large(limit: u64) -> Error {
    Error::transport(TransportErrorKind::ResponseTooLarge, format!("more than {limit} bytes"))
}

/// The rustls configuration for `choice` (ring as the crypto provider), with its roots read
/// now. Never disables verification.
fn tls_config(choice: Option<&TlsRoots>) -> Result<rustls::ClientConfig, Error> {
    let mut roots = rustls::RootCertStore::empty();
    match TlsRoots::load(choice)? {
        TrustedRoots::Bundled => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        TrustedRoots::Certificates(certs) => {
            for cert in certs {
                roots.add(cert).map_err(|e| Error::Config(format!("a trusted certificate: {e}")))?;
            }
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Maps a reqwest error to ours, saying whether the request may have reached the server. The
/// URL is left out of every message.
pub(crate) fn map_error(error: reqwest::Error) -> Error {
    let error = error.without_url();
    if error.is_timeout() {
        let phase = if error.is_connect() { TimeoutPhase::Connect } else { TimeoutPhase::Response };
        return Error::Timeout(TimeoutError { phase });
    }
    if error.is_connect() {
        // Resolving, connecting, the proxy and the TLS handshake: nothing was written.
        return Error::transport(TransportErrorKind::ConnectFailed, describe(&error));
    }
    if error.is_builder() {
        return Error::Config(format!("the request cannot be sent: {}", describe(&error)));
    }
    if error.is_redirect() || error.is_decode() {
        return Error::transport(TransportErrorKind::Protocol, describe(&error));
    }
    // Writing the request or reading the answer on an open connection: it may have arrived.
    Error::transport(TransportErrorKind::ConnectionLost, describe(&error))
}

/// The error and its causes, in one line.
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_taken_in_place_when_lowercase_and_parsed_otherwise() {
        for name in ["x-ncp-apigw-timestamp", "Host", "X-Sdk-Date", "content-type"] {
            let parsed = header_name(name).unwrap();
            assert_eq!(parsed, HeaderName::from_bytes(name.as_bytes()).unwrap(), "{name}");
        }
        for invalid in ["", "bad name", "caf\u{e9}"] {
            assert!(matches!(header_name(invalid), Err(Error::Config(_))), "{invalid:?}");
        }
    }
}
