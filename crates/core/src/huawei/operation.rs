//! The CSMS provider type, and the factory that turns a CSMS operation into a signed request.

use std::convert::Infallible;
use std::time::SystemTime;

use serde::de::DeserializeOwned;

use super::signing::{self, Message, Signer};
use super::{Auth, Endpoint, ProjectId};
use crate::error::{Error, Provider};
use crate::http::{Header, HttpRequest};
use crate::operation::{Operation, ProviderKind};
use crate::secret::SecretString;

/// The `Content-Type` of every CSMS request.
pub const CONTENT_TYPE: &str = "application/json;charset=UTF-8";
/// The header carrying the project id.
pub const PROJECT_ID_HEADER: &str = "X-Project-Id";
/// The header carrying the security token of temporary AK/SK credentials.
pub const SECURITY_TOKEN_HEADER: &str = "X-Security-Token";
/// The header carrying an IAM token.
pub const AUTH_TOKEN_HEADER: &str = "X-Auth-Token";

/// Huawei Cloud CSMS as a type: the [`Operation::Provider`] of every CSMS operation, which
/// [`RequestFactory`] requires. No CSMS operation is read back after a lost answer, so its
/// [`StateCheck`](ProviderKind::StateCheck) is [`Infallible`].
///
/// ```
/// use secretmanager_core::{Operation, ProviderKind};
/// use secretmanager_core::huawei::{self, Huawei};
///
/// fn csms_only<O: Operation<Provider = Huawei>>(_: &O) -> &'static str {
///     O::SETTLED_BY
/// }
/// assert_eq!(csms_only(&huawei::UpdateSecret::new("db-password")), "ShowSecret");
/// assert_eq!(Huawei::PROVIDER, secretmanager_core::Provider::Huawei);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Huawei;

impl crate::operation::sealed::Sealed for Huawei {}

impl ProviderKind for Huawei {
    const PROVIDER: Provider = Provider::Huawei;
    const SETTLED_BY: &'static str = "ShowSecret";
    type StateCheck = Infallible;
    type ObservedState = Infallible;

    fn decode_response<'h, T: DeserializeOwned>(
        status: u16,
        headers: impl IntoIterator<Item = (&'h str, &'h str)>,
        body: &[u8],
    ) -> Result<T, Error> {
        super::decode_response(status, headers, body)
    }
}

#[derive(Clone)]
enum Authenticator {
    Signed { signer: Signer, security_token: Option<SecretString> },
    Token(SecretString),
}

/// Builds complete requests for one endpoint, one project and one way of authenticating.
///
/// The URL is the endpoint, `/v1/{project_id}` and the operation's path, or `/v1` and the
/// path for an operation that is not [`Operation::PROJECT_SCOPED`] (`/v1/csms/users`).
///
/// Every request carries `Content-Type: application/json;charset=UTF-8`, `Host` (signed, so a
/// transport must send exactly this value), `X-Sdk-Date`, `X-Project-Id` (on account-wide
/// operations too, as the official SDK sends it: its CSMS client takes project credentials
/// only), and either
/// `Authorization` (AK/SK, plus `X-Security-Token` for temporary credentials) or `X-Auth-Token`
/// (an IAM token; marked sensitive).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use secretmanager_core::huawei::{self, Auth, Endpoint, ProjectId, RequestFactory};
///
/// let factory = RequestFactory::new(
///     Endpoint::region("cn-north-4").unwrap(),
///     Auth::Token("iam-token".into()),
///     ProjectId::new("0123456789abcdef0123456789abcdef").unwrap(),
/// );
/// let request = factory.build(&huawei::ShowSecret::new("db-password"), UNIX_EPOCH + Duration::from_secs(1)).unwrap();
/// assert_eq!(request.header("X-Auth-Token"), Some("iam-token"));
/// assert!(!format!("{request:?}").contains("iam-token"));
/// ```
#[derive(Clone)]
pub struct RequestFactory {
    endpoint: Endpoint,
    project_id: ProjectId,
    authenticator: Authenticator,
}

