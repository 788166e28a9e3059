//! Decoding CSMS answers: a success answer is the JSON body itself; an error body is read as
//! the official SDK's error handler reads it: the first of the pairs `error_code`/`error_msg`,
//! `errorCode`/`errorMsg` and `code`/`message` present in the body, else in an object nested
//! in it (`{"error":{"error_code","error_msg"}}`, as Rotate Secret documents it), with the
//! `request_id` of the body or else the `X-Request-Id` header.

use serde::de::{DeserializeOwned, IntoDeserializer};
use serde_json::{Map, Value};

use crate::error::{ApiError, DecodeError, DecodeErrorKind, Error, Provider, find_header, reason_phrase};

/// The answer header in which CSMS and the Huawei API Gateway give the request id (on every
/// answer), read by [`decode_response`].
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";

/// The code and message names of an error body, in the order the official SDK tries them.
const PAIRS: [(&str, &str); 3] =
    [("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")];

/// How deep in nested objects an error is looked for (the documented shapes nest once).
const MAX_DEPTH: usize = 4;

/// What an error body says.
#[derive(Default)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

/// Decodes a CSMS answer into the operation's output `T`.
///
/// * 2xx: the body decoded as `T`; where `T` is `()` (an operation that answers nothing), an
///   empty body or any JSON body that is not an error. A 2xx body that does not decode as `T`
///   but carries an error code is an [`Error::Api`].
/// * any other status: [`Error::Api`] with the provider's code, message and `request_id`, in
///   any of the shapes above; an empty or unreadable error body still gives the status, with
///   an empty code and the status's reason as message.
/// * a 2xx body that is empty, truncated, not JSON or not of the documented shape:
///   [`Error::Decode`], which never quotes the body.
///
/// A list field of an answer that is `null` or absent decodes as an empty list.
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
///
/// let err = huawei::decode::<()>(403, br#"{"code":"APIGW.0302","message":"Forbidden"}"#).unwrap_err();
/// assert_eq!(err.as_api().unwrap().code(), "APIGW.0302");
/// ```
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    if !(200..300).contains(&status) {
        return Err(Error::Api(decode_error(status, body)));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return unit()
            .ok_or_else(|| DecodeError::new(Provider::Huawei, status, DecodeErrorKind::Empty).into());
    }
    serde_json::from_slice(body).or_else(|e| {
        let error = read_error(body);
        if error.code.is_some() {
            return Err(Error::Api(api_error(status, error)));
        }
        // An answer of nothing: any JSON will do, and a broken one is judged as JSON.
        let e = match (unit::<T>(), serde_json::from_slice::<serde::de::IgnoredAny>(body)) {
            (Some(nothing), Ok(_)) => return Ok(nothing),
            (Some(_), Err(syntax)) => syntax,
            (None, _) => e,
        };
        Err(DecodeError::from_json(Provider::Huawei, status, body, &e).into())
    })
}

/// `T` made from nothing, when `T` is `()` (or an `Option`).
fn unit<T: DeserializeOwned>() -> Option<T> {
    T::deserialize(().into_deserializer()).map_err(|_: serde::de::value::Error| ()).ok()
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
    api_error(status, read_error(body))
}

/// What an error body says, from the first shape that fits; nothing from a body that is not
/// a JSON object.
fn read_error(body: &[u8]) -> ErrorBody {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return ErrorBody::default();
    };
    let mut error = find_error(&object, 0).unwrap_or_default();
    if error.request_id.is_none() {
        error.request_id = object.get("request_id").and_then(text);
    }
    error
}

