//! What kind of refusal an error answer is: judged from the provider's error code first, and
//! from the HTTP status when the code says nothing more precise (or is unknown).
//!
//! The tables below hold every code the two providers document that names one of the kinds
//! (see `/work/shared/spec`):
//!
//! * NCP Secret Manager's own codes (`INVALID_REQUEST`, `NOT_FOUND`, `INVALID_STATUS`...) and
//!   the NCP API Gateway's numeric codes (`"200"` Authentication Failed, `"210"` Permission
//!   Denied, `"400"` Quota Exceeded, `"410"` Throttle Limited...), from the Secret Manager
//!   overview and the API Gateway "error handling" table;
//! * Huawei CSMS's codes (`CSMS.0005` the resource does not exist, `CSMS.0106` the secret name
//!   does not exist, both answered with HTTP 400; `CSMS.0202` the secret count limit...) and
//!   the Huawei API Gateway's (`APIG.`/`APIGW.0301` bad credentials or signature, `.0308`
//!   throttled...), from the CSMS and APIG error-code tables.
//!
//! A code used by the provider for several kinds of failure (Huawei `APIG.0201`: a bad request
//! at 400, 413 or 414, an unreachable backend at 502 or 504) is left out, so its status
//! decides.

use super::Provider;

/// The kind of an error answer, the same words for both providers.
///
/// ```
/// use secretmanager_core::error::ApiErrorKind;
/// use secretmanager_core::{Provider, huawei, ncp};
///
/// // Huawei answers "the resource does not exist" with HTTP 400: the code decides.
/// let err = huawei::decode::<()>(400, br#"{"error_code":"CSMS.0005","error_msg":"missing"}"#).unwrap_err();
/// assert_eq!(err.as_api().map(|api| api.kind()), Some(ApiErrorKind::NotFound));
///
/// // An unknown code: the status decides.
/// assert_eq!(ApiErrorKind::of(Provider::Ncp, 404, "SOMETHING_NEW"), ApiErrorKind::NotFound);
/// assert_eq!(ApiErrorKind::of(Provider::Ncp, 429, "410"), ApiErrorKind::Throttled);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// The credentials or the signature were refused (NCP `"200"` Authentication Failed,
    /// Huawei `APIGW.0301`; HTTP 401). A wrong system clock causes this too.
    Authentication,
    /// The credentials are valid but not allowed to do this (NCP `"210"` and `"230"`, Huawei
    /// `APIGW.0302`; HTTP 403).
    PermissionDenied,
    /// The secret, version, stage, job or API does not exist (NCP `NOT_FOUND`, Huawei
    /// `CSMS.0005` and `CSMS.0106` whatever their status; HTTP 404).
    NotFound,
    /// The operation is not allowed in the resource's current state (NCP `INVALID_STATUS`,
    /// Huawei `CSMS.0103`: the secret is scheduled for deletion; HTTP 422).
    InvalidState,
    /// The request conflicts with the resource as it is (HTTP 409). Neither provider documents
    /// a code for it.
    Conflict,
    /// The provider throttled the request (NCP `"410"` Throttle Limited and `"420"` Rate
    /// Limited, Huawei `APIG.0308`; HTTP 429 with no more precise code).
    Throttled,
    /// A quota is used up: NCP `"400"` Quota Exceeded (calls per period, HTTP 429), Huawei
    /// `CSMS.0202` and `CSMS.0203` (the number of secrets or stages, HTTP 400).
    Quota,
    /// The provider found the request itself invalid (NCP `INVALID_REQUEST`, gateway `"100"`
    /// and `"430"`; Huawei `CSMS.0002`–`CSMS.0004`; HTTP 400, 405, 413, 414, 415, 431). The
    /// core checks every documented rule before sending, so this means a rule it does not
    /// know, or a value only the provider can judge (an unknown trigger, a wrong job token).
    InvalidRequest,
    /// Anything else: server faults (500, 502, 503, 504), answers with no known code and an
    /// unexpected status.
    Other,
}

impl ApiErrorKind {
    /// The kind of an error answer from `provider` with HTTP `status` and error `code`: the
    /// code's, when the provider documents it as one kind; else the status's.
    pub fn of(provider: Provider, status: u16, code: &str) -> ApiErrorKind {
        let table = match provider {
            Provider::Ncp => NCP_CODES,
            Provider::Huawei => HUAWEI_CODES,
        };
        table.iter().find(|(known, _)| *known == code).map_or_else(|| by_status(status), |&(_, kind)| kind)
    }
}

/// The kind an HTTP status says when the code says nothing.
fn by_status(status: u16) -> ApiErrorKind {
    match status {
        401 => ApiErrorKind::Authentication,
        403 => ApiErrorKind::PermissionDenied,
        404 => ApiErrorKind::NotFound,
        409 => ApiErrorKind::Conflict,
        422 => ApiErrorKind::InvalidState,
        429 => ApiErrorKind::Throttled,
        // 494: the gateways' "request headers too large".
        400 | 405 | 413 | 414 | 415 | 431 | 494 => ApiErrorKind::InvalidRequest,
        _ => ApiErrorKind::Other,
    }
}

