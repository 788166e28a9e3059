//! The generic entry points: any operation of either provider, named as its Rust type is, with
//! its request and answer as JSON (described by the schemas under `schemas/`).

use std::ffi::c_char;

use secretmanager_core::surface::{self, CatalogOperation, RequestError, Visitor};
use secretmanager_core::{Operation, ProviderKind, SecretBytes, huawei, ncp};

use crate::huawei::sm_huawei_client;
use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{StringOut, borrow};
use crate::plumbing::panic::guard;
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{owned_secret_string, required_str};

/// **Any NCP operation by name**: sends operation `operation` (its Rust type's name, such as
/// `"CreateSecret"` or `"GetSecretLogs"`; `schemas/ncp.json` lists all 32) with the request
/// `request_json` (a JSON object of the operation's fields named as on the wire, path fields
/// included, e.g. `{"secretId":"s-1","memo":"orders"}`), and writes its answer as JSON.
///
/// The request is validated by the documented rules before anything is sent; a field the
/// operation does not have, or of the wrong type, is `SM_INVALID_ARGUMENT` with a message that
/// names the field and never quotes a value. An unknown operation name is
/// `SM_INVALID_ARGUMENT`. Resends, lost answers and errors are handled as by the typed
/// functions.
///
/// Borrows `client`, `operation` and `request_json` for the duration of the call. On success
/// `*response_json_out` receives the answer (`null` for operations that answer nothing) as an
/// owned NUL-terminated UTF-8 string holding every secret value of the answer as it is: free it
/// with `sm_string_free`, which zeroes it. Thread-safe: many threads may call it on one client.
///
/// # Safety
///
/// `client` is NULL or a live client; `operation` and `request_json` are NULL or
/// NUL-terminated; `response_json_out` and `err_out` are NULL or writable.
///
/// ```
/// use std::ffi::{CStr, CString};
/// use std::ptr;
/// use secretmanager::{sm_call, sm_status};
///
/// let mut json = ptr::null_mut();
/// let (name, request) = (CString::new("NoSuchOperation").unwrap(), CString::new("{}").unwrap());
/// let mut err = ptr::null_mut();
/// // SAFETY: valid strings and out-pointers; a NULL client is refused before anything else.
/// let status = unsafe { sm_call(ptr::null(), name.as_ptr(), request.as_ptr(), &mut json, &mut err) };
/// assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
/// assert!(json.is_null());
/// // SAFETY: err came from the library.
/// unsafe { secretmanager::sm_error_free(err) };
/// ```
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_call(
    client: *const sm_client,
    operation: *const c_char,
    request_json: *const c_char,
    response_json_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (out, client, name, request) = unsafe {
            (
                StringOut::new("response_json_out", response_json_out)?,
                client_ref(client)?,
                required_str("operation", operation)?,
                required_str("request_json", request_json)?,
            )
        };
        let json = ncp::catalog::visit(name, Call { client, request: request.as_bytes() })
            .ok_or_else(|| unknown(name))??;
        hand_out(out, &json)
    })
}

/// **Any Huawei CSMS operation by name**: as `sm_call`, for a Huawei client and the operations
/// `schemas/huawei.json` lists (`"CreateSecretVersion"`, `"ShowSecretStage"`...), with fields
/// named as CSMS names them (`{"secret_name":"db","secret_string":"..."}`).
///
/// Borrows `client`, `operation` and `request_json` for the duration of the call. On success
/// `*response_json_out` receives the answer as an owned string holding every secret value of
/// the answer as it is: free it with `sm_string_free`, which zeroes it. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `operation` and `request_json` are NULL or
/// NUL-terminated; `response_json_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_call(
    client: *const sm_huawei_client,
    operation: *const c_char,
    request_json: *const c_char,
    response_json_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (out, client, name, request) = unsafe {
            (
                StringOut::new("response_json_out", response_json_out)?,
                borrow("client", client)?,
                required_str("operation", operation)?,
                required_str("request_json", request_json)?,
            )
        };
        let json = huawei::catalog::visit(name, Call { client: &client.inner, request: request.as_bytes() })
            .ok_or_else(|| unknown(name))??;
        hand_out(out, &json)
    })
}

