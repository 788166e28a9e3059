//! Authentication as the real gateways check it: NCP API Gateway signature v2 and Huawei
//! `SDK-HMAC-SHA256` (or an IAM token).

use secretmanager_core::Method;
use secretmanager_core::huawei::signing;
use secretmanager_core::ncp::{self, Signer};

use crate::clock;
use crate::config::Config;
use crate::exchange::Incoming;

/// How far the NCP timestamp may be from the emulator's clock (exclusive).
const NCP_MAX_SKEW_MS: i64 = 5 * 60 * 1000;
/// How far the Huawei `X-Sdk-Date` may be from the emulator's clock.
const HUAWEI_MAX_SKEW_MS: i64 = 15 * 60 * 1000;

/// Compares two byte strings in time that depends only on their lengths (`subtle`, which keeps
/// the optimizer from turning the comparison into an early exit).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq as _;
    a.ct_eq(b).into()
}

/// Checks the NCP signature v2 headers of `rq` against the raw request target. `Err` carries
/// the details text of the 401 answer.
pub(crate) fn verify_ncp(rq: &Incoming, config: &Config, now_ms: i64) -> Result<(), String> {
    let timestamp = rq
        .header(ncp::TIMESTAMP_HEADER)
        .ok_or_else(|| format!("missing {} header", ncp::TIMESTAMP_HEADER))?;
    let timestamp: u64 =
        timestamp.trim().parse().map_err(|_| format!("invalid {} header", ncp::TIMESTAMP_HEADER))?;
    let skew = i64::try_from(timestamp).unwrap_or(i64::MAX).saturating_sub(now_ms);
    if skew.saturating_abs() >= NCP_MAX_SKEW_MS {
        return Err("timestamp differs from the server time by 5 minutes or more".to_owned());
    }
    let access_key = rq
        .header(ncp::ACCESS_KEY_HEADER)
        .ok_or_else(|| format!("missing {} header", ncp::ACCESS_KEY_HEADER))?;
    if !constant_time_eq(access_key.as_bytes(), config.ncp.access_key().as_bytes()) {
        return Err("unknown access key".to_owned());
    }
    let sent = rq
        .header(ncp::SIGNATURE_HEADER)
        .ok_or_else(|| format!("missing {} header", ncp::SIGNATURE_HEADER))?;
    let method = Method::from_wire(&rq.method).ok_or_else(|| "unsupported method".to_owned())?;
    let expected = Signer::new(&config.ncp).sign(method, &rq.raw_url, timestamp);
    if !constant_time_eq(sent.trim().as_bytes(), expected.as_str().as_bytes()) {
        return Err("signature mismatch".to_owned());
    }
    Ok(())
}

/// The header with which a Huawei client states the body's SHA-256 (hex) or `UNSIGNED-PAYLOAD`.
pub(crate) const CONTENT_SHA256_HEADER: &str = "X-Sdk-Content-Sha256";
/// What a client sends in [`CONTENT_SHA256_HEADER`] to leave the body unsigned.
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// The length of the hex SHA-256 ending a canonical request.
const BODY_HASH_HEX_LEN: usize = 64;

