//! Huawei Cloud CSMS: `sm_huawei_client` and RotateSecret (`sm_huawei_rotation`).

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_blocking::huawei::{self, Client, Credentials};

use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, borrow, free_box, new_from_options, read_field};
use crate::plumbing::options::{ConnectionOptions, with_connection_options};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::sized::{init_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{c_string, opt_ptr, optional_str, required_str};
use crate::plumbing::tls::{SM_TLS_ROOTS_DEFAULT, TlsOptions, sm_tls_roots};

/// Settings of a Huawei CSMS client. Fill it with
/// `sm_huawei_client_options_init(&options, sizeof options)`, then set the endpoint and,
/// unless they come from the environment, the credentials. Only borrowed by
/// `sm_huawei_client_new`.
///
/// Starts with `struct_size` (see Growth in the header's conventions). The first layout ends
/// with `no_proxy`; `max_response_bytes` is read only when `struct_size` covers it (else it is
/// 0, the default), and so are `tls_roots`, `ca_file` and `ca_pem`, the third layout (else
/// `SM_TLS_ROOTS_DEFAULT` and NULL).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_huawei_client_options {
    /// `sizeof(sm_huawei_client_options)` as the caller was compiled, set by
    /// `sm_huawei_client_options_init`: the library reads only the fields within it.
    pub struct_size: usize,
    /// Region such as `"cn-north-4"` (endpoint `https://kms.{region}.myhuaweicloud.com`); used
    /// when `endpoint_url` is NULL.
    pub region: *const c_char,
    /// Base URL such as `http://127.0.0.1:8080`; overrides `region`.
    pub endpoint_url: *const c_char,
    /// Project id (32 letters or digits); NULL = `HUAWEICLOUD_SDK_PROJECT_ID`.
    pub project_id: *const c_char,
    /// Access key (AK). Give AK and SK, or an `auth_token`, or none of them: then the keys are
    /// read from `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK` (/ `_SECURITY_TOKEN`).
    pub access_key: *const c_char,
    /// Secret key (SK); zeroed when the client is freed.
    pub secret_key: *const c_char,
    /// Security token of temporary keys; NULL = none.
    pub security_token: *const c_char,
    /// IAM token sent in `X-Auth-Token` instead of signing with AK/SK; NULL = sign.
    pub auth_token: *const c_char,
    /// Time allowed to open a connection, in milliseconds; 0 = the library default.
    pub connect_timeout_ms: u32,
    /// Time allowed to wait for and read an answer, in milliseconds; 0 = the library default.
    pub read_timeout_ms: u32,
    /// Time allowed for a whole call, its retries and the waits between them included, in
    /// milliseconds; 0 = the default (60 s). No attempt or wait starts that would end after it.
    pub total_timeout_ms: u32,
    /// Retries after a transient failure of a safe-to-resend operation; negative = the
    /// library default, 0 = never.
    pub max_retries: i32,
    /// Proxy URL such as `http://proxy.internal:3128` (`http`, `https`, `socks4`, `socks5`);
    /// NULL = from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`, honouring `NO_PROXY`. An
    /// unusable URL makes `sm_huawei_client_new` fail with `SM_CONFIG_ERROR`.
    pub proxy: *const c_char,
    /// `true` = never use a proxy, whatever `proxy` and the environment say.
    pub no_proxy: bool,
    /// The largest answer body read, in bytes; a larger one fails the call with
    /// `SM_TRANSPORT_ERROR` (the answer is not kept). 0 = the library default, 8 MiB.
    pub max_response_bytes: u64,
    /// Which certificates are trusted for `https://` endpoints: one of the `SM_TLS_ROOTS_*`
    /// values (default `SM_TLS_ROOTS_DEFAULT`: the PEM file named by `SSL_CERT_FILE` when that
    /// is set, else the bundled Mozilla roots; any other value ignores `SSL_CERT_FILE`).
    /// Verification cannot be turned off. The roots are read by `sm_huawei_client_new`, which
    /// fails with `SM_CONFIG_ERROR` naming the problem for an unreadable file, a text without
    /// a certificate, a certificate that does not parse or an empty system store.
    pub tls_roots: sm_tls_roots,
    /// With `SM_TLS_ROOTS_CA_FILE`: the path of a PEM file of CA certificates, which replace
    /// every other root; must be NULL with any other `tls_roots` (else `SM_INVALID_ARGUMENT`).
    /// Borrowed: read when the client is created, not later.
    pub ca_file: *const c_char,
    /// With `SM_TLS_ROOTS_CA_PEM`: the CA certificates as PEM text (NUL-terminated), which
    /// replace every other root; must be NULL with any other `tls_roots` (else
    /// `SM_INVALID_ARGUMENT`). Borrowed: copied when the client is created.
    pub ca_pem: *const c_char,
}