/// **The next page of a Huawei list operation**: given the request `request_json` of paged
/// operation `operation` (`"ListSecrets"`, `"ListSecretVersions"`, `"ListSecretTask"`...; its
/// `page_field` in `schemas/huawei.json`) and the answer `response_json` that `sm_huawei_call`
/// wrote for it, writes the value of that field that asks for the next page, as JSON text
/// (`"m-2"` with its quotes, or a number), or NULL when that answer was the last page.
///
/// A loop over every page sets the field of the request to the value written and calls
/// again, until the value is NULL:
///
/// ```c
/// char *page = NULL, *position = NULL, request[512] = "{\"limit\":100}";
/// do {
///     sm_huawei_call(client, "ListSecrets", request, &page, &err);          // check status
///     sm_huawei_next_page("ListSecrets", request, page, &position, &err);  // check status
///     // ... read the page ...
///     if (position) snprintf(request, sizeof request, "{\"limit\":100,\"marker\":%s}", position);
///     sm_string_free(page);
///     sm_string_free(position);
/// } while (position);
/// ```
///
/// It ends by itself: an answer that names the position its request asked for again is the
/// last page. An operation that is not paged always writes NULL; an unknown name, or a
/// request or answer that is not the operation's JSON, is `SM_INVALID_ARGUMENT`.
///
/// Borrows the three strings for the duration of the call; sends nothing. On success
/// `*position_out` receives NULL or an owned string: free it with `sm_string_free`.
/// Thread-safe.
///
/// # Safety
///
/// The strings are NULL or NUL-terminated; `position_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_next_page(
    operation: *const c_char,
    request_json: *const c_char,
    response_json: *const c_char,
    position_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (out, name, request, answer) = unsafe {
            (
                StringOut::new("position_out", position_out)?,
                required_str("operation", operation)?,
                required_str("request_json", request_json)?,
                required_str("response_json", response_json)?,
            )
        };
        let position =
            huawei::catalog::visit(name, NextPage { request: request.as_bytes(), answer: answer.as_bytes() })
                .ok_or_else(|| unknown(name))?
                .map_err(|err| {
                    Failure::invalid("request_json", format_args!("or response_json is not valid: {err}"))
                })?;
        if let Some(position) = position {
            out.set_raw(owned_secret_string("page position", &position)?);
        }
        Ok(())
    })
}

/// Reads the position of the next page of the operation named.
struct NextPage<'a> {
    request: &'a [u8],
    answer: &'a [u8],
}

impl<P: ProviderKind> Visitor<P> for NextPage<'_> {
    type Output = Result<Option<String>, RequestError>;

    fn visit<O: CatalogOperation<Provider = P>>(self) -> Self::Output {
        surface::next_page_position::<O>(O::NAME, self.request, self.answer)
    }
}

/// A client of provider `P`, as the generic entry points send through it.
trait Sends<P: ProviderKind> {
    /// Sends `op` and decodes its answer, as the client's `call` does.
    fn send<O: Operation<Provider = P>>(&self, op: &O) -> Result<O::Output, secretmanager_blocking::Error>;
}

impl Sends<ncp::Ncp> for secretmanager_blocking::ncp::Client {
    fn send<O: Operation<Provider = ncp::Ncp>>(
        &self,
        op: &O,
    ) -> Result<O::Output, secretmanager_blocking::Error> {
        self.call(op)
    }
}

impl Sends<huawei::Huawei> for secretmanager_blocking::huawei::Client {
    fn send<O: Operation<Provider = huawei::Huawei>>(
        &self,
        op: &O,
    ) -> Result<O::Output, secretmanager_blocking::Error> {
        self.call(op)
    }
}

/// One call of the operation named: its request read from `request`, sent through `client`.
struct Call<'a, C> {
    client: &'a C,
    request: &'a [u8],
}

impl<P: ProviderKind, C: Sends<P>> Visitor<P> for Call<'_, C> {
    type Output = Result<SecretBytes, Failure>;

    fn visit<O: CatalogOperation<Provider = P>>(self) -> Self::Output {
        let op: O = surface::request_from_json(O::NAME, self.request).map_err(invalid_request)?;
        answer_json::<O>(&self.client.send(&op)?)
    }
}

/// The answer of operation `O` as JSON.
fn answer_json<O: CatalogOperation>(answer: &O::Output) -> Result<SecretBytes, Failure> {
    surface::answer_to_json(answer)
        .map_err(|_| Failure::new(sm_status::SM_DECODE_ERROR, "the answer could not be written as JSON"))
}

/// Hands the answer JSON to C as an owned string.
fn hand_out(out: StringOut, json: &SecretBytes) -> Result<(), Failure> {
    // serde_json writes UTF-8 only.
    let text = std::str::from_utf8(json.expose())
        .map_err(|_| Failure::new(sm_status::SM_DECODE_ERROR, "the answer JSON is not UTF-8"))?;
    out.set_raw(owned_secret_string("answer JSON", text)?);
    Ok(())
}

fn invalid_request(err: RequestError) -> Failure {
    Failure::invalid("request_json", format_args!("is not a valid request: {err}"))
}

fn unknown(name: &str) -> Failure {
    Failure::invalid("operation", format_args!("names no operation ({name:?}); see schemas/ for the list"))
}