/// NCP: Secret Manager's codes, then the API Gateway's (a number, sent as a string or a
/// JSON number).
const NCP_CODES: &[(&str, ApiErrorKind)] = &[
    // Secret Manager ("Secret Manager response status codes").
    ("UNAUTHORIZED", ApiErrorKind::Authentication),
    ("FORBIDDEN", ApiErrorKind::PermissionDenied),
    ("NOT_FOUND", ApiErrorKind::NotFound),
    ("INVALID_STATUS", ApiErrorKind::InvalidState),
    // 422 "Invalid status": a valid request that breaks a rule of the secret's state.
    ("UNPROCESSABLE_ENTITY", ApiErrorKind::InvalidState),
    ("INVALID_REQUEST", ApiErrorKind::InvalidRequest),
    ("INTERNAL_SERVER_ERROR", ApiErrorKind::Other),
    // API Gateway (HTTP status in the comment).
    ("100", ApiErrorKind::InvalidRequest),   // 400 Bad Request Exception
    ("200", ApiErrorKind::Authentication),   // 401 Authentication Failed
    ("210", ApiErrorKind::PermissionDenied), // 401 Permission Denied
    ("230", ApiErrorKind::PermissionDenied), // 403 Forbidden
    ("300", ApiErrorKind::NotFound),         // 404 Not Found Exception
    ("400", ApiErrorKind::Quota),            // 429 Quota Exceeded
    ("410", ApiErrorKind::Throttled),        // 429 Throttle Limited
    ("420", ApiErrorKind::Throttled),        // 429 Rate Limited
    ("430", ApiErrorKind::InvalidRequest),   // 413 Request Entity Too Large
    ("500", ApiErrorKind::Other),            // 503 Endpoint Error
    ("510", ApiErrorKind::Other),            // 504 Endpoint Timeout
    ("900", ApiErrorKind::Other),            // 500 Unexpected Error
];

/// Huawei: CSMS's codes (all answered with HTTP 400), then the API Gateway's, which answer as
/// `APIG.` from a dedicated gateway and `APIGW.` from the shared one in front of the cloud
/// services.
const HUAWEI_CODES: &[(&str, ApiErrorKind)] = &[
    ("CSMS.0002", ApiErrorKind::InvalidRequest), // the value of a parameter is invalid
    ("CSMS.0003", ApiErrorKind::InvalidRequest), // the request is invalid
    ("CSMS.0004", ApiErrorKind::InvalidRequest), // the body is not of the expected format
    ("CSMS.0005", ApiErrorKind::NotFound),       // the resource does not exist
    ("CSMS.0103", ApiErrorKind::InvalidState),   // the secret is scheduled for deletion
    ("CSMS.0105", ApiErrorKind::InvalidRequest), // a system stage cannot be deleted
    ("CSMS.0106", ApiErrorKind::NotFound),       // the secret name does not exist
    ("CSMS.0107", ApiErrorKind::InvalidState),   // the secret is scheduled for deletion
    ("CSMS.0108", ApiErrorKind::InvalidState),   // the secret is not scheduled for deletion
    ("CSMS.0202", ApiErrorKind::Quota),          // the number of secrets is at its limit
    ("CSMS.0203", ApiErrorKind::Quota),          // the number of stages is at its limit
    // API Gateway (HTTP status in the comment).
    ("APIG.0101", ApiErrorKind::NotFound), // 404 the API does not exist or is not published
    ("APIGW.0101", ApiErrorKind::NotFound),
    ("APIG.0301", ApiErrorKind::Authentication), // 401 incorrect IAM authentication information
    ("APIGW.0301", ApiErrorKind::Authentication),
    ("APIG.0302", ApiErrorKind::PermissionDenied), // 403 the IAM user may not call the API
    ("APIGW.0302", ApiErrorKind::PermissionDenied),
    ("APIG.0303", ApiErrorKind::Authentication), // 401 incorrect app authentication information
    ("APIGW.0303", ApiErrorKind::Authentication),
    ("APIG.0308", ApiErrorKind::Throttled), // 429 the throttling threshold is reached
    ("APIGW.0308", ApiErrorKind::Throttled),
];

#[cfg(test)]
mod tests {
    use super::*;
    use ApiErrorKind::*;

