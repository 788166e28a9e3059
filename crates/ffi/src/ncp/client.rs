//! `sm_client`: an NCP Secret Manager client built from `sm_client_options`.
//!
//! ```
//! use std::ptr;
//! use secretmanager::*;
//! use secretmanager_emulator::{Emulator, NCP_ACCESS_KEY, NCP_SECRET_KEY};
//!
//! let emulator = Emulator::start().unwrap();
//! let url = std::ffi::CString::new(emulator.base_url()).unwrap();
//! let (ak, sk) = (std::ffi::CString::new(NCP_ACCESS_KEY).unwrap(), std::ffi::CString::new(NCP_SECRET_KEY).unwrap());
//! let options = sm_client_options {
//!     endpoint_preset: SM_ENDPOINT_URL,
//!     endpoint_url: url.as_ptr(),
//!     access_key: ak.as_ptr(),
//!     secret_key: sk.as_ptr(),
//!     ..Default::default()
//! };
//! let (mut client, mut secret, mut err) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
//! // SAFETY: the options' strings outlive the calls, the output slots are writable, and every
//! // object is freed once.
//! unsafe {
//!     assert_eq!(sm_client_new(&options, &mut client, &mut err), sm_status::SM_OK);
//!     let status = sm_get_secret_detail(client, c"no-such-secret".as_ptr(), &mut secret, &mut err);
//!     assert_eq!(status, sm_status::SM_NOT_FOUND);
//!     assert!(secret.is_null());
//!     assert_eq!(sm_error_http_status(err), 404);
//!     sm_error_free(err);
//!     sm_client_free(client);
//! }
//! ```

use std::ffi::c_char;
use std::ptr;

use secretmanager_blocking::ncp::Client;
use secretmanager_core::ncp::{Credentials, Endpoint};

use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{borrow, free_box, new_from_options};
use crate::plumbing::options::{ConnectionOptions, checked_user_agent, with_connection_options};
use crate::plumbing::panic::guard_value;
use crate::plumbing::sized::{init_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::optional_str;
use crate::plumbing::tls::{SM_TLS_ROOTS_DEFAULT, TlsOptions, sm_tls_roots};

/// Which NCP endpoint a client talks to (`sm_client_options.endpoint_preset`).
pub type sm_endpoint_preset = u32;

/// Use `sm_client_options.endpoint_url`.
pub const SM_ENDPOINT_URL: sm_endpoint_preset = 0;
/// KR, secrets under a KMS global key: `https://secretmanager.apigw.ntruss.com`.
pub const SM_ENDPOINT_KR_GLOBAL: sm_endpoint_preset = 1;
/// KR, secrets under a region-isolated KMS key: `https://ocapi-kr.ncloud.com/secretmanager`.
pub const SM_ENDPOINT_KR_ISOLATED: sm_endpoint_preset = 2;
/// JPN: `https://ocapi-jp.ncloud.com/secretmanager`.
pub const SM_ENDPOINT_JP: sm_endpoint_preset = 3;

/// Settings of an NCP client. Fill it with `sm_client_options_init(&options, sizeof options)`,
/// then change what you need. Only borrowed by `sm_client_new`: the strings may be freed once
/// it returns.
///
/// Starts with `struct_size` (see Growth in the header's conventions). The first layout ends
/// with `no_proxy`; `max_response_bytes` is read only when `struct_size` covers it (else it is
/// 0, the default), and so are `tls_roots`, `ca_file` and `ca_pem`, the third layout (else
/// `SM_TLS_ROOTS_DEFAULT` and NULL).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_client_options {
    /// `sizeof(sm_client_options)` as the caller was compiled, set by `sm_client_options_init`:
    /// the library reads only the fields within it.
    pub struct_size: usize,
    /// One of the `SM_ENDPOINT_*` values (default `SM_ENDPOINT_KR_GLOBAL`).
    pub endpoint_preset: sm_endpoint_preset,
    /// Base URL such as `http://127.0.0.1:8080` or `https://host/base/path`: required when
    /// `endpoint_preset` is `SM_ENDPOINT_URL`, and must be NULL with any other preset (else
    /// `sm_client_new` fails with `SM_INVALID_ARGUMENT` rather than ignore it). The port, if
    /// given, is 1 to 65535.
    pub endpoint_url: *const c_char,
    /// NCP access key. Give both keys, or neither: with both NULL the keys are read when the
    /// client is created from `NCLOUD_ACCESS_KEY` / `NCLOUD_SECRET_KEY`, else from
    /// `~/.ncloud/configure`.
    pub access_key: *const c_char,
    /// NCP secret key (see `access_key`). Copied into memory that is zeroed when the client is
    /// freed.
    pub secret_key: *const c_char,
    /// Time allowed to open a connection, in milliseconds; 0 = the library default.
    pub connect_timeout_ms: u32,
    /// Time allowed to wait for and read an answer, in milliseconds; 0 = the library default.
    pub read_timeout_ms: u32,
    /// Time allowed for a whole call, its retries and the waits between them included, in
    /// milliseconds; 0 = the library default (60 s). No attempt or wait starts that would end
    /// after it; an attempt under way is cut off when it is reached.
    pub total_timeout_ms: u32,
    /// Retries after a transient failure (throttling, 5xx, broken connection) of an operation
    /// that is safe to resend; negative = the library default, 0 = never retry.
    pub max_retries: i32,
    /// The `User-Agent`: 1 to 1024 printable ASCII characters, not starting or ending with a
    /// space (else `SM_INVALID_ARGUMENT`); NULL = the library default.
    pub user_agent: *const c_char,
    /// Proxy URL such as `http://proxy.internal:3128` (`http`, `https`, `socks4`, `socks5`);
    /// NULL = from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`, honouring `NO_PROXY`. An
    /// unusable URL makes `sm_client_new` fail with `SM_CONFIG_ERROR`.
    pub proxy: *const c_char,
    /// `true` = never use a proxy, whatever `proxy` and the environment say.
    pub no_proxy: bool,
    /// The largest answer body read, in bytes; a larger one fails the call with
    /// `SM_TRANSPORT_ERROR` (the answer is not kept). 0 = the library default, 8 MiB.
    pub max_response_bytes: u64,
    /// Which certificates are trusted for `https://` endpoints: one of the `SM_TLS_ROOTS_*`
    /// values (default `SM_TLS_ROOTS_DEFAULT`: the PEM file named by `SSL_CERT_FILE` when that
    /// is set, else the bundled Mozilla roots; any other value ignores `SSL_CERT_FILE`).
    /// Verification cannot be turned off. The roots are read by `sm_client_new`, which
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

impl Default for sm_client_options {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            endpoint_preset: SM_ENDPOINT_KR_GLOBAL,
            endpoint_url: ptr::null(),
            access_key: ptr::null(),
            secret_key: ptr::null(),
            connect_timeout_ms: 0,
            read_timeout_ms: 0,
            total_timeout_ms: 0,
            max_retries: -1,
            user_agent: ptr::null(),
            proxy: ptr::null(),
            no_proxy: false,
            max_response_bytes: 0,
            tls_roots: SM_TLS_ROOTS_DEFAULT,
            ca_file: ptr::null(),
            ca_pem: ptr::null(),
        }
    }
}