impl Default for sm_huawei_client_options {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            region: ptr::null(),
            endpoint_url: ptr::null(),
            project_id: ptr::null(),
            access_key: ptr::null(),
            secret_key: ptr::null(),
            security_token: ptr::null(),
            auth_token: ptr::null(),
            connect_timeout_ms: 0,
            read_timeout_ms: 0,
            total_timeout_ms: 0,
            max_retries: -1,
            proxy: ptr::null(),
            no_proxy: false,
            max_response_bytes: 0,
            tls_roots: SM_TLS_ROOTS_DEFAULT,
            ca_file: ptr::null(),
            ca_pem: ptr::null(),
        }
    }
}

sized_struct!(sm_huawei_client_options, layouts ending with [no_proxy, max_response_bytes, ca_pem]);

impl sm_huawei_client_options {
    /// The fields every client's options share.
    fn connection(&self) -> ConnectionOptions {
        ConnectionOptions {
            connect_timeout_ms: self.connect_timeout_ms,
            read_timeout_ms: self.read_timeout_ms,
            total_timeout_ms: self.total_timeout_ms,
            max_retries: self.max_retries,
            max_response_bytes: self.max_response_bytes,
            proxy: self.proxy,
            no_proxy: self.no_proxy,
            tls: TlsOptions { tls_roots: self.tls_roots, ca_file: self.ca_file, ca_pem: self.ca_pem },
        }
    }
}

/// A Huawei Cloud CSMS client. Created by `sm_huawei_client_new`, freed by
/// `sm_huawei_client_free`. Thread-safe: one client may be used by many threads at once.
#[derive(Debug)]
pub struct sm_huawei_client {
    pub(crate) inner: Client,
}

// The documented thread safety rests on this: the Rust client is Send + Sync.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<sm_huawei_client>();
};

/// Builds the client an options struct describes.
///
/// # Safety
///
/// Every string pointer of `options` is NULL or a live NUL-terminated string.
unsafe fn build(options: &sm_huawei_client_options) -> Result<Client, Failure> {
    // SAFETY: forwarded from this function's contract.
    let (region, url, project_id, ak, sk, security_token, auth_token) = unsafe {
        (
            optional_str("options->region", options.region)?,
            optional_str("options->endpoint_url", options.endpoint_url)?,
            optional_str("options->project_id", options.project_id)?,
            optional_str("options->access_key", options.access_key)?,
            optional_str("options->secret_key", options.secret_key)?,
            optional_str("options->security_token", options.security_token)?,
            optional_str("options->auth_token", options.auth_token)?,
        )
    };
    let mut builder = match (url, region) {
        // Parsed once, here; the builder takes the endpoint as it is.
        (Some(url), _) => Client::builder().endpoint(
            huawei::Endpoint::parse(url).map_err(|e| Failure::invalid("options->endpoint_url", e))?,
        ),
        (None, Some(region)) => Client::builder()
            .endpoint(huawei::Endpoint::region(region).map_err(|e| Failure::invalid("options->region", e))?),
        (None, None) => {
            return Err(Failure::invalid("options->region", "and options->endpoint_url are both NULL"));
        }
    };
    builder = match (ak, sk, auth_token) {
        (Some(_), Some(_), Some(_)) => {
            return Err(Failure::invalid(
                "options->auth_token",
                "is given together with access and secret keys",
            ));
        }
        (Some(ak), Some(sk), None) => {
            let mut credentials = Credentials::new(ak, sk);
            if let Some(token) = security_token {
                credentials = credentials.with_security_token(token);
            }
            builder.credentials(credentials)
        }
        (None, None, Some(token)) => builder.token(token),
        (None, None, None) => builder.credentials_from_env(),
        (Some(_), None, _) => return Err(Failure::null("options->secret_key")),
        (None, Some(_), _) => return Err(Failure::null("options->access_key")),
    };
    if let Some(project_id) = project_id {
        builder = builder.project_id(project_id);
    }
    // SAFETY: forwarded from this function's contract.
    builder = unsafe { with_connection_options(builder, options.connection()) }?;
    Ok(builder.build()?)
}

/// Fills `*options` with the defaults: no endpoint (set `region` or `endpoint_url`),
/// credentials, project id and proxy from the environment, default timeouts and retries; and
/// sets `options->struct_size` to `struct_size`, which is `sizeof(sm_huawei_client_options)`
/// as the caller was compiled (only the fields within it are written).
///
/// Writes `*options` (caller-owned); `SM_INVALID_ARGUMENT`, writing nothing, if it is NULL or
/// `struct_size` is smaller than the struct's first layout or larger than this library knows.
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `options` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_client_options_init(
    options: *mut sm_huawei_client_options,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("options", options, struct_size) }
}

