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
    let canonical =
        signing::canonical_request(&rq.method, rq.path(), rq.query(), &headers, &signed, &rq.body);
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
}
