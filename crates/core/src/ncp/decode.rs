//! Decoding NCP answers: the success envelope, the Secret Manager error envelope and the API
//! Gateway errors, plus bodies that are empty, truncated or not JSON.

use serde::Deserialize;
use serde::de::value::UnitDeserializer;
use serde::de::{DeserializeOwned, IgnoredAny, IntoDeserializer};

use crate::error::{ApiError, DecodeError, DecodeErrorKind, Error, Provider, find_header, reason_phrase};
use crate::wire::text_or_number;

/// The code of a success envelope.
pub const SUCCESS: &str = "SUCCESS";

/// The answer header in which the NCP API Gateway gives the request's trace id, read by
/// [`decode_response`]. The Secret Manager reference names no request-id header; this is the
/// one NCP clients log beside `x-ncp-apigw-error-code`.
pub const REQUEST_ID_HEADER: &str = "x-ncp-trace-id";

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(default)]
    code: Option<String>,
    #[serde(default = "none")]
    data: Option<T>,
    #[serde(default)]
    error: Option<ErrorBody>,
}

fn none<T>() -> Option<T> {
    None
}

/// `{"errorCode","message","details"}`; NCP sends `errorCode` as a string, some gateways as a
/// number, so both are read. A `requestId`, undocumented, is read when an answer carries one.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    #[serde(default, deserialize_with = "text_or_number")]
    error_code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    details: Option<String>,
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

/// Decodes an NCP answer into the operation's output `T`.
///
/// * 2xx with `{"code":"SUCCESS","data":…}`: `data` decoded as `T`. Where `T` is `()` (the
///   operations that answer nothing), `data` is not read: `null`, `"null"`, `{}`, any other
///   value or no `data` at all is success. Other outputs need `data` (except those, such as
///   [`PendingStageUpdated`](crate::ncp::PendingStageUpdated), that accept none).
/// * any status with `{"error":{"errorCode","message","details"}}`: [`Error::Api`].
/// * an error status whose body is empty or not JSON: [`Error::Api`] with an empty code and
///   the status's reason as message.
/// * a 2xx body that is empty, truncated, not JSON or not of the documented shape:
///   [`Error::Decode`].
///
/// ```
/// use secretmanager_core::ncp;
///
/// let chain: ncp::SecretValueChain = ncp::decode(200, br#"{"code":"SUCCESS","data":{
///     "decryptedSecretChain":{"active":"{\"pw\":\"x\"}"},"rotationTargets":["pw"]}}"#).unwrap();
/// assert_eq!(chain.chain.active.unwrap().expose(), r#"{"pw":"x"}"#);
/// assert!(chain.chain.pending.is_none());
/// ```
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    if (200..300).contains(&status) {
        decode_success(status, body)
    } else {
        Err(Error::Api(decode_error(status, body)))
    }
}

/// [`decode`], with the answer's `headers` (name and value pairs, names in any case): an API
/// error whose body gives no `requestId` takes the request id of the [`REQUEST_ID_HEADER`].
///
/// ```
/// use secretmanager_core::ncp;
///
/// let headers = [("Content-Type", "application/json"), ("X-NCP-TRACE-ID", "5e2a9c")];
/// let body = br#"{"error":{"errorCode":"NOT_FOUND","message":"Not found"}}"#;
/// let err = ncp::decode_response::<()>(404, headers, body).unwrap_err();
/// assert_eq!(err.as_api().and_then(|api| api.request_id()), Some("5e2a9c"));
/// ```
pub fn decode_response<'h, T: DeserializeOwned>(
    status: u16,
    headers: impl IntoIterator<Item = (&'h str, &'h str)>,
    body: &[u8],
) -> Result<T, Error> {
    decode(status, body).map_err(|e| e.or_request_id(find_header(headers, REQUEST_ID_HEADER)))
}

fn decode_success<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let envelope = match serde_json::from_slice::<Envelope<T>>(body) {
        Ok(envelope) => envelope,
        Err(e) => match nothing::<T>() {
            // An output that carries nothing (`()`) does not read `data`: whatever it holds
            // (`"null"` as a string, `{}`, an object echoing the request) is success.
            Some(nothing) => match serde_json::from_slice::<Envelope<IgnoredAny>>(body) {
                Ok(unread) => Envelope { code: unread.code, data: Some(nothing), error: unread.error },
                // Unreadable even without `data`: this error tells why.
                Err(e) => return Err(DecodeError::from_json(Provider::Ncp, status, body, &e).into()),
            },
            None => return Err(DecodeError::from_json(Provider::Ncp, status, body, &e).into()),
        },
    };
    if let Some(error) = envelope.error {
        return Err(Error::Api(api_error(status, error)));
    }
    match envelope.code.as_deref() {
        Some(SUCCESS) => {}
        Some(code) => {
            let body = ErrorBody { error_code: Some(code.to_owned()), ..ErrorBody::default() };
            return Err(Error::Api(api_error(status, body)));
        }
        None => return Err(DecodeError::new(Provider::Ncp, status, DecodeErrorKind::UnexpectedShape).into()),
    }
    match envelope.data.or_else(nothing::<T>) {
        Some(data) => Ok(data),
        None => Err(DecodeError::new(Provider::Ncp, status, DecodeErrorKind::MissingData).into()),
    }
}