    #[test]
    fn kinds_from_provider_status_and_code() {
        let table: &[(Provider, u16, &str, ApiErrorKind)] = &[
            // NCP Secret Manager.
            (Provider::Ncp, 401, "UNAUTHORIZED", Authentication),
            (Provider::Ncp, 403, "FORBIDDEN", PermissionDenied),
            (Provider::Ncp, 404, "NOT_FOUND", NotFound),
            (Provider::Ncp, 422, "INVALID_STATUS", InvalidState),
            (Provider::Ncp, 400, "INVALID_STATUS", InvalidState),
            (Provider::Ncp, 422, "UNPROCESSABLE_ENTITY", InvalidState),
            (Provider::Ncp, 400, "INVALID_REQUEST", InvalidRequest),
            (Provider::Ncp, 500, "INTERNAL_SERVER_ERROR", Other),
            // A code in a 2xx envelope: the code decides.
            (Provider::Ncp, 200, "NOT_FOUND", NotFound),
            // NCP API Gateway.
            (Provider::Ncp, 400, "100", InvalidRequest),
            (Provider::Ncp, 401, "200", Authentication),
            (Provider::Ncp, 401, "210", PermissionDenied),
            (Provider::Ncp, 403, "230", PermissionDenied),
            (Provider::Ncp, 404, "300", NotFound),
            (Provider::Ncp, 429, "400", Quota),
            (Provider::Ncp, 429, "410", Throttled),
            (Provider::Ncp, 429, "420", Throttled),
            (Provider::Ncp, 413, "430", InvalidRequest),
            (Provider::Ncp, 503, "500", Other),
            (Provider::Ncp, 504, "510", Other),
            (Provider::Ncp, 500, "900", Other),
            // Unknown or missing codes: the status decides.
            (Provider::Ncp, 401, "", Authentication),
            (Provider::Ncp, 403, "", PermissionDenied),
            (Provider::Ncp, 404, "SOMETHING_NEW", NotFound),
            (Provider::Ncp, 409, "", Conflict),
            (Provider::Ncp, 422, "", InvalidState),
            (Provider::Ncp, 429, "", Throttled),
            (Provider::Ncp, 413, "", InvalidRequest),
            (Provider::Ncp, 502, "", Other),
            (Provider::Ncp, 200, "FAIL", Other),
            // Huawei CSMS: "not found" whatever the status.
            (Provider::Huawei, 400, "CSMS.0005", NotFound),
            (Provider::Huawei, 404, "CSMS.0005", NotFound),
            (Provider::Huawei, 400, "CSMS.0106", NotFound),
            (Provider::Huawei, 400, "CSMS.0002", InvalidRequest),
            (Provider::Huawei, 400, "CSMS.0003", InvalidRequest),
            (Provider::Huawei, 400, "CSMS.0004", InvalidRequest),
            (Provider::Huawei, 400, "CSMS.0103", InvalidState),
            (Provider::Huawei, 400, "CSMS.0105", InvalidRequest),
            (Provider::Huawei, 400, "CSMS.0107", InvalidState),
            (Provider::Huawei, 400, "CSMS.0108", InvalidState),
            (Provider::Huawei, 400, "CSMS.0202", Quota),
            (Provider::Huawei, 400, "CSMS.0203", Quota),
            // Huawei API Gateway.
            (Provider::Huawei, 404, "APIGW.0101", NotFound),
            (Provider::Huawei, 404, "APIG.0101", NotFound),
            (Provider::Huawei, 401, "APIGW.0301", Authentication),
            (Provider::Huawei, 401, "APIG.0301", Authentication),
            (Provider::Huawei, 403, "APIGW.0302", PermissionDenied),
            (Provider::Huawei, 401, "APIG.0303", Authentication),
            (Provider::Huawei, 429, "APIG.0308", Throttled),
            (Provider::Huawei, 400, "APIG.0308", Throttled),
            (Provider::Huawei, 429, "APIGW.0308", Throttled),
            // APIG.0201 means several things: its status decides.
            (Provider::Huawei, 400, "APIG.0201", InvalidRequest),
            (Provider::Huawei, 413, "APIG.0201", InvalidRequest),
            (Provider::Huawei, 502, "APIG.0201", Other),
            (Provider::Huawei, 504, "APIG.0203", Other),
            (Provider::Huawei, 500, "CSMS.0001", Other),
            (Provider::Huawei, 403, "", PermissionDenied),
            // A code of one provider means nothing coming from the other.
            (Provider::Huawei, 500, "200", Other),
            (Provider::Ncp, 400, "CSMS.0005", InvalidRequest),
        ];
        for &(provider, status, code, kind) in table {
            assert_eq!(ApiErrorKind::of(provider, status, code), kind, "{provider:?} {status} {code:?}");
        }
    }

    #[test]
    fn every_listed_code_is_listed_once() {
        for codes in [NCP_CODES, HUAWEI_CODES] {
            for (i, (code, _)) in codes.iter().enumerate() {
                assert!(!codes[..i].iter().any(|(earlier, _)| earlier == code), "{code} twice");
            }
        }
    }
}
