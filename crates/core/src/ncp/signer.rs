//! The NCP API Gateway signature v2.
//!
//! `signature = Base64(HMAC-SHA256(secretKey, "METHOD path?query\ntimestampMs\naccessKey"))`,
//! sent with `x-ncp-apigw-timestamp`, `x-ncp-iam-access-key` and `x-ncp-apigw-signature-v2`.
//! `path?query` is exactly the bytes sent after the host, including a `/secretmanager` prefix
//! on the `ocapi-*` hosts.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::Credentials;
use crate::http::Method;

/// Header carrying the signing time in milliseconds since the epoch.
pub const TIMESTAMP_HEADER: &str = "x-ncp-apigw-timestamp";
/// Header carrying the access key.
pub const ACCESS_KEY_HEADER: &str = "x-ncp-iam-access-key";
/// Header carrying the signature.
pub const SIGNATURE_HEADER: &str = "x-ncp-apigw-signature-v2";

/// Signs requests with one set of credentials.
///
/// The HMAC key schedule is computed once, in [`Signer::new`]; each [`Signer::sign`] only hashes
/// the string to sign, without allocating.
///
/// ```
/// use secretmanager_core::Method;
/// use secretmanager_core::ncp::{Credentials, Signer};
///
/// // The published vector of the NCP MCP server's signature tests.
/// let signer = Signer::new(&Credentials::new("TestAccessKey", "TestSecretKey"));
/// let signature = signer.sign(
///     Method::Get,
///     "/vserver/v2/getServerInstanceList?responseFormatType=json",
///     1_234_567_890_123,
/// );
/// assert_eq!(signature.as_str(), "FPsYYX8fuMAgi+cue3eACOW0dNtIwu1LYWfg/megA2M=");
/// ```
#[derive(Clone)]
pub struct Signer {
    access_key: String,
    keyed: Hmac<Sha256>,
}

impl Signer {
    /// Prepares a signer for `credentials`.
    pub fn new(credentials: &Credentials) -> Self {
        let keyed = Hmac::<Sha256>::new_from_slice(credentials.secret_key().expose().as_bytes())
            .expect("HMAC accepts keys of any length");
        Self { access_key: credentials.access_key().to_owned(), keyed }
    }

    /// The access key this signer signs for.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// Signs `METHOD path_and_query\ntimestamp\naccessKey`.
    pub fn sign(&self, method: Method, path_and_query: &str, timestamp_ms: u64) -> Signature {
        let mut digits = [0u8; 20];
        let timestamp = format_decimal(timestamp_ms, &mut digits);
        let mut mac = self.keyed.clone();
        mac.update(method.as_str().as_bytes());
        mac.update(b" ");
        mac.update(path_and_query.as_bytes());
        mac.update(b"\n");
        mac.update(timestamp);
        mac.update(b"\n");
        mac.update(self.access_key.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut signature = Signature { base64: [0; 44] };
        let written = STANDARD
            .encode_slice(digest, &mut signature.base64)
            .expect("a SHA-256 digest is 44 base64 characters");
        debug_assert_eq!(written, 44);
        signature
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").field("access_key", &self.access_key).finish_non_exhaustive()
    }
}

/// A signature: 44 characters of standard, padded base64.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    base64: [u8; 44],
}

impl Signature {
    /// The signature text, as sent in `x-ncp-apigw-signature-v2`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.base64).expect("base64 is ASCII")
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Writes `value` in decimal into the end of `buf` and returns the digits.
fn format_decimal(mut value: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            return &buf[start..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(method: Method, uri: &str, ts: u64, ak: &str, sk: &str) -> String {
        Signer::new(&Credentials::new(ak, sk)).sign(method, uri, ts).to_string()
    }

    #[test]
    fn published_vector_ncp_mcp_server() {
        assert_eq!(
            sign(
                Method::Get,
                "/vserver/v2/getServerInstanceList?responseFormatType=json",
                1_234_567_890_123,
                "TestAccessKey",
                "TestSecretKey"
            ),
            "FPsYYX8fuMAgi+cue3eACOW0dNtIwu1LYWfg/megA2M="
        );
    }

    #[test]
    fn published_vector_community_sdk() {
        assert_eq!(
            sign(
                Method::Post,
                "/vserver/v2/createServerInstances?regionCode=KR",
                1_700_000_000_000,
                "AK_TEST",
                "SK_TEST"
            ),
            "xBcE26XFU55BMjppdPT7ZY3oDrqoOedfPyAn3Cq4lUw="
        );
    }

    #[test]
    fn secret_manager_vectors() {
        let cases = [
            (Method::Get, "/api/v1/secrets?pageNo=1", "868E3JwHuhnrG2wMtS3EICZjFlUVLwwqv9PYedtlCFQ="),
            (
                Method::Get,
                "/api/v1/secrets/abc123/logs?pageNo=1&pageSize=1&keyword=Get%20Secret%20Log",
                "/vaeJuH8/f5cnLIMv9vcZLpWW80GJdrJ/SkWg68HT+8=",
            ),
            (
                Method::Post,
                "/action/v1/secrets/abc123/jobs/tok456/complete",
                "MCFUSd16iEI2+lr/BvBeg4Q5Rb/PfikOaILIGU5QzpU=",
            ),
            (Method::Get, "/secretmanager/api/v1/secrets", "xj4ZWz3/V1pQauI9MqZxle+ge0MHrrlQ6qC4rakjEEA="),
        ];
        for (method, uri, expected) in cases {
            assert_eq!(sign(method, uri, 1_700_000_000_000, "AK_TEST", "SK_TEST"), expected, "{uri}");
        }
    }

    #[test]
    fn every_input_changes_the_signature() {
        let base = sign(Method::Get, "/api/v1/secrets", 1, "AK", "SK");
        assert_ne!(base, sign(Method::Post, "/api/v1/secrets", 1, "AK", "SK"));
        assert_ne!(base, sign(Method::Get, "/api/v1/secretz", 1, "AK", "SK"));
        assert_ne!(base, sign(Method::Get, "/api/v1/secrets", 2, "AK", "SK"));
        assert_ne!(base, sign(Method::Get, "/api/v1/secrets", 1, "AK2", "SK"));
        assert_ne!(base, sign(Method::Get, "/api/v1/secrets", 1, "AK", "SK2"));
    }

    #[test]
    fn decimal_formatting_covers_the_edges() {
        let mut buf = [0u8; 20];
        assert_eq!(format_decimal(0, &mut buf), b"0");
        assert_eq!(format_decimal(u64::MAX, &mut buf), b"18446744073709551615");
    }

    #[test]
    fn debug_does_not_leak_the_key() {
        let signer = Signer::new(&Credentials::new("AK", "very-secret-key"));
        assert!(!format!("{signer:?}").contains("very-secret-key"));
    }
}
