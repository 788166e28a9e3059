//! The NCP provider type, and the factory that turns an NCP operation into a signed request.

use std::time::SystemTime;

use serde::de::DeserializeOwned;

use super::reconcile::{ObservedState, StateCheck};
use super::{Credentials, Endpoint, Signer, signer};
use crate::error::{Error, Provider};
use crate::http::{Header, HttpRequest};
use crate::operation::{Operation, ProviderKind};

/// NAVER Cloud Platform Secret Manager as a type: the [`Operation::Provider`] of every NCP
/// operation, which [`RequestFactory`] requires.
///
/// ```
/// use secretmanager_core::{Operation, ProviderKind};
/// use secretmanager_core::ncp::{self, Ncp};
///
/// fn ncp_only<O: Operation<Provider = Ncp>>(_: &O) -> &'static str {
///     O::SETTLED_BY
/// }
/// assert_eq!(ncp_only(&ncp::ExecuteRotationJob::new("secret-id")), "Get Secret Logs");
/// assert_eq!(Ncp::PROVIDER, secretmanager_core::Provider::Ncp);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Ncp;

impl crate::operation::sealed::Sealed for Ncp {}

impl ProviderKind for Ncp {
    const PROVIDER: Provider = Provider::Ncp;
    const SETTLED_BY: &'static str = "Get Secret Logs";
    type StateCheck = StateCheck;
    type ObservedState = ObservedState;

    fn decode_response<'h, T: DeserializeOwned>(
        status: u16,
        headers: impl IntoIterator<Item = (&'h str, &'h str)>,
        body: &[u8],
    ) -> Result<T, Error> {
        super::decode_response(status, headers, body)
    }
}

/// Builds complete, signed requests for one endpoint and one set of credentials.
///
/// Every request carries the three signature headers (`x-ncp-apigw-timestamp`,
/// `x-ncp-iam-access-key`, `x-ncp-apigw-signature-v2`), `Host` ([`Endpoint::host`], as a
/// transport would add it: a transport then adds nothing but its own `User-Agent` and
/// `Accept`), and `Content-Type: application/json` when it has a body.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use secretmanager_core::ncp::{self, Credentials, Endpoint, RequestFactory};
///
/// let factory = RequestFactory::new(Endpoint::kr_isolated(), &Credentials::new("AK", "SK"));
/// let op = ncp::EnableAutoRotation::new("secret-id").rotation_period(30).trigger_id("trg-1");
/// let request = factory.build(&op, UNIX_EPOCH + Duration::from_secs(1_700_000_000)).unwrap();
/// assert_eq!(
///     request.url,
///     "https://ocapi-kr.ncloud.com/secretmanager/api/v1/secrets/secret-id/enable-auto-rotation"
/// );
/// assert_eq!(request.body.expose(), br#"{"rotationPeriod":30,"triggerId":"trg-1"}"#);
/// ```
#[derive(Debug, Clone)]
pub struct RequestFactory {
    endpoint: Endpoint,
    signer: Signer,
}

impl RequestFactory {
    /// A factory for `endpoint`, signing with `credentials`.
    pub fn new(endpoint: Endpoint, credentials: &Credentials) -> Self {
        Self { endpoint, signer: Signer::new(credentials) }
    }

    /// The endpoint requests are built for.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Validates `op` and builds its request, signed for the time `now`.
    pub fn build<O: Operation<Provider = Ncp>>(&self, op: &O, now: SystemTime) -> Result<HttpRequest, Error> {
        self.build_at_millis(op, crate::time::epoch_millis(now)?)
    }

    /// Like [`RequestFactory::build`], with the time given in milliseconds since the epoch.
    pub fn build_at_millis<O: Operation<Provider = Ncp>>(
        &self,
        op: &O,
        timestamp_ms: u64,
    ) -> Result<HttpRequest, Error> {
        op.validate()?;
        let origin = self.endpoint.origin();
        let mut url = String::with_capacity(origin.len() + self.endpoint.base_path().len() + 96);
        url.push_str(origin);
        url.push_str(self.endpoint.base_path());
        op.write_path(&mut url);
        let signature = self.signer.sign(O::METHOD, &url[origin.len()..], timestamp_ms);
        let body = op.body();
        let mut headers = Vec::with_capacity(5);
        headers.push(plain("Host", self.endpoint.host().to_owned()));
        headers.push(plain(signer::TIMESTAMP_HEADER, timestamp_ms.to_string()));
        headers.push(plain(signer::ACCESS_KEY_HEADER, self.signer.access_key().to_owned()));
        headers.push(plain(signer::SIGNATURE_HEADER, signature.as_str().to_owned()));
        if body.is_some() {
            headers.push(plain("Content-Type", "application/json".to_owned()));
        }
        Ok(HttpRequest {
            method: O::METHOD,
            url,
            headers,
            body: body.unwrap_or_default(),
            idempotent: O::IDEMPOTENT,
        })
    }
}