sized_struct!(sm_client_options, layouts ending with [no_proxy, max_response_bytes, ca_pem]);

impl sm_client_options {
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

/// An NCP Secret Manager client: endpoint, credentials, timeouts, retry policy and a pool of
/// connections.
///
/// Created by `sm_client_new`, freed by `sm_client_free`. Thread-safe: one client may be used
/// by any number of threads at once (every operation takes `const sm_client *`), and sharing
/// one client shares its connections.
#[derive(Debug)]
pub struct sm_client {
    pub(crate) inner: Client,
}

// The documented thread safety rests on this: the Rust client is Send + Sync.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<sm_client>();
};

/// Borrows the client behind a `const sm_client *` argument named `client`.
///
/// # Safety
///
/// `p` is NULL or a live `sm_client` that outlives `'a`.
pub(crate) unsafe fn client_ref<'a>(p: *const sm_client) -> Result<&'a Client, Failure> {
    // SAFETY: forwarded from this function's contract.
    unsafe { borrow("client", p) }.map(|c| &c.inner)
}

/// The endpoint an options struct names.
fn endpoint(preset: sm_endpoint_preset, url: Option<&str>) -> Result<Endpoint, Failure> {
    match preset {
        SM_ENDPOINT_URL => {
            let url = url.ok_or_else(|| Failure::null("options->endpoint_url"))?;
            Endpoint::parse(url).map_err(|e| Failure::invalid("options->endpoint_url", e))
        }
        SM_ENDPOINT_KR_GLOBAL | SM_ENDPOINT_KR_ISOLATED | SM_ENDPOINT_JP if url.is_some() => Err(
            Failure::invalid("options->endpoint_url", "is given, but endpoint_preset is not SM_ENDPOINT_URL"),
        ),
        SM_ENDPOINT_KR_GLOBAL => Ok(Endpoint::kr_global()),
        SM_ENDPOINT_KR_ISOLATED => Ok(Endpoint::kr_isolated()),
        SM_ENDPOINT_JP => Ok(Endpoint::jp()),
        other => Err(Failure::invalid(
            "options->endpoint_preset",
            format_args!("is {other}, not one of the SM_ENDPOINT_* values"),
        )),
    }
}

/// Builds the client an options struct describes.
///
/// # Safety
///
/// Every string pointer of `options` is NULL or a live NUL-terminated string.
unsafe fn build(options: &sm_client_options) -> Result<Client, Failure> {
    // SAFETY: forwarded from this function's contract.
    let (url, access_key, secret_key, user_agent) = unsafe {
        (
            optional_str("options->endpoint_url", options.endpoint_url)?,
            optional_str("options->access_key", options.access_key)?,
            optional_str("options->secret_key", options.secret_key)?,
            optional_str("options->user_agent", options.user_agent)?,
        )
    };
    let mut builder = Client::builder().endpoint(endpoint(options.endpoint_preset, url)?);
    builder = match (access_key, secret_key) {
        (Some(ak), Some(sk)) => builder.credentials(Credentials::new(ak, sk)),
        (None, None) => builder.credentials_from_env(),
        (Some(_), None) => return Err(Failure::null("options->secret_key")),
        (None, Some(_)) => return Err(Failure::null("options->access_key")),
    };
    if let Some(agent) = user_agent {
        builder = builder.user_agent(checked_user_agent("options->user_agent", agent)?);
    }
    // SAFETY: forwarded from this function's contract.
    builder = unsafe { with_connection_options(builder, options.connection()) }?;
    Ok(builder.build()?)
}

