//! Decoding CSMS answers: a success answer is the JSON body itself; an error is
//! `{"error_code","error_msg","request_id"}` (flat, as the gateway and most CSMS calls send it)
//! or `{"error":{"error_code","error_msg"}}` (nested, as Rotate Secret documents it).

use serde::Deserialize;
use serde::de::{DeserializeOwned, IntoDeserializer};

use crate::error::{ApiError, DecodeError, DecodeErrorKind, Error, Provider, find_header, reason_phrase};
use crate::wire::text_or_number;

/// The answer header in which CSMS and the Huawei API Gateway give the request id (on every
/// answer), read by [`decode_response`].
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";

#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default, deserialize_with = "text_or_number")]
    error_code: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    error_msg: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    #[serde(default)]
    error: Option<ErrorBody>,
    #[serde(flatten)]
    flat: ErrorBody,
}

/// Decodes a CSMS answer into the operation's output `T`.
///
/// * 2xx: the body decoded as `T` (an empty body only where `T` is `()`); a 2xx body carrying
///   an `error_code` is an [`Error::Api`].
/// * any other status: [`Error::Api`] with the provider's `error_code`, `error_msg` and
///   `request_id`, from the flat or the nested shape; an empty or unreadable error body still
///   gives the status, with an empty code and the status's reason as message.
/// * a 2xx body that is empty, truncated, not JSON or not of the documented shape:
///   [`Error::Decode`], which never quotes the body.
///
/// [`Error::retryable`] is true for 429, 500, 502, 503, 504 and `APIG.0308` (throttled);
/// [`crate::ApiError::kind`] says what the code (`CSMS.0005` is
/// [`NotFound`](crate::ApiErrorKind::NotFound) whatever the status) or else the status means.
///
/// ```
/// use secretmanager_core::{Error, huawei};
///
/// let answer: huawei::RotateSecretResponse = huawei::decode(200, br#"{"version_id":"v2","secret_name":"db"}"#).unwrap();
/// assert_eq!(answer.version_id.as_deref(), Some("v2"));
/// assert_eq!(answer.rotation_task_id, None);
///
/// let err = huawei::decode::<huawei::RotateSecretResponse>(
///     404,
///     br#"{"error":{"error_code":"CSMS.0005","error_msg":"The secret does not exist"}}"#,
/// )
/// .unwrap_err();
/// assert_eq!(err.as_api().unwrap().code(), "CSMS.0005");
/// assert!(!err.retryable());
/// ```
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    if !(200..300).contains(&status) {
        return Err(Error::Api(decode_error(status, body)));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return T::deserialize(().into_deserializer()).map_err(|_: serde::de::value::Error| {
            DecodeError::new(Provider::Huawei, status, DecodeErrorKind::Empty).into()
        });
    }
    serde_json::from_slice(body).map_err(|e| {
        if let Ok(envelope) = serde_json::from_slice::<ErrorEnvelope>(body) {
            let error = envelope.error.unwrap_or(envelope.flat);
            if error.error_code.is_some() {
                return Error::Api(api_error(status, error, None));
            }
        }
        DecodeError::from_json(Provider::Huawei, status, body, &e).into()
    })
}

/// [`decode`], with the answer's `headers` (name and value pairs, names in any case): an API
/// error whose body gives no `request_id` (the nested shape, an unreadable body) takes the
/// request id of the [`REQUEST_ID_HEADER`].
///
/// ```
/// use secretmanager_core::huawei;
/// use secretmanager_core::ApiErrorKind;
///
/// let headers = [("x-request-id", "d0ddda0fcdd0cc23a1588fafe4260000")];
/// let body = br#"{"error":{"error_code":"CSMS.0005","error_msg":"The resource does not exist."}}"#;
/// let err = huawei::decode_response::<()>(400, headers, body).unwrap_err();
/// let api = err.as_api().unwrap();
/// assert_eq!(api.kind(), ApiErrorKind::NotFound);
/// assert_eq!(api.request_id(), Some("d0ddda0fcdd0cc23a1588fafe4260000"));
/// ```
pub fn decode_response<'h, T: DeserializeOwned>(
    status: u16,
    headers: impl IntoIterator<Item = (&'h str, &'h str)>,
    body: &[u8],
) -> Result<T, Error> {
    decode(status, body).map_err(|e| e.or_request_id(find_header(headers, REQUEST_ID_HEADER)))
}