fn plain(name: &'static str, value: String) -> Header {
    Header { name, value, sensitive: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OperationKind;
    use crate::encode::Query;
    use crate::http::Method;
    use crate::validate::{ValidationError, path_segment};

    /// A test-only operation whose query needs escaping.
    struct Logs {
        id: &'static str,
        keyword: &'static str,
    }

    impl Operation for Logs {
        type Provider = Ncp;
        type Output = ();
        const NAME: &'static str = "test logs";
        const METHOD: Method = Method::Get;
        const KIND: OperationKind = OperationKind::Repeatable;
        fn validate(&self) -> Result<(), ValidationError> {
            path_segment("secretId", self.id)
        }
        fn write_path(&self, out: &mut String) {
            out.push_str("/api/v1/secrets/");
            crate::encode::push_segment(out, self.id);
            out.push_str("/logs");
            Query::new(out).pair("pageNo", "1").pair("pageSize", "1").pair("keyword", self.keyword);
        }
    }

    fn factory(endpoint: Endpoint) -> RequestFactory {
        RequestFactory::new(endpoint, &Credentials::new("AK_TEST", "SK_TEST"))
    }

    #[test]
    fn escaped_query_is_signed_exactly_as_sent() {
        let request = factory(Endpoint::kr_global())
            .build_at_millis(&Logs { id: "abc123", keyword: "Get Secret Log" }, 1_700_000_000_000)
            .unwrap();
        assert_eq!(
            request.url,
            "https://secretmanager.apigw.ntruss.com/api/v1/secrets/abc123/logs?pageNo=1&pageSize=1&keyword=Get%20Secret%20Log"
        );
        assert_eq!(
            request.header(signer::SIGNATURE_HEADER),
            Some("/vaeJuH8/f5cnLIMv9vcZLpWW80GJdrJ/SkWg68HT+8=")
        );
        assert_eq!(request.header("Content-Type"), None);
        assert_eq!(request.header("Host"), Some("secretmanager.apigw.ntruss.com"));
    }

    #[test]
    fn reserved_characters_in_query_and_path_are_escaped_and_signed() {
        let request = factory(Endpoint::kr_global())
            .build_at_millis(&Logs { id: "a/b c", keyword: "x&y=z+1%" }, 1_700_000_000_000)
            .unwrap();
        let path = "/api/v1/secrets/a%2Fb%20c/logs?pageNo=1&pageSize=1&keyword=x%26y%3Dz%2B1%25";
        assert!(request.url.ends_with(path), "{}", request.url);
        let expected =
            Signer::new(&Credentials::new("AK_TEST", "SK_TEST")).sign(Method::Get, path, 1_700_000_000_000);
        assert_eq!(request.header(signer::SIGNATURE_HEADER), Some(expected.as_str()));
    }

    #[test]
    fn ocapi_base_path_is_part_of_the_signed_uri() {
        let request = factory(Endpoint::kr_isolated())
            .build_at_millis(&Logs { id: "abc123", keyword: "k" }, 1_700_000_000_000)
            .unwrap();
        let signed = &request.url["https://ocapi-kr.ncloud.com".len()..];
        assert!(signed.starts_with("/secretmanager/api/v1/secrets/abc123/logs"));
        let expected =
            Signer::new(&Credentials::new("AK_TEST", "SK_TEST")).sign(Method::Get, signed, 1_700_000_000_000);
        assert_eq!(request.header(signer::SIGNATURE_HEADER), Some(expected.as_str()));
    }

    #[test]
    fn invalid_operations_are_not_built() {
        let err =
            factory(Endpoint::kr_global()).build_at_millis(&Logs { id: "", keyword: "" }, 1).unwrap_err();
        assert!(matches!(err, Error::Validation(ref v) if v.field == "secretId"));
    }
}