/// Fills `*options` with the defaults: endpoint `SM_ENDPOINT_KR_GLOBAL`, credentials from the
/// environment, default timeouts and retries, proxy from the environment; and sets
/// `options->struct_size` to `struct_size`, which is `sizeof(sm_client_options)` as the caller
/// was compiled (only the fields within it are written).
///
/// Writes `*options` (caller-owned; nothing to free). Returns `SM_INVALID_ARGUMENT`, writing
/// nothing, if `options` is NULL or `struct_size` is smaller than the struct's first layout
/// or larger than this library knows. Thread-safe.
///
/// # Safety
///
/// `options` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_client_options_init(
    options: *mut sm_client_options,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("options", options, struct_size) }
}

/// Creates a client from `*options`.
///
/// Borrows `options` and its strings for the duration of the call. On success `*out` receives
/// a new client that the caller owns and frees with `sm_client_free`; on failure `*out` is
/// NULL. Fails with `SM_INVALID_ARGUMENT` (NULL or non-UTF-8 argument, `struct_size` out of
/// range, bad URL or user agent, unknown preset, `endpoint_url` given with another preset,
/// `tls_roots` unknown or not matching `ca_file` / `ca_pem`,
/// only one key given),
/// `SM_CONFIG_ERROR` (unusable proxy URL or TLS roots) or
/// `SM_CREDENTIALS_ERROR` (keys neither given nor in the environment).
/// Sends nothing. Thread-safe.
///
/// # Safety
///
/// `options` is NULL or a valid `sm_client_options` of `options->struct_size` readable bytes
/// whose strings are NULL or NUL-terminated; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_client_new(
    options: *const sm_client_options,
    out: *mut *mut sm_client,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract, which also makes the strings of a
    // valid options struct NULL or NUL-terminated, as `build` requires.
    unsafe { new_from_options(options, out, err_out, |o| Ok(sm_client { inner: build(o)? })) }
}

/// Frees `client` and zeroes its secret key. Takes ownership; NULL is fine. Must not be called
/// twice, nor while another thread still uses the client; objects obtained through the client
/// stay valid.
///
/// # Safety
///
/// `client` is NULL or a client from `sm_client_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_client_free(client: *mut sm_client) {
    guard_value((), || {
        // SAFETY: client is NULL or an owned sm_client, by contract.
        unsafe { free_box(client) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_name_the_documented_endpoints() {
        assert_eq!(endpoint(SM_ENDPOINT_KR_GLOBAL, None).unwrap(), Endpoint::kr_global());
        assert_eq!(endpoint(SM_ENDPOINT_KR_ISOLATED, None).unwrap(), Endpoint::kr_isolated());
        assert_eq!(endpoint(SM_ENDPOINT_JP, None).unwrap(), Endpoint::jp());
        let local = endpoint(SM_ENDPOINT_URL, Some("http://127.0.0.1:9/base")).unwrap();
        assert_eq!((local.origin(), local.base_path()), ("http://127.0.0.1:9", "/base"));
        assert!(endpoint(SM_ENDPOINT_URL, None).unwrap_err().message.contains("endpoint_url"));
        assert!(endpoint(4, None).unwrap_err().message.contains("endpoint_preset"));
        for preset in [SM_ENDPOINT_KR_GLOBAL, SM_ENDPOINT_KR_ISOLATED, SM_ENDPOINT_JP] {
            let err = endpoint(preset, Some("http://127.0.0.1:9")).unwrap_err();
            assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
            assert!(err.message.contains("options->endpoint_url"), "{}", err.message);
        }
    }

    #[test]
    fn options_init_writes_the_defaults() {
        let mut options = sm_client_options {
            endpoint_preset: 77,
            max_retries: 5,
            proxy: c"http://127.0.0.1:9".as_ptr(),
            no_proxy: true,
            ..Default::default()
        };
        let size = size_of::<sm_client_options>();
        // SAFETY: options is a valid, writable struct.
        assert_eq!(unsafe { sm_client_options_init(&mut options, size) }, sm_status::SM_OK);
        assert_eq!((options.endpoint_preset, options.max_retries), (SM_ENDPOINT_KR_GLOBAL, -1));
        assert_eq!(options.struct_size, size);
        assert!(options.proxy.is_null());
        assert!(!options.no_proxy);
        // SAFETY: NULL is allowed and rejected.
        assert_eq!(unsafe { sm_client_options_init(ptr::null_mut(), size) }, sm_status::SM_INVALID_ARGUMENT);
    }
}
