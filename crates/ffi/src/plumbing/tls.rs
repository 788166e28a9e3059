//! The `tls_roots`, `ca_file` and `ca_pem` fields both options structs have: which
//! certificates a client trusts for `https://` endpoints.

use std::ffi::c_char;

use secretmanager_blocking::TlsRoots;

use crate::plumbing::error::Failure;
use crate::plumbing::strings::optional_str;

/// Which certificates a client trusts for `https://` endpoints
/// (`sm_client_options.tls_roots`, `sm_huawei_client_options.tls_roots`).
pub type sm_tls_roots = u32;

/// The PEM file named by the `SSL_CERT_FILE` environment variable when it is set and not
/// empty (read when the client is created), else the bundled roots.
pub const SM_TLS_ROOTS_DEFAULT: sm_tls_roots = 0;
/// The Mozilla roots compiled into the library, whatever `SSL_CERT_FILE` says.
pub const SM_TLS_ROOTS_BUNDLED: sm_tls_roots = 1;
/// The operating system's trust store (on Linux the OpenSSL locations, or `SSL_CERT_FILE` /
/// `SSL_CERT_DIR` when set; the keychains on macOS; the system store on Windows).
pub const SM_TLS_ROOTS_SYSTEM: sm_tls_roots = 2;
/// The CA certificates of the PEM file named by `ca_file`.
pub const SM_TLS_ROOTS_CA_FILE: sm_tls_roots = 3;
/// The CA certificates of the PEM text `ca_pem`.
pub const SM_TLS_ROOTS_CA_PEM: sm_tls_roots = 4;

/// The trust fields of an options struct, as one value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TlsOptions {
    pub(crate) tls_roots: sm_tls_roots,
    pub(crate) ca_file: *const c_char,
    pub(crate) ca_pem: *const c_char,
}

/// The roots the trust fields choose; `None` for `SM_TLS_ROOTS_DEFAULT`. `SM_INVALID_ARGUMENT`
/// naming the field for an unknown `tls_roots`, a missing `ca_file` / `ca_pem`, or one given
/// with a `tls_roots` that does not read it (rather than ignore it).
///
/// # Safety
///
/// `options.ca_file` and `options.ca_pem` are NULL or live NUL-terminated strings.
pub(crate) unsafe fn tls_roots(options: TlsOptions) -> Result<Option<TlsRoots>, Failure> {
    // SAFETY: forwarded from this function's contract.
    let (file, pem) = unsafe {
        (optional_str("options->ca_file", options.ca_file)?, optional_str("options->ca_pem", options.ca_pem)?)
    };
    let roots = match options.tls_roots {
        SM_TLS_ROOTS_DEFAULT => None,
        SM_TLS_ROOTS_BUNDLED => Some(TlsRoots::Bundled),
        SM_TLS_ROOTS_SYSTEM => Some(TlsRoots::System),
        SM_TLS_ROOTS_CA_FILE => {
            Some(TlsRoots::ca_file(file.ok_or_else(|| Failure::null("options->ca_file"))?))
        }
        SM_TLS_ROOTS_CA_PEM => Some(TlsRoots::ca_pem(pem.ok_or_else(|| Failure::null("options->ca_pem"))?)),
        other => {
            return Err(Failure::invalid(
                "options->tls_roots",
                format_args!("is {other}, not one of the SM_TLS_ROOTS_* values"),
            ));
        }
    };
    if file.is_some() && options.tls_roots != SM_TLS_ROOTS_CA_FILE {
        return Err(Failure::invalid(
            "options->ca_file",
            "is given, but tls_roots is not SM_TLS_ROOTS_CA_FILE",
        ));
    }
    if pem.is_some() && options.tls_roots != SM_TLS_ROOTS_CA_PEM {
        return Err(Failure::invalid(
            "options->ca_pem",
            "is given, but tls_roots is not SM_TLS_ROOTS_CA_PEM",
        ));
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use super::*;
    use crate::plumbing::status::sm_status;

    fn roots(
        choice: sm_tls_roots,
        ca_file: *const c_char,
        ca_pem: *const c_char,
    ) -> Result<Option<TlsRoots>, Failure> {
        // SAFETY: the strings are NULL or literals.
        unsafe { tls_roots(TlsOptions { tls_roots: choice, ca_file, ca_pem }) }
    }

    #[test]
    fn each_value_chooses_its_roots() {
        let null = ptr::null();
        assert_eq!(roots(SM_TLS_ROOTS_DEFAULT, null, null).unwrap(), None);
        assert_eq!(roots(SM_TLS_ROOTS_BUNDLED, null, null).unwrap(), Some(TlsRoots::Bundled));
        assert_eq!(roots(SM_TLS_ROOTS_SYSTEM, null, null).unwrap(), Some(TlsRoots::System));
        assert_eq!(
            roots(SM_TLS_ROOTS_CA_FILE, c"ca.pem".as_ptr(), null).unwrap(),
            Some(TlsRoots::ca_file("ca.pem"))
        );
        assert_eq!(roots(SM_TLS_ROOTS_CA_PEM, null, c"PEM".as_ptr()).unwrap(), Some(TlsRoots::ca_pem("PEM")));
    }

    #[test]
    fn a_missing_misplaced_or_unknown_field_is_an_invalid_argument_naming_it() {
        let (null, text) = (ptr::null(), c"x".as_ptr());
        for (choice, ca_file, ca_pem, words) in [
            (SM_TLS_ROOTS_CA_FILE, null, null, "`options->ca_file` is NULL"),
            (SM_TLS_ROOTS_CA_PEM, null, null, "`options->ca_pem` is NULL"),
            (
                SM_TLS_ROOTS_DEFAULT,
                text,
                null,
                "options->ca_file` is given, but tls_roots is not SM_TLS_ROOTS_CA_FILE",
            ),
            (SM_TLS_ROOTS_CA_FILE, text, text, "options->ca_pem` is given"),
            (SM_TLS_ROOTS_SYSTEM, null, text, "options->ca_pem` is given"),
            (5, null, null, "options->tls_roots` is 5, not one of the SM_TLS_ROOTS_* values"),
        ] {
            let err = roots(choice, ca_file, ca_pem).unwrap_err();
            assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
            assert!(err.message.contains(words), "{words:?} not in {:?}", err.message);
        }
    }
}