/// The error of `object`: a complete pair of its own, else one of an object nested in it,
/// else a code given without a message.
fn find_error(object: &Map<String, Value>, depth: usize) -> Option<ErrorBody> {
    let request_id = || object.get("request_id").and_then(text);
    for (code, message) in PAIRS {
        if let (Some(found_code), Some(found_message)) = (object.get(code), object.get(message)) {
            return Some(ErrorBody {
                code: text(found_code),
                message: text(found_message),
                request_id: request_id(),
            });
        }
    }
    if depth < MAX_DEPTH {
        let nested = object.values().filter_map(Value::as_object);
        if let Some(error) = nested.filter_map(|inner| find_error(inner, depth + 1)).next() {
            return Some(error);
        }
    }
    PAIRS.iter().take(2).find_map(|(code, message)| {
        let found = object.get(*code).and_then(text)?;
        Some(ErrorBody {
            code: Some(found),
            message: object.get(*message).and_then(text),
            request_id: request_id(),
        })
    })
}

/// A string as is, a number as its decimal text, anything else as `None`: error bodies come
/// from gateways as well as from the service, so their fields are read leniently.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn api_error(status: u16, body: ErrorBody) -> ApiError {
    ApiError {
        provider: Provider::Huawei,
        status,
        code: body.code.unwrap_or_default(),
        message: body.message.filter(|m| !m.is_empty()).unwrap_or_else(|| reason_phrase(status).to_owned()),
        details: None,
        request_id: body.request_id.filter(|id| !id.is_empty()),
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

    #[test]
    fn every_error_shape_of_the_official_handler_is_read() {
        let read = |body: &[u8]| {
            let err = api(decode::<()>(400, body));
            (err.code, err.message, err.request_id)
        };
        let expected = |code: &str, message: &str| (code.to_owned(), message.to_owned(), None);
        assert_eq!(read(br#"{"error_code":"CSMS.0002","error_msg":"bad"}"#), expected("CSMS.0002", "bad"));
        assert_eq!(read(br#"{"errorCode":"CSMS.0003","errorMsg":"camel"}"#), expected("CSMS.0003", "camel"));
        assert_eq!(read(br#"{"code":"APIGW.0101","message":"plain"}"#), expected("APIGW.0101", "plain"));
        assert_eq!(
            read(br#"{"error":{"code":"CSMS.0005","message":"nested"}}"#),
            expected("CSMS.0005", "nested")
        );
        assert_eq!(
            read(br#"{"error":{"errorCode":"CSMS.0004","errorMsg":"n"}}"#),
            expected("CSMS.0004", "n")
        );
        // Any nested object, as the official handler walks every value that is an object.
        assert_eq!(
            read(br#"{"fault":{"inner":{"error_code":"CSMS.0202","error_msg":"deep"}}}"#).0,
            "CSMS.0202"
        );
        // A pair at the top wins over a nested one, and the first pair over the later ones.
        assert_eq!(read(br#"{"error":{"code":"N","message":"n"},"error_code":"T","error_msg":"t"}"#).0, "T");
        assert_eq!(read(br#"{"code":"C","message":"m","error_code":"E","error_msg":"e"}"#).0, "E");
        // Numbers are read as text; a code alone keeps the status's reason as message.
        assert_eq!(read(br#"{"code":401,"message":"unauthorized"}"#), expected("401", "unauthorized"));
        assert_eq!(read(br#"{"error_code":"CSMS.0005"}"#), expected("CSMS.0005", "Bad Request"));
        // `code` without `message` is not an error code (too common a word on its own).
        assert_eq!(read(br#"{"code":"x"}"#).0, "");
        // CSMS.0005 is "not found" whatever the shape and the status.
        for body in [
            &br#"{"errorCode":"CSMS.0005","errorMsg":"m"}"#[..],
            br#"{"error":{"code":"CSMS.0005","message":"m"}}"#,
        ] {
            for status in [400, 404, 500] {
                assert_eq!(api(decode::<()>(status, body)).kind(), ApiErrorKind::NotFound, "{status}");
            }
        }
    }

    #[test]
    fn request_ids_of_every_shape() {
        let request_id = |headers: &[(&str, &str)], body: &[u8]| {
            api(decode_response::<()>(400, headers.iter().copied(), body)).request_id
        };
        let header = [("X-Request-Id", "hdr")];
        assert_eq!(request_id(&header, br#"{"code":"c","message":"m"}"#).as_deref(), Some("hdr"));
        assert_eq!(request_id(&header, br#"{"errorCode":"c","errorMsg":"m"}"#).as_deref(), Some("hdr"));
        assert_eq!(
            request_id(&header, br#"{"error":{"code":"c","message":"m","request_id":"in"}}"#).as_deref(),
            Some("in")
        );
        assert_eq!(
            request_id(&header, br#"{"error":{"code":"c","message":"m"},"request_id":"out"}"#).as_deref(),
            Some("out")
        );
        assert_eq!(
            request_id(&header, br#"{"code":"c","message":"m","request_id":""}"#).as_deref(),
            Some("hdr")
        );
        assert_eq!(request_id(&[("x-request-id", "lower")], b"not json").as_deref(), Some("lower"));
        assert_eq!(request_id(&[], br#"{"code":"c","message":"m"}"#), None);
    }

    #[test]
    fn operations_answering_nothing_accept_any_json_but_an_error() {
        decode::<()>(200, b"{}").unwrap();
        decode::<()>(204, b"").unwrap();
        decode::<()>(200, br#"{"anything":[1,2]}"#).unwrap();
        assert_eq!(
            api(decode::<()>(200, br#"{"error_code":"CSMS.0003","error_msg":"m"}"#)).code,
            "CSMS.0003"
        );
        assert_eq!(kind(decode::<()>(200, b"{\"a\":")), DecodeErrorKind::Truncated);
        assert_eq!(kind(decode::<()>(200, b"OK")), DecodeErrorKind::NotJson);
    }

    #[test]
    fn null_lists_of_every_answer_are_empty() {
        use crate::huawei::{
            ImportResult, SecretList, SecretResponse, TaskList, VersionList, VersionMetadataResponse,
        };
        let secret: SecretResponse =
            decode(200, br#"{"secret":{"name":"db","event_subscriptions":null}}"#).unwrap();
        assert!(secret.secret.event_subscriptions.is_empty());
        let secrets: SecretList = decode(200, br#"{"secrets":null,"page_info":null}"#).unwrap();
        assert!(secrets.secrets.is_empty());
        let secrets: SecretList =
            decode(200, br#"{"secrets":[{"name":"a","event_subscriptions":null}]}"#).unwrap();
        assert!(secrets.secrets[0].event_subscriptions.is_empty());
        let versions: VersionList = decode(200, br#"{"version_metadatas":null}"#).unwrap();
        assert!(versions.version_metadatas.is_empty());
        let version: VersionMetadataResponse =
            decode(200, br#"{"version_metadata":{"id":"v1","version_stages":null}}"#).unwrap();
        assert!(version.version_metadata.version_stages.is_empty());
        let shown: SecretVersionResponse =
            decode(200, br#"{"version":{"version_metadata":{"id":"v1","version_stages":null}}}"#).unwrap();
        assert!(shown.version.version_metadata.version_stages.is_empty());
        let tasks: TaskList = decode(200, br#"{"tasks":null}"#).unwrap();
        assert!(tasks.tasks.is_empty());
        let import: ImportResult = decode(200, br#"{"error_list":null}"#).unwrap();
        assert!(import.error_list.is_empty());
        // A list is still bounded, and anything but a list or null is not the documented shape.
        let long = format!(
            r#"{{"tasks":[{}]}}"#,
            vec![r#"{"task_id":"t"}"#; crate::wire::MAX_LIST_ITEMS + 1].join(",")
        );
        assert_eq!(kind(decode::<TaskList>(200, long.as_bytes())), DecodeErrorKind::UnexpectedShape);
        assert_eq!(kind(decode::<TaskList>(200, br#"{"tasks":"none"}"#)), DecodeErrorKind::UnexpectedShape);
    }
}