impl RequestFactory {
    /// A factory for `endpoint` and `project_id`, authenticating with `auth`.
    pub fn new(endpoint: Endpoint, auth: Auth, project_id: ProjectId) -> Self {
        let authenticator = match auth {
            Auth::AkSk(credentials) => Authenticator::Signed {
                signer: Signer::new(&credentials),
                security_token: credentials.security_token().cloned(),
            },
            Auth::Token(token) => Authenticator::Token(token),
        };
        Self { endpoint, project_id, authenticator }
    }

    /// The endpoint requests are built for.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Adds to `redactor` the credentials every request of this factory carries (an IAM token,
    /// a security token), so that an answer quoting them can be cleaned.
    pub fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        match &self.authenticator {
            Authenticator::Signed { security_token: Some(token), .. } | Authenticator::Token(token) => {
                redactor.add(token.expose());
            }
            Authenticator::Signed { security_token: None, .. } => {}
        }
    }

    /// The project requests are made in.
    pub fn project_id(&self) -> &ProjectId {
        &self.project_id
    }

    /// Validates `op` and builds its request, dated (and signed) for the time `now`.
    pub fn build<O: Operation<Provider = Huawei>>(
        &self,
        op: &O,
        now: SystemTime,
    ) -> Result<HttpRequest, Error> {
        op.validate()?;
        let sdk_date = crate::time::basic_iso8601(now)?;
        let origin = self.endpoint.origin();
        let mut url = String::with_capacity(origin.len() + self.endpoint.base_path().len() + 128);
        url.push_str(origin);
        url.push_str(self.endpoint.base_path());
        url.push_str("/v1");
        if O::PROJECT_SCOPED {
            url.push('/');
            url.push_str(self.project_id.as_str());
        }
        op.write_path(&mut url);
        let body = op.body().unwrap_or_default();

        let mut headers = vec![
            plain("Content-Type", CONTENT_TYPE.to_owned()),
            plain("Host", self.endpoint.host().to_owned()),
            plain(signing::DATE_HEADER, sdk_date.clone()),
            plain(PROJECT_ID_HEADER, self.project_id.as_str().to_owned()),
        ];
        match &self.authenticator {
            Authenticator::Signed { signer, security_token } => {
                if let Some(token) = security_token {
                    headers.push(sensitive(SECURITY_TOKEN_HEADER, token));
                }
                let path_and_query = &url[origin.len()..];
                let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
                let pairs: Vec<(&str, &str)> = headers.iter().map(|h| (h.name, h.value.as_str())).collect();
                let message =
                    Message { method: O::METHOD.as_str(), path, query, headers: &pairs, body: body.expose() };
                let authorization = signer.sign(&sdk_date, &message).to_string();
                headers.push(plain(signing::AUTHORIZATION_HEADER, authorization));
            }
            Authenticator::Token(token) => headers.push(sensitive(AUTH_TOKEN_HEADER, token)),
        }
        Ok(HttpRequest { method: O::METHOD, url, headers, body, idempotent: O::IDEMPOTENT })
    }
}

impl std::fmt::Debug for RequestFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let auth = match &self.authenticator {
            Authenticator::Signed { signer, .. } => signer.access_key().to_owned(),
            Authenticator::Token(_) => "token".to_owned(),
        };
        f.debug_struct("RequestFactory")
            .field("endpoint", &self.endpoint)
            .field("project_id", &self.project_id)
            .field("auth", &auth)
            .finish()
    }
}

fn plain(name: &'static str, value: String) -> Header {
    Header { name, value, sensitive: false }
}

