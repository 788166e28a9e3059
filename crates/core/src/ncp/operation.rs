//! What every NCP operation provides, and the factory that turns one into a signed request.

use std::time::SystemTime;

use serde::de::DeserializeOwned;

use super::reconcile::{ObservedState, Settled, StateCheck};
use super::{Credentials, Endpoint, Signer, signer};
use crate::OperationKind;
use crate::error::Error;
use crate::http::{Header, HttpRequest, Method};
use crate::secret::SecretBytes;
use crate::validate::ValidationError;

/// One NCP Secret Manager operation: a typed request that knows its method, path, query and
/// body, and the type its answer's `data` decodes into.
///
/// Callers rarely use these methods directly: [`RequestFactory::build`] validates, writes the
/// path and body and signs, and [`decode`](crate::ncp::decode) reads the answer into
/// [`Operation::Output`].
///
/// ```
/// use secretmanager_core::Method;
/// use secretmanager_core::ncp::{Operation, UpdateSecretMemo};
///
/// let op = UpdateSecretMemo::new("secret-id", "orders db");
/// assert_eq!((UpdateSecretMemo::METHOD, UpdateSecretMemo::IDEMPOTENT), (Method::Put, true));
/// assert_eq!(UpdateSecretMemo::KIND, secretmanager_core::OperationKind::Repeatable);
/// op.validate().unwrap();
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/api/v1/secrets/secret-id/memo");
/// assert_eq!(op.body().unwrap().expose(), br#"{"memo":"orders db"}"#);
/// ```
pub trait Operation {
    /// The decoded `data` of a success answer (`()` where the API answers `data: null`).
    type Output: DeserializeOwned;

    /// The operation's name in the API reference, e.g. `"Create Secret"`.
    const NAME: &'static str;

    /// The HTTP method.
    const METHOD: Method;

    /// What sending the request twice does: see [`OperationKind`].
    const KIND: OperationKind;

    /// Whether a transport may send the request again after a failure that left the outcome
    /// unknown: `true` for [`OperationKind::Repeatable`] and [`OperationKind::Transition`].
    const IDEMPOTENT: bool = Self::KIND.may_resend();

    /// For a [`OperationKind::Create`] whose answer was lost: the operation that tells whether
    /// it took effect, as the error reporting the unknown outcome names it.
    const SETTLED_BY: &'static str = "Get Secret Logs";

    /// Checks the inputs against the documented rules.
    fn validate(&self) -> Result<(), ValidationError>;

    /// Appends the path and query (after any endpoint base path), percent-encoded, to `out`.
    /// Called only after [`Operation::validate`] succeeded.
    fn write_path(&self, out: &mut String);

    /// The JSON body, if the operation sends one. Called only after a successful
    /// [`Operation::validate`].
    fn body(&self) -> Option<SecretBytes> {
        None
    }

    /// Adds to `redactor` every secret this request carries (values, job tokens), so that an
    /// answer quoting the request can be cleaned before a caller sees it.
    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        let _ = redactor;
    }

    /// For a [`OperationKind::Transition`]: the read that shows whether an earlier send took
    /// effect, sent when the answer to that send was lost and a resend was refused. `None` for
    /// the other kinds.
    fn state_check(&self) -> Option<StateCheck> {
        None
    }

    /// Judges what [`Operation::state_check`] read: whether the earlier send took effect, and
    /// if so the output its answer would have carried.
    fn settle(&self, observed: ObservedState) -> Settled<Self::Output> {
        let _ = observed;
        Settled::Unknown
    }
}

/// Builds complete, signed requests for one endpoint and one set of credentials.
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
    pub fn build<O: Operation>(&self, op: &O, now: SystemTime) -> Result<HttpRequest, Error> {
        self.build_at_millis(op, crate::time::epoch_millis(now)?)
    }

    /// Like [`RequestFactory::build`], with the time given in milliseconds since the epoch.
    pub fn build_at_millis<O: Operation>(&self, op: &O, timestamp_ms: u64) -> Result<HttpRequest, Error> {
        op.validate()?;
        let origin = self.endpoint.origin();
        let mut url = String::with_capacity(origin.len() + self.endpoint.base_path().len() + 96);
        url.push_str(origin);
        url.push_str(self.endpoint.base_path());
        op.write_path(&mut url);
        let signature = self.signer.sign(O::METHOD, &url[origin.len()..], timestamp_ms);
        let body = op.body();
        let mut headers = Vec::with_capacity(4);
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
    use crate::encode::Query;
    use crate::validate::path_segment;

    /// A test-only operation whose query needs escaping.
    struct Logs {
        id: &'static str,
        keyword: &'static str,
    }

    impl Operation for Logs {
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