/// What stands for the body in the canonical request, as the official signer
/// (`huaweicloudsdkcore`) does it: an empty body is always the hash of nothing; otherwise an
/// [`CONTENT_SHA256_HEADER`] replaces the body's hash by its value, `UNSIGNED-PAYLOAD` or a hash.
/// A stated hash must be the body's (the body was changed otherwise). `None`: the body's hash.
fn claimed_payload_hash(rq: &Incoming) -> Result<Option<&str>, String> {
    let Some(claimed) = rq.header(CONTENT_SHA256_HEADER).map(str::trim) else {
        return Ok(None);
    };
    if rq.body.is_empty() {
        return Ok(None);
    }
    if claimed == UNSIGNED_PAYLOAD {
        return Ok(Some(claimed));
    }
    let actual = hex_sha256(&rq.body);
    if !claimed.eq_ignore_ascii_case(&actual) {
        return Err(format!("{CONTENT_SHA256_HEADER} is not the SHA-256 of the body"));
    }
    Ok(Some(claimed))
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    use std::fmt::Write as _;
    sha2::Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Checks a Huawei request: an `X-Auth-Token` equal to the configured token, or an
/// `SDK-HMAC-SHA256` signature of the request as received. `Err` carries the reason.
pub(crate) fn verify_huawei(rq: &Incoming, config: &Config, now_ms: i64) -> Result<(), String> {
    if let Some(token) = rq.header("X-Auth-Token") {
        return if constant_time_eq(token.trim().as_bytes(), config.huawei_auth_token.expose().as_bytes()) {
            Ok(())
        } else {
            Err("the token is invalid or expired".to_owned())
        };
    }
    let header = rq
        .header(signing::AUTHORIZATION_HEADER)
        .ok_or_else(|| "no X-Auth-Token and no Authorization header".to_owned())?;
    let authorization = signing::Authorization::parse(header)
        .ok_or_else(|| "the Authorization header is not SDK-HMAC-SHA256".to_owned())?;
    // The host and the time must be covered by the signature, else a signature could be
    // replayed against another host or with another date.
    for required in ["host", "x-sdk-date"] {
        if !authorization.signed_headers.iter().any(|h| h.eq_ignore_ascii_case(required)) {
            return Err(format!("SignedHeaders must include {required}"));
        }
    }
    let sdk_date = rq.header(signing::DATE_HEADER).ok_or_else(|| "missing X-Sdk-Date header".to_owned())?;
    let signed_at = clock::parse_sdk_date(sdk_date.trim()).ok_or_else(|| "invalid X-Sdk-Date".to_owned())?;
    if signed_at.saturating_sub(now_ms).saturating_abs() > HUAWEI_MAX_SKEW_MS {
        return Err("X-Sdk-Date is more than 15 minutes from the server time".to_owned());
    }
    if !constant_time_eq(authorization.access_key.as_bytes(), config.huawei.access_key().as_bytes()) {
        return Err("unknown access key".to_owned());
    }
    let headers: Vec<(&str, &str)> = rq.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let signed: Vec<&str> = authorization.signed_headers.iter().map(String::as_str).collect();
    let mut canonical =
        signing::canonical_request(&rq.method, rq.path(), rq.query(), &headers, &signed, &rq.body);
    if let Some(claimed) = claimed_payload_hash(rq)? {
        // The official signer puts the header's value where the body's hash goes.
        canonical.truncate(canonical.len() - BODY_HASH_HEX_LEN);
        canonical.push_str(claimed);
    }
    let expected = signing::signature(
        config.huawei.secret_key().expose().as_bytes(),
        &signing::string_to_sign(sdk_date.trim(), &canonical),
    );
    if !constant_time_eq(authorization.signature.as_bytes(), expected.as_bytes()) {
        return Err("verify aksk signature fail".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares_content_and_length() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(constant_time_eq(b"", b""));
    }

    fn ncp_request(url: &str, ts: u64, config: &Config) -> Incoming {
        let signature = Signer::new(&config.ncp).sign(Method::Get, url, ts);
        Incoming {
            method: "GET".into(),
            raw_url: url.into(),
            headers: vec![
                (ncp::TIMESTAMP_HEADER.into(), ts.to_string()),
                (ncp::ACCESS_KEY_HEADER.into(), config.ncp.access_key().into()),
                (ncp::SIGNATURE_HEADER.into(), signature.to_string()),
            ],
            body: vec![],
        }
    }

    #[test]
    fn ncp_accepts_a_good_signature_and_rejects_tampering() {
        let config = Config::default();
        let now = 1_700_000_000_000;
        let good = ncp_request("/api/v1/secrets?pageNo=1", 1_700_000_000_000, &config);
        assert_eq!(verify_ncp(&good, &config, now), Ok(()));
        let mut tampered = good.clone();
        tampered.raw_url = "/api/v1/secrets?pageNo=2".into();
        assert_eq!(verify_ncp(&tampered, &config, now), Err("signature mismatch".into()));
        let stale = ncp_request("/api/v1/secrets", 1_700_000_000_000 - 300_000, &config);
        assert!(verify_ncp(&stale, &config, now).is_err());
        let mut no_key = good.clone();
        no_key.headers.retain(|(n, _)| n != ncp::ACCESS_KEY_HEADER);
        assert!(verify_ncp(&no_key, &config, now).unwrap_err().contains("missing"));
    }

    #[test]
    fn huawei_token_and_signature() {
        let config = Config::default();
        let now = clock::parse_sdk_date("20261124T120000Z").unwrap();
        let mut rq = Incoming {
            method: "GET".into(),
            raw_url: "/v1/p/secrets?limit=2".into(),
            headers: vec![("X-Auth-Token".into(), config.huawei_auth_token.expose().into())],
            body: vec![],
        };
        assert_eq!(verify_huawei(&rq, &config, now), Ok(()));
        rq.headers = vec![("X-Auth-Token".into(), "wrong".into())];
        assert!(verify_huawei(&rq, &config, now).is_err());

        let headers = [("Host", "127.0.0.1:1"), ("X-Sdk-Date", "20261124T120000Z")];
        let message = signing::Message {
            method: "GET",
            path: "/v1/p/secrets",
            query: "limit=2",
            headers: &headers,
            body: b"",
        };
        let auth = signing::Signer::new(&config.huawei).sign("20261124T120000Z", &message);
        rq.headers = headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
        rq.headers.push(("Authorization".into(), auth.to_string()));
        assert_eq!(verify_huawei(&rq, &config, now), Ok(()));
        assert!(verify_huawei(&rq, &config, now + 16 * 60 * 1000).is_err());
        rq.raw_url = "/v1/p/secrets?limit=3".into();
        assert_eq!(verify_huawei(&rq, &config, now), Err("verify aksk signature fail".into()));
    }

    /// A POST signed like the official signer with `X-Sdk-Content-Sha256: claimed`: the claimed
    /// value stands for the body's hash in the canonical request.
    fn signed_post(config: &Config, body: &[u8], claimed: &str) -> Incoming {
        let headers = vec![
            ("Host".to_owned(), "127.0.0.1:1".to_owned()),
            ("X-Sdk-Date".to_owned(), "20261124T120000Z".to_owned()),
            (CONTENT_SHA256_HEADER.to_owned(), claimed.to_owned()),
        ];
        let pairs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let signed = signing::signed_header_names(&pairs);
        let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
        let mut canonical = signing::canonical_request("POST", "/v1/p/secrets", "", &pairs, &signed, b"");
        canonical.truncate(canonical.len() - 64);
        canonical.push_str(claimed);
        let signature = signing::signature(
            config.huawei.secret_key().expose().as_bytes(),
            &signing::string_to_sign("20261124T120000Z", &canonical),
        );
        let auth = format!(
            "SDK-HMAC-SHA256 Access={}, SignedHeaders={}, Signature={signature}",
            config.huawei.access_key(),
            signed.join(";")
        );
        let mut headers = headers;
        headers.push(("Authorization".to_owned(), auth));
        Incoming { method: "POST".into(), raw_url: "/v1/p/secrets".into(), headers, body: body.to_vec() }
    }

    #[test]
    fn content_sha256_header_is_honoured_as_the_official_signer_uses_it() {
        let config = Config::default();
        let now = clock::parse_sdk_date("20261124T120000Z").unwrap();
        let body = br#"{"name":"a"}"#;
        // UNSIGNED-PAYLOAD: the body is not covered.
        assert_eq!(verify_huawei(&signed_post(&config, body, "UNSIGNED-PAYLOAD"), &config, now), Ok(()));
        let mut changed = signed_post(&config, body, "UNSIGNED-PAYLOAD");
        changed.body = br#"{"name":"b"}"#.to_vec();
        assert_eq!(verify_huawei(&changed, &config, now), Ok(()), "unsigned means unsigned");
        // A stated hash: must be the body's.
        let hash = hex_sha256(body);
        assert_eq!(verify_huawei(&signed_post(&config, body, &hash), &config, now), Ok(()));
        let mut tampered = signed_post(&config, body, &hash);
        tampered.body = br#"{"name":"b"}"#.to_vec();
        assert!(verify_huawei(&tampered, &config, now).unwrap_err().contains("X-Sdk-Content-Sha256"));
        // The header's value is signed like any header.
        let mut swapped = signed_post(&config, body, &hash);
        swapped.headers[2].1 = "UNSIGNED-PAYLOAD".into();
        assert_eq!(verify_huawei(&swapped, &config, now), Err("verify aksk signature fail".into()));
        assert_eq!(hex_sha256(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
