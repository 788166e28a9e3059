//! Helpers shared by the integration tests: a real HTTP client (ureq) talking to an emulator on
//! 127.0.0.1, with requests built and signed by the core.
#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use secretmanager_core::huawei::signing::{Message, Signer as HuaweiSigner};
use secretmanager_core::ncp::{self, Signer as NcpSigner};
use secretmanager_core::ncp::{Endpoint, Operation, RequestFactory};
use secretmanager_core::time::UtcDateTime;
use secretmanager_core::{HttpRequest, Method};
use secretmanager_emulator::Emulator;
use serde_json::Value;

/// An answer as the tests look at it.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub dates: Vec<String>,
    /// The request-id headers: NCP's `x-ncp-trace-id`, Huawei's `X-Request-Id`.
    pub trace_id: Option<String>,
    pub request_id: Option<String>,
}

/// An emulator and a client for it.
pub struct Harness {
    pub emulator: Emulator,
    pub agent: ureq::Agent,
    pub factory: RequestFactory,
}

impl Harness {
    pub fn new() -> Self {
        Self::with(Emulator::start().expect("emulator starts"))
    }

    pub fn with(emulator: Emulator) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        let endpoint = Endpoint::parse(emulator.base_url()).expect("base url parses");
        let factory = RequestFactory::new(endpoint, &emulator.ncp_credentials());
        Self { emulator, agent, factory }
    }

    /// Builds `op` with the core (signed at the emulator's time) and sends it.
    pub fn call<O: Operation<Provider = ncp::Ncp>>(&self, op: &O) -> Answer {
        let request = self.factory.build(op, self.emulator.now()).expect("operation builds");
        self.send(&request).expect("transport works")
    }

    /// Sends a request built by the core.
    pub fn send(&self, request: &HttpRequest) -> Result<Answer, ureq::Error> {
        let headers: Vec<(&str, &str)> = request.headers.iter().map(|h| (h.name, h.value.as_str())).collect();
        self.raw(request.method.as_str(), &request.url, &headers, request.body.expose())
    }

    /// Sends anything.
    pub fn raw(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Answer, ureq::Error> {
        let mut builder = ureq::http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(body.to_vec()).expect("request builds");
        let mut response = self.agent.run(request)?;
        let status = response.status().as_u16();
        let dates = response
            .headers()
            .get_all("date")
            .iter()
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .collect();
        let header =
            |name: &str| response.headers().get(name).map(|v| v.to_str().expect("a text header").to_owned());
        let (trace_id, request_id) = (header("x-ncp-trace-id"), header("x-request-id"));
        let text = response.body_mut().read_to_string()?;
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("JSON body") };
        Ok(Answer { status, body, dates, trace_id, request_id })
    }

    /// An NCP request to `path_and_query` with any body, signed at the emulator's time.
    pub fn ncp_raw(&self, method: Method, path_and_query: &str, body: &[u8]) -> Answer {
        let signer = NcpSigner::new(&self.emulator.ncp_credentials());
        let ts =
            self.emulator.now().duration_since(std::time::UNIX_EPOCH).expect("after the epoch").as_millis();
        let ts = u64::try_from(ts).expect("a millisecond timestamp");
        let signature = signer.sign(method, path_and_query, ts).to_string();
        let ts = ts.to_string();
        let headers = [
            (ncp::TIMESTAMP_HEADER, ts.as_str()),
            (ncp::ACCESS_KEY_HEADER, signer.access_key()),
            (ncp::SIGNATURE_HEADER, signature.as_str()),
            ("Content-Type", "application/json"),
        ];
        let url = format!("{}{path_and_query}", self.emulator.base_url());
        self.raw(method.as_str(), &url, &headers, body).expect("the request is answered")
    }

    /// A GET or POST to a control endpoint.
    pub fn control(&self, method: &str, path: &str, body: &str) -> Answer {
        let url = format!("{}{path}", self.emulator.base_url());
        self.raw(method, &url, &[("Content-Type", "application/json")], body.as_bytes())
            .expect("control works")
    }

    /// The `Host` header value the client sends.
    pub fn host(&self) -> String {
        self.emulator.base_url().trim_start_matches("http://").to_owned()
    }

    /// A Huawei request signed with SDK-HMAC-SHA256 at the emulator's time.
    pub fn huawei(&self, method: &str, path_and_query: &str, body: &str) -> Result<Answer, ureq::Error> {
        let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
        let date = sdk_date(self.emulator.now());
        let host = self.host();
        let headers = [
            ("Content-Type", "application/json"),
            ("Host", host.as_str()),
            ("X-Project-Id", self.emulator.huawei_project_id()),
            ("X-Sdk-Date", date.as_str()),
        ];
        let message = Message { method, path, query, headers: &headers, body: body.as_bytes() };
        let authorization =
            HuaweiSigner::new(&self.emulator.huawei_credentials()).sign(&date, &message).to_string();
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        all.push(("Authorization", authorization.as_str()));
        let url = format!("{}{path_and_query}", self.emulator.base_url());
        self.raw(method, &url, &all, body.as_bytes())
    }

    /// The `/v1/{project_id}` prefix.
    pub fn project_path(&self, rest: &str) -> String {
        format!("/v1/{}{rest}", self.emulator.huawei_project_id())
    }
}

/// `YYYYMMDDTHHMMSSZ` of a time.
pub fn sdk_date(time: std::time::SystemTime) -> String {
    UtcDateTime::from_system_time(time).expect("a time between 1970 and 9999").to_sdk_date()
}