/// Reads an error answer; never fails: an unreadable body still gives the status.
fn decode_error(status: u16, body: &[u8]) -> ApiError {
    match serde_json::from_slice::<ErrorEnvelope>(body) {
        Ok(envelope) => {
            let outer_request_id = envelope.flat.request_id;
            match envelope.error {
                Some(nested) => api_error(status, nested, outer_request_id),
                None => api_error(status, ErrorBody { request_id: outer_request_id, ..envelope.flat }, None),
            }
        }
        Err(_) => api_error(status, ErrorBody::default(), None),
    }
}

fn api_error(status: u16, body: ErrorBody, outer_request_id: Option<String>) -> ApiError {
    ApiError {
        provider: Provider::Huawei,
        status,
        code: body.error_code.unwrap_or_default(),
        message: body.error_msg.unwrap_or_else(|| reason_phrase(status).to_owned()),
        details: None,
        request_id: body.request_id.or(outer_request_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiErrorKind;
    use crate::huawei::{RotateSecretResponse, SecretVersionResponse};

    fn api<T: std::fmt::Debug>(result: Result<T, Error>) -> ApiError {
        match result {
            Err(Error::Api(api)) => api,
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    fn kind<T: std::fmt::Debug>(result: Result<T, Error>) -> DecodeErrorKind {
        match result {
            Err(Error::Decode(d)) => d.kind,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn success_is_the_body_itself_with_unknown_fields_ignored() {
        let body = br#"{"version_id":"v7","secret_name":"db","rotation_task_id":"a71a4b47-6cac-4f11-92c1-21a165bb6401","new":1}"#;
        let answer: RotateSecretResponse = decode(200, body).unwrap();
        assert_eq!(answer.version_id.as_deref(), Some("v7"));
        assert_eq!(answer.rotation_task_id.as_deref(), Some("a71a4b47-6cac-4f11-92c1-21a165bb6401"));
        let documented: RotateSecretResponse =
            decode(200, br#"{"rotation_task_id" : "a71a4b47-6cac-4f11-92c1-21a165bb6401"}"#).unwrap();
        assert_eq!(documented.version_id, None);
    }

    #[test]
    fn flat_errors_with_request_id() {
        let body =
            br#"{"error_code":"CSMS.0005","error_msg":"The resource does not exist.","request_id":"req-1"}"#;
        let err = api(decode::<RotateSecretResponse>(404, body));
        assert_eq!((err.status, err.code.as_str()), (404, "CSMS.0005"));
        assert_eq!(err.message, "The resource does not exist.");
        assert_eq!(err.request_id.as_deref(), Some("req-1"));
        assert_eq!(err.provider, Provider::Huawei);
        assert!(!err.retryable() && !err.is_gateway_error());
        assert_eq!(err.kind(), ApiErrorKind::NotFound);
    }

    #[test]
    fn nested_errors_take_an_outer_request_id() {
        let body =
            br#"{"error":{"error_code":"CSMS.0002","error_msg":"Invalid parameter"},"request_id":"req-2"}"#;
        let err = api(decode::<RotateSecretResponse>(400, body));
        assert_eq!((err.code.as_str(), err.message.as_str()), ("CSMS.0002", "Invalid parameter"));
        assert_eq!(err.request_id.as_deref(), Some("req-2"));
    }

    #[test]
    fn request_ids_come_from_the_body_or_the_x_request_id_header() {
        let request_id = |result: Result<(), Error>| api(result).request_id;
        let header = [("Content-Type", "application/json"), ("x-request-id", "hdr-1")];
        let flat = br#"{"error_code":"CSMS.0005","error_msg":"m","request_id":"body-1"}"#;
        assert_eq!(request_id(decode_response(400, header, flat)).as_deref(), Some("body-1"));
        let nested = br#"{"error":{"error_code":"CSMS.0005","error_msg":"m"}}"#;
        assert_eq!(request_id(decode_response(400, header, nested)).as_deref(), Some("hdr-1"));
        assert_eq!(
            request_id(decode_response(400, [("X-REQUEST-ID", "hdr-2")], nested)).as_deref(),
            Some("hdr-2")
        );
        assert_eq!(request_id(decode(400, nested)), None);
        assert_eq!(request_id(decode_response(400, [("X-Trace-Id", "other")], nested)), None);
        assert_eq!(request_id(decode_response(502, header, b"")).as_deref(), Some("hdr-1"));
        let in_2xx = br#"{"error_code":"CSMS.0003","error_msg":"Invalid request"}"#;
        assert_eq!(request_id(decode_response(200, header, in_2xx)).as_deref(), Some("hdr-1"));
        decode_response::<()>(204, header, b"").unwrap();
    }

    #[test]
    fn gateway_errors_are_classified() {
        let err = api(decode::<()>(
            401,
            br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"r"}"#,
        ));
        assert!(err.kind() == ApiErrorKind::Authentication && err.is_gateway_error() && !err.retryable());
        let err =
            api(decode::<()>(429, br#"{"error_code":"APIG.0308","error_msg":"The request is throttled"}"#));
        assert!(err.retryable() && err.kind() == ApiErrorKind::Throttled);
        // Throttling is retryable by its code even under another status.
        let err = api(decode::<()>(400, br#"{"error_code":"APIG.0308","error_msg":"throttled"}"#));
        assert!(Error::Api(err).retryable());
        for status in [429, 500, 502, 503, 504] {
            assert!(decode::<()>(status, b"{}").unwrap_err().retryable(), "{status}");
        }
        assert!(!decode::<()>(400, b"{}").unwrap_err().retryable());
    }

    #[test]
    fn error_status_with_unreadable_body_keeps_the_status() {
        for body in [&b""[..], b"<html>bad gateway</html>", b"{\"error_code\":\"CSMS.00"] {
            let err = api(decode::<RotateSecretResponse>(502, body));
            assert_eq!((err.status, err.code.as_str(), err.message.as_str()), (502, "", "Bad Gateway"));
            assert!(err.retryable());
        }
    }

    #[test]
    fn error_inside_a_2xx_answer_is_an_api_error() {
        let err = api(decode::<SecretVersionResponse>(
            200,
            br#"{"error_code":"CSMS.0003","error_msg":"Invalid request"}"#,
        ));
        assert_eq!((err.status, err.code.as_str()), (200, "CSMS.0003"));
    }

    #[test]
    fn broken_success_bodies_are_decode_errors_without_the_body() {
        assert_eq!(kind(decode::<RotateSecretResponse>(200, b"")), DecodeErrorKind::Empty);
        assert_eq!(kind(decode::<RotateSecretResponse>(200, b" \n")), DecodeErrorKind::Empty);
        let truncated = br#"{"version":{"version_metadata":{"id":"v1"},"secret_string":"top-sec"#;
        let err = decode::<SecretVersionResponse>(200, truncated).unwrap_err();
        assert!(!err.to_string().contains("top-sec") && !format!("{err:?}").contains("top-sec"));
        assert_eq!(kind(decode::<SecretVersionResponse>(200, truncated)), DecodeErrorKind::Truncated);
        assert_eq!(kind(decode::<RotateSecretResponse>(200, b"OK")), DecodeErrorKind::NotJson);
        assert_eq!(kind(decode::<SecretVersionResponse>(200, b"[]")), DecodeErrorKind::UnexpectedShape);
        assert_eq!(
            kind(decode::<SecretVersionResponse>(200, br#"{"version":{}}"#)),
            DecodeErrorKind::UnexpectedShape
        );
        decode::<()>(204, b"").unwrap();
    }
}