/// Creates a Huawei CSMS client from `*options`.
///
/// Borrows `options` and its strings for the duration of the call. On success `*out` receives
/// a client the caller owns and frees with `sm_huawei_client_free`. Fails with
/// `SM_INVALID_ARGUMENT` (NULL or non-UTF-8 argument, `struct_size` out of range, bad region,
/// URL or project id, only one key given, `tls_roots` unknown or not matching `ca_file` /
/// `ca_pem`), `SM_CONFIG_ERROR` (unusable proxy URL or TLS roots), `SM_CREDENTIALS_ERROR`
/// (nothing given and nothing in the environment). Sends nothing. Thread-safe.
///
/// # Safety
///
/// `options` is NULL or a valid `sm_huawei_client_options` of `options->struct_size` readable
/// bytes whose strings are NULL or NUL-terminated; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_client_new(
    options: *const sm_huawei_client_options,
    out: *mut *mut sm_huawei_client,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract, which also makes the strings of a
    // valid options struct NULL or NUL-terminated, as `build` requires.
    unsafe { new_from_options(options, out, err_out, |o| Ok(sm_huawei_client { inner: build(o)? })) }
}

/// Frees `client` and zeroes its keys. Takes ownership; NULL is fine. Must not be called
/// twice, nor while another thread uses the client.
///
/// # Safety
///
/// `client` is NULL or a client from `sm_huawei_client_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_client_free(client: *mut sm_huawei_client) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(client) })
}

/// The answer of `sm_huawei_rotate_secret`: the new version and the rotation task.
///
/// Owned by the caller, freed with `sm_huawei_rotation_free`; every text read from it belongs
/// to it. Immutable: may be read from many threads at once.
///
/// Methods: `sm_huawei_rotation_version_id`, `sm_huawei_rotation_task_id`,
/// `sm_huawei_rotation_free`.
#[derive(Debug)]
pub struct sm_huawei_rotation {
    version_id: Option<CString>,
    task_id: Option<CString>,
}

impl sm_huawei_rotation {
    fn new(rotated: &huawei::RotateSecretResponse) -> Result<Self, Failure> {
        Ok(Self {
            version_id: rotated.version_id.as_deref().map(|v| c_string("version id", v)).transpose()?,
            task_id: rotated
                .rotation_task_id
                .as_deref()
                .map(|t| c_string("rotation task id", t))
                .transpose()?,
        })
    }
}

/// Reads one field; NULL when `rotation` is NULL (or on a panic).
fn read_rotation(
    rotation: *const sm_huawei_rotation,
    field: impl FnOnce(&sm_huawei_rotation) -> *const c_char,
) -> *const c_char {
    // SAFETY: every accessor's contract makes `rotation` NULL or a live object.
    unsafe { read_field(rotation, ptr::null(), field) }
}

/// Borrows `rotation`. Returns the new version id (e.g. `"v2"`); NULL when the answer named
/// none or `rotation` is NULL. The text belongs to `rotation` (valid until it is freed; never
/// free it). Thread-safe.
///
/// # Safety
///
/// `rotation` is NULL or a live `sm_huawei_rotation`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_rotation_version_id(rotation: *const sm_huawei_rotation) -> *const c_char {
    read_rotation(rotation, |r| opt_ptr(&r.version_id))
}

/// Borrows `rotation`. Returns the rotation task id (`rotation_task_id`), to pass as `task_id`
/// to `sm_huawei_list_secret_tasks` to learn whether the rotation succeeded; NULL when the
/// answer named none or `rotation` is NULL. The text belongs to `rotation` (valid until it is
/// freed; never free it). Thread-safe.
///
/// # Safety
///
/// `rotation` is NULL or a live `sm_huawei_rotation`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_rotation_task_id(rotation: *const sm_huawei_rotation) -> *const c_char {
    read_rotation(rotation, |r| opt_ptr(&r.task_id))
}

/// Frees `rotation` with its texts. Takes ownership; NULL is fine.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `rotation` is NULL or an owned `sm_huawei_rotation` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_rotation_free(rotation: *mut sm_huawei_rotation) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(rotation) })
}

/// **RotateSecret** (Huawei CSMS): rotates secret `secret_name` now; CSMS creates a new
/// version.
///
/// Borrows `client` and `secret_name`. On success `*out` receives the answer, owned by the
/// caller (free with `sm_huawei_rotation_free`): the new version id
/// (`sm_huawei_rotation_version_id`) and the rotation task id
/// (`sm_huawei_rotation_task_id`), whose outcome `sm_huawei_list_secret_tasks` reports. Not
/// retried automatically (a resend would rotate twice). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `secret_name` is NULL or NUL-terminated;
/// `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_rotate_secret(
    client: *const sm_huawei_client,
    secret_name: *const c_char,
    out: *mut *mut sm_huawei_rotation,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_name) = unsafe {
            (OutSlot::new("out", out)?, borrow("client", client)?, required_str("secret_name", secret_name)?)
        };
        let rotated = client.inner.call(&huawei::RotateSecret::new(secret_name))?;
        out.set(sm_huawei_rotation::new(&rotated)?);
        Ok(())
    })
}