fn sensitive(name: &'static str, value: &SecretString) -> Header {
    Header { name, value: value.expose().to_owned(), sensitive: true }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::encode::Query;
    use crate::http::Method;
    use crate::huawei::Credentials;
    use crate::huawei::signing::Authorization;
    use crate::validate::ValidationError;

    const PROJECT: &str = "0123456789abcdef0123456789abcdef";
    /// 2026-11-24T12:00:00Z, the date of the reference vectors.
    const VECTOR_TIME: u64 = 1_795_521_600;

    /// A test-only operation whose query needs escaping.
    struct List {
        marker: &'static str,
    }

    impl Operation for List {
        type Provider = Huawei;
        type Output = ();
        const NAME: &'static str = "test list";
        const METHOD: Method = Method::Get;
        const KIND: crate::OperationKind = crate::OperationKind::Repeatable;
        fn validate(&self) -> Result<(), ValidationError> {
            crate::validate::path_segment("marker", self.marker)
        }
        fn write_path(&self, out: &mut String) {
            out.push_str("/secrets");
            Query::new(out).pair("marker", self.marker).pair("limit", "10");
        }
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn factory(endpoint: Endpoint, auth: Auth) -> RequestFactory {
        RequestFactory::new(endpoint, auth, ProjectId::new(PROJECT).unwrap())
    }

    fn vector_credentials() -> Credentials {
        Credentials::new("HWAKEXAMPLE0000000001", "HWSKexample/SecretKey+0000000000000001")
    }

    #[test]
    fn rotate_secret_reproduces_reference_vector_1() {
        let factory = factory(Endpoint::region("cn-north-4").unwrap(), vector_credentials().into());
        let request =
            factory.build(&crate::huawei::RotateSecret::new("db-password"), at(VECTOR_TIME)).unwrap();
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.url,
            "https://kms.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/secrets/db-password/rotate"
        );
        let names: Vec<&str> = request.headers.iter().map(|h| h.name).collect();
        assert_eq!(names, ["Content-Type", "Host", "X-Sdk-Date", "X-Project-Id", "Authorization"]);
        assert_eq!(request.header("Content-Type"), Some(CONTENT_TYPE));
        assert_eq!(
            request.header("Authorization"),
            Some(
                "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, \
                 Signature=d95c56da10e75f4427b97b546b5d13c7f6836a106f36f17c9901d42a54a4ff68"
            )
        );
        assert!(request.body.is_empty());
        assert!(!request.idempotent);
    }

    /// Vectors computed with the official SDK's signer over the same headers.
    #[test]
    fn account_wide_operations_are_outside_the_project_and_signed_as_the_official_sdk_signs() {
        let factory = factory(Endpoint::region("cn-north-4").unwrap(), vector_credentials().into());
        let show = crate::huawei::ShowAgency::new(crate::huawei::SecretType::RdsFg);
        let request = factory.build(&show, at(VECTOR_TIME)).unwrap();
        assert_eq!(
            request.url,
            "https://kms.cn-north-4.myhuaweicloud.com/v1/csms/agencies?secret_type=RDS-FG"
        );
        assert_eq!(request.header("X-Project-Id"), Some(PROJECT));
        assert_eq!(
            request.header("Authorization"),
            Some(
                "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, \
                 Signature=9ffb6f567ecdf941b968fc295aa5e7ab432edf289139fa40adb498934d4bceb4"
            )
        );
        assert!(request.idempotent);

        let change = crate::huawei::UpdateUserPassword::new("n3w-Pa55!", "0ld-Pa55!");
        let request = factory.build(&change, at(VECTOR_TIME)).unwrap();
        assert_eq!(request.url, "https://kms.cn-north-4.myhuaweicloud.com/v1/csms/users/change-password");
        assert_eq!(request.body.expose(), br#"{"password":"n3w-Pa55!","old_password":"0ld-Pa55!"}"#);
        assert_eq!(
            request.header("Authorization"),
            Some(
                "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, \
                 Signature=1e7470f1cd29c30fffed4a70b594f97a3f96285898d497eb221d2136dc6d816b"
            )
        );
        assert!(!request.idempotent);
        assert!(!format!("{request:?}").contains("Pa55"));

        // A proxied endpoint keeps its base path before `/v1`; project operations are unchanged.
        let proxied = RequestFactory::new(
            Endpoint::parse("https://gw.example.com/csms").unwrap(),
            Auth::Token("t".into()),
            ProjectId::new(PROJECT).unwrap(),
        );
        let users = proxied.build(&crate::huawei::ShowUserDetail::new("u 1"), at(VECTOR_TIME)).unwrap();
        assert_eq!(users.url, "https://gw.example.com/csms/v1/csms/users/u%201");
        let tags = proxied.build(&crate::huawei::ListProjectSecretsTags::new(), at(VECTOR_TIME)).unwrap();
        assert_eq!(tags.url, format!("https://gw.example.com/csms/v1/{PROJECT}/csms/tags"));
    }

    #[test]
    fn base_path_is_part_of_the_signed_uri() {
        let credentials = vector_credentials();
        let proxied =
            factory(Endpoint::parse("https://gw.example.com/csms").unwrap(), credentials.clone().into())
                .build(&List { marker: "m" }, at(VECTOR_TIME))
                .unwrap();
        assert!(proxied.url.starts_with("https://gw.example.com/csms/v1/"));
        let direct = factory(Endpoint::parse("https://gw.example.com").unwrap(), credentials.into())
            .build(&List { marker: "m" }, at(VECTOR_TIME))
            .unwrap();
        assert_ne!(proxied.header("Authorization"), direct.header("Authorization"));
    }

    #[test]
    fn query_needing_escapes_is_signed_as_sent() {
        let factory = factory(Endpoint::region("ap-southeast-1").unwrap(), vector_credentials().into());
        let request = factory.build(&List { marker: "a b/c" }, at(VECTOR_TIME)).unwrap();
        assert_eq!(
            request.url,
            "https://kms.ap-southeast-1.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/secrets?marker=a%20b%2Fc&limit=10"
        );
        let authorization = Authorization::parse(request.header("Authorization").unwrap()).unwrap();
        assert_eq!(authorization.signed_headers, ["content-type", "host", "x-project-id", "x-sdk-date"]);
        // Recompute as a server would, from the request as sent.
        let pairs: Vec<(&str, &str)> = request.headers.iter().map(|h| (h.name, h.value.as_str())).collect();
        let signed: Vec<&str> = authorization.signed_headers.iter().map(String::as_str).collect();
        let (path, query) =
            request.url["https://kms.ap-southeast-1.myhuaweicloud.com".len()..].split_once('?').unwrap();
        let canonical = signing::canonical_request("GET", path, query, &pairs, &signed, b"");
        let sts = signing::string_to_sign("20261124T120000Z", &canonical);
        assert_eq!(
            signing::signature(b"HWSKexample/SecretKey+0000000000000001", &sts),
            authorization.signature
        );
    }

    #[test]
    fn security_token_is_sent_signed_and_sensitive() {
        let credentials = vector_credentials().with_security_token("temp-token");
        let request = factory(Endpoint::parse("http://127.0.0.1:9000").unwrap(), credentials.into())
            .build(&List { marker: "m" }, at(VECTOR_TIME))
            .unwrap();
        assert_eq!(request.header("Host"), Some("127.0.0.1:9000"));
        assert_eq!(request.header("X-Security-Token"), Some("temp-token"));
        let authorization = Authorization::parse(request.header("Authorization").unwrap()).unwrap();
        assert!(authorization.signed_headers.iter().any(|h| h == "x-security-token"));
        assert!(!format!("{request:?}").contains("temp-token"));
    }

    #[test]
    fn token_auth_sends_no_signature() {
        let request = factory(Endpoint::region("cn-north-4").unwrap(), Auth::Token("iam-token".into()))
            .build(&List { marker: "m" }, at(VECTOR_TIME))
            .unwrap();
        assert_eq!(request.header("Authorization"), None);
        assert_eq!(request.header("X-Auth-Token"), Some("iam-token"));
        assert_eq!(request.header("X-Sdk-Date"), Some("20261124T120000Z"));
        assert_eq!(request.header("X-Project-Id"), Some(PROJECT));
        assert!(request.headers.iter().any(|h| h.name == "X-Auth-Token" && h.sensitive));
    }

    #[test]
    fn invalid_operations_and_times_are_not_built() {
        let factory = factory(Endpoint::region("cn-north-4").unwrap(), vector_credentials().into());
        let err = factory.build(&List { marker: "" }, at(VECTOR_TIME)).unwrap_err();
        assert!(matches!(err, Error::Validation(ref v) if v.field == "marker"));
        let err = factory.build(&List { marker: "m" }, UNIX_EPOCH - Duration::from_secs(1)).unwrap_err();
        assert!(matches!(err, Error::Validation(ref v) if v.field == "timestamp"));
        assert!(!format!("{factory:?}").contains("HWSKexample"));
    }
}