/// The value of an output that can carry nothing (`()`, and outputs whose every field is
/// optional and which accept "no data"), read from no data at all; `None` for the outputs that
/// need data.
fn nothing<T: DeserializeOwned>() -> Option<T> {
    let no_data: UnitDeserializer<serde::de::value::Error> = ().into_deserializer();
    T::deserialize(no_data).ok()
}

/// Reads an error answer; never fails: an unreadable body still gives the status.
pub(crate) fn decode_error(status: u16, body: &[u8]) -> ApiError {
    match serde_json::from_slice::<ErrorEnvelope>(body) {
        Ok(ErrorEnvelope { error: Some(mut nested), flat }) => {
            // A request id beside the `error` object serves when the object has none.
            nested.request_id = nested.request_id.or(flat.request_id);
            api_error(status, nested)
        }
        Ok(ErrorEnvelope { error: None, flat }) => api_error(status, flat),
        Err(_) => api_error(status, ErrorBody::default()),
    }
}

fn api_error(status: u16, body: ErrorBody) -> ApiError {
    ApiError {
        provider: Provider::Ncp,
        status,
        code: body.error_code.unwrap_or_default(),
        message: body.message.unwrap_or_else(|| reason_phrase(status).to_owned()),
        details: body.details,
        request_id: body.request_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiErrorKind;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        secret_id: String,
    }

    fn api(result: Result<(), Error>) -> ApiError {
        match result {
            Err(Error::Api(api)) => api,
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[test]
    fn success_with_data_and_unknown_fields() {
        let body = br#"{"code":"SUCCESS","data":{"secretId":"s1","newField":[1,2]},"extra":true}"#;
        assert_eq!(decode::<Data>(200, body).unwrap(), Data { secret_id: "s1".into() });
    }

    #[test]
    fn success_with_null_or_missing_data_is_unit() {
        decode::<()>(200, br#"{"code":"SUCCESS","data":null}"#).unwrap();
        decode::<()>(200, br#"{"code":"SUCCESS"}"#).unwrap();
        let err = decode::<Data>(200, br#"{"code":"SUCCESS","data":null}"#).unwrap_err();
        assert!(matches!(err, Error::Decode(DecodeError { kind: DecodeErrorKind::MissingData, .. })));
    }

    #[test]
    fn unit_outputs_accept_whatever_data_holds() {
        for body in [
            &br#"{"code":"SUCCESS","data":null}"#[..],
            br#"{"code":"SUCCESS","data":"null"}"#,
            br#"{"code":"SUCCESS"}"#,
            br#"{"code":"SUCCESS","data":{}}"#,
            br#"{"data":{"secretId":"s1","nested":{"a":[1,null]}},"code":"SUCCESS"}"#,
            br#"{"code":"SUCCESS","data":""}"#,
            br#"{"code":"SUCCESS","data":[]}"#,
            br#"{"code":"SUCCESS","data":0}"#,
        ] {
            let text = String::from_utf8_lossy(body);
            assert!(matches!(decode::<()>(200, body), Ok(())), "{text}");
            assert!(matches!(decode::<()>(204, body), Ok(())), "{text}");
        }
    }

    #[test]
    fn unit_outputs_still_see_errors_and_broken_bodies() {
        let err = api(decode::<()>(200, br#"{"code":"SUCCESS","data":"null","error":{"errorCode":"E1"}}"#));
        assert_eq!(err.code, "E1");
        let err = api(decode::<()>(200, br#"{"code":"FAIL","data":"null"}"#));
        assert_eq!(err.code, "FAIL");
        let kind = |body: &[u8]| match decode::<()>(200, body) {
            Err(Error::Decode(d)) => d.kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind(br#"{"data":"null"}"#), DecodeErrorKind::UnexpectedShape);
        assert_eq!(kind(br#"{"code":"SUCCESS","data":"nu"#), DecodeErrorKind::Truncated);
        assert_eq!(kind(br#"{"code":"SUCCESS","data":{}} trailing"#), DecodeErrorKind::NotJson);
        assert_eq!(kind(br#"{"code":7,"data":{}}"#), DecodeErrorKind::UnexpectedShape);
        assert_eq!(kind(b""), DecodeErrorKind::Empty);
        // Outputs that need data are unchanged: a string where an object is expected fails.
        let err = decode::<Data>(200, br#"{"code":"SUCCESS","data":"null"}"#).unwrap_err();
        assert!(matches!(err, Error::Decode(DecodeError { kind: DecodeErrorKind::UnexpectedShape, .. })));
    }

    #[test]
    fn secret_manager_error_envelope() {
        let body = br#"{"error":{"errorCode":"INVALID_STATUS","message":"Invalid status","details":"secret is REVOKE"}}"#;
        let err = api(decode::<()>(422, body));
        assert_eq!(
            (err.status, err.code.as_str(), err.message.as_str()),
            (422, "INVALID_STATUS", "Invalid status")
        );
        assert_eq!(err.details.as_deref(), Some("secret is REVOKE"));
        assert!(!err.retryable());
        assert_eq!(err.kind(), ApiErrorKind::InvalidState);
    }

    #[test]
    fn gateway_errors_with_string_or_numeric_codes() {
        let err =
            api(decode::<()>(401, br#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#));
        assert!(err.kind() == ApiErrorKind::Authentication && err.is_gateway_error());
        let err = api(decode::<()>(429, br#"{"error":{"errorCode":400,"message":"Quota Exceeded"}}"#));
        assert_eq!(err.code, "400");
        assert_eq!(err.kind(), ApiErrorKind::Quota);
        assert!(err.retryable());
        let err = api(decode::<()>(404, br#"{"errorCode":"300","message":"Not Found Exception"}"#));
        assert_eq!((err.code.as_str(), err.message.as_str()), ("300", "Not Found Exception"));
    }

    #[test]
    fn request_ids_come_from_the_body_or_the_trace_header() {
        let request_id = |result: Result<(), Error>| api(result).request_id;
        let header = [("Date", "Sun, 06 Nov 1994 08:49:37 GMT"), ("X-Ncp-Trace-Id", "trace-7")];
        let plain = br#"{"error":{"errorCode":"NOT_FOUND","message":"Not found"}}"#;
        assert_eq!(request_id(decode_response(404, header, plain)).as_deref(), Some("trace-7"));
        assert_eq!(request_id(decode(404, plain)), None);
        assert_eq!(request_id(decode_response(404, [], plain)), None);
        // A body's id, nested or beside the error object, wins over the header's.
        let nested = br#"{"error":{"errorCode":"NOT_FOUND","message":"m","requestId":"body-1"}}"#;
        assert_eq!(request_id(decode_response(404, header, nested)).as_deref(), Some("body-1"));
        let beside = br#"{"error":{"errorCode":"200","message":"m"},"requestId":"body-2"}"#;
        assert_eq!(request_id(decode_response(401, header, beside)).as_deref(), Some("body-2"));
        let flat = br#"{"errorCode":"300","message":"Not Found Exception","requestId":42}"#;
        assert_eq!(request_id(decode_response(404, header, flat)).as_deref(), Some("42"));
        // An unreadable error body and an error inside a 2xx envelope take the header's.
        assert_eq!(request_id(decode_response(502, header, b"<html>")).as_deref(), Some("trace-7"));
        let in_2xx = br#"{"error":{"errorCode":"INVALID_REQUEST","message":"m"}}"#;
        assert_eq!(request_id(decode_response(200, header, in_2xx)).as_deref(), Some("trace-7"));
        // Success answers ignore the header.
        decode_response::<()>(200, header, br#"{"code":"SUCCESS","data":null}"#).unwrap();
    }

    #[test]
    fn error_status_with_unreadable_body_keeps_the_status() {
        for body in [&b""[..], b"<html>bad gateway</html>", b"{\"error\":{\"errorCo"] {
            let err = api(decode::<()>(502, body));
            assert_eq!((err.status, err.code.as_str(), err.message.as_str()), (502, "", "Bad Gateway"));
            assert!(err.retryable());
        }
    }

    #[test]
    fn error_inside_a_2xx_envelope_is_an_api_error() {
        let err = api(decode::<()>(
            200,
            br#"{"error":{"errorCode":"INVALID_REQUEST","message":"Invalid request"}}"#,
        ));
        assert_eq!(err.code, "INVALID_REQUEST");
        let err = api(decode::<()>(200, br#"{"code":"FAIL"}"#));
        assert_eq!(err.code, "FAIL");
    }

    #[test]
    fn broken_success_bodies_are_decode_errors() {
        let kind = |body: &[u8]| match decode::<Data>(200, body) {
            Err(Error::Decode(d)) => d.kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind(b""), DecodeErrorKind::Empty);
        assert_eq!(kind(br#"{"code":"SUCCESS","data":{"secretId":"#), DecodeErrorKind::Truncated);
        assert_eq!(kind(b"OK"), DecodeErrorKind::NotJson);
        assert_eq!(kind(br#"{"code":"SUCCESS","data":{"secretId":7}}"#), DecodeErrorKind::UnexpectedShape);
        assert_eq!(kind(br#"{"data":{"secretId":"x"}}"#), DecodeErrorKind::UnexpectedShape);
        assert_eq!(kind(b"[]"), DecodeErrorKind::UnexpectedShape);
    }
}
