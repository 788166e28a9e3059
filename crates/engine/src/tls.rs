//! Which certificates a client trusts for `https://` endpoints ([`TlsRoots`]), and the
//! certificates that choice names, read once, when the client is built ([`TlsRoots::load`]),
//! for every transport alike.
//!
//! There is no way to turn verification off: every choice names the roots a server's chain
//! must lead to.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::error::Error;

/// The environment variable naming a PEM file of CA certificates, honoured when a builder was
/// given no [`TlsRoots`] (an explicit choice wins over it).
pub const SSL_CERT_FILE: &str = "SSL_CERT_FILE";

/// The certificates a client trusts for `https://` endpoints, set with
/// [`Builder::tls_roots`](crate::Builder::tls_roots).
///
/// Without a choice, a client trusts the CA certificates of the PEM file named by
/// `SSL_CERT_FILE` when that variable is set and not empty, else the bundled roots. An
/// explicit choice ignores `SSL_CERT_FILE` (but see [`System`](Self::System)). A CA bundle
/// replaces the other roots: to trust a private CA and the public ones, give a bundle with
/// both. Whatever the choice, the server's certificate chain and host name are verified;
/// nothing turns that off.
///
/// The roots are read when the client is built: an unreadable file, a text with no
/// certificate, a certificate that does not parse, or an empty system store makes `build`
/// fail with [`Error::Config`](crate::Error::Config) naming the problem.
///
/// ```
/// use secretmanager_engine::TlsRoots;
///
/// let err = TlsRoots::load(Some(&TlsRoots::ca_pem("not a certificate"))).unwrap_err();
/// assert!(err.to_string().contains("holds no PEM certificate"), "{err}");
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsRoots {
    /// The Mozilla roots compiled into the library (the `webpki-roots` crate): the same on
    /// every machine, updated with the library.
    Bundled,
    /// The operating system's trust store (read by `rustls-native-certs`, with the
    /// `system-roots` feature, on by default; without it this choice fails to build a
    /// client with [`Error::Config`](crate::Error::Config)): on Linux and other
    /// Unix systems the OpenSSL locations (such as `/etc/ssl/certs`), replaced by the file
    /// and directories named by `SSL_CERT_FILE` / `SSL_CERT_DIR` when those are set, as
    /// OpenSSL does; on macOS the keychains; on Windows the system certificate store.
    System,
    /// The CA certificates of this PEM file (one or more `BEGIN CERTIFICATE` blocks).
    CaFile(PathBuf),
    /// The CA certificates of this PEM text (one or more `BEGIN CERTIFICATE` blocks).
    CaPem(Vec<u8>),
}

impl TlsRoots {
    /// The CA certificates of the PEM file at `path`.
    pub fn ca_file(path: impl Into<PathBuf>) -> Self {
        TlsRoots::CaFile(path.into())
    }

    /// The CA certificates of the PEM text `pem`.
    pub fn ca_pem(pem: impl Into<Vec<u8>>) -> Self {
        TlsRoots::CaPem(pem.into())
    }
}

impl fmt::Debug for TlsRoots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsRoots::Bundled => f.write_str("Bundled"),
            TlsRoots::System => f.write_str("System"),
            TlsRoots::CaFile(path) => f.debug_tuple("CaFile").field(path).finish(),
            TlsRoots::CaPem(pem) => write!(f, "CaPem({} bytes)", pem.len()),
        }
    }
}

/// The certificates a transport trusts, as [`TlsRoots::load`] read them.
#[derive(Debug, Clone)]
pub enum TrustedRoots {
    /// The Mozilla roots (the `webpki-roots` crate), which the transport compiles in.
    Bundled,
    /// These certificates, each one checked to be usable as a trust anchor; at least one.
    Certificates(Vec<CertificateDer<'static>>),
}

impl TlsRoots {
    /// The certificates `choice` names (`None`: no choice was made, so the PEM file named by
    /// `SSL_CERT_FILE` when that is set and not empty, else the bundled roots), read now.
    /// [`Error::Config`] names an unreadable file, a text with no certificate, a certificate
    /// that does not parse, or an empty system store.
    pub fn load(choice: Option<&TlsRoots>) -> Result<TrustedRoots, Error> {
        root_certs(choice, std::env::var_os(SSL_CERT_FILE))
    }
}

/// The roots for `choice`; `ssl_cert_file` is the value of `SSL_CERT_FILE`, used when no
/// choice was made.
fn root_certs(choice: Option<&TlsRoots>, ssl_cert_file: Option<OsString>) -> Result<TrustedRoots, Error> {
    let certs = match choice {
        None => match ssl_cert_file.filter(|path| !path.is_empty()) {
            Some(path) => from_file(Path::new(&path), SSL_CERT_FILE)?,
            None => return Ok(TrustedRoots::Bundled),
        },
        Some(TlsRoots::Bundled) => return Ok(TrustedRoots::Bundled),
        Some(TlsRoots::System) => system()?,
        Some(TlsRoots::CaFile(path)) => from_file(path, "the CA bundle")?,
        Some(TlsRoots::CaPem(pem)) => from_pem(pem, "the CA PEM text")?,
    };
    Ok(TrustedRoots::Certificates(certs))
}

/// The certificates of the PEM file at `path`, which `what` names in messages (with the path).
fn from_file(path: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>, Error> {
    let shown = path.display();
    let pem =
        std::fs::read(path).map_err(|e| Error::Config(format!("cannot read {what} file {shown}: {e}")))?;
    from_pem(&pem, &format!("{what} file {shown}"))
}

/// The certificates of the PEM text `pem`, which `what` names in messages: at least one, each
/// one usable as a trust anchor (a transport might skip one that is not without a word).
/// Sections other than certificates (keys, revocation lists) are not roots and are skipped.
fn from_pem(pem: &[u8], what: &str) -> Result<Vec<CertificateDer<'static>>, Error> {
    let mut certs = Vec::new();
    for item in CertificateDer::pem_slice_iter(pem) {
        let cert = item.map_err(|e| Error::Config(format!("{what} is not valid PEM: {e}")))?;
        usable(&cert).map_err(|e| {
            let n = certs.len() + 1;
            Error::Config(format!("certificate {n} of {what} is not a usable X.509 certificate: {e}"))
        })?;
        certs.push(cert);
    }
    if certs.is_empty() {
        return Err(Error::Config(format!("{what} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")));
    }
    Ok(certs)
}

/// Whether `cert` parses as a trust anchor, as rustls will read it.
fn usable(cert: &CertificateDer<'_>) -> Result<(), rustls::Error> {
    rustls::RootCertStore::empty().add(cert.clone().into_owned())
}

/// Without the `system-roots` feature there is no system store to read.
#[cfg(not(feature = "system-roots"))]
fn system() -> Result<Vec<CertificateDer<'static>>, Error> {
    Err(Error::Config(
        "the system trust store was chosen, but this build of secretmanager has no \
         `system-roots` feature"
            .to_owned(),
    ))
}

/// The usable certificates of the operating system's store: at least one.
#[cfg(feature = "system-roots")]
fn system() -> Result<Vec<CertificateDer<'static>>, Error> {
    let found = rustls_native_certs::load_native_certs();
    let certs: Vec<_> = found.certs.into_iter().filter(|cert| usable(cert).is_ok()).collect();
    if certs.is_empty() {
        let why = match found.errors.first() {
            Some(e) => format!(": {e}"),
            None => String::new(),
        };
        return Err(Error::Config(format!(
            "no usable root certificate found in the system trust store{why}"
        )));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(feature = "system-roots"))]
    #[test]
    fn without_the_feature_the_system_store_is_a_config_error() {
        let err = root_certs(Some(&TlsRoots::System), None).unwrap_err();
        assert!(matches!(&err, Error::Config(m) if m.contains("`system-roots` feature")), "{err}");
    }

    #[test]
    fn no_choice_is_the_bundled_roots_unless_ssl_cert_file_is_set() {
        assert!(matches!(root_certs(None, None), Ok(TrustedRoots::Bundled)));
        assert!(
            matches!(root_certs(None, Some(OsString::new())), Ok(TrustedRoots::Bundled)),
            "empty = unset"
        );
        let err = root_certs(None, Some("/nonexistent/ca.pem".into())).unwrap_err();
        assert!(
            matches!(err, Error::Config(ref m) if m.contains("SSL_CERT_FILE file /nonexistent/ca.pem")),
            "{err:?}"
        );
    }

    #[test]
    fn an_explicit_choice_ignores_ssl_cert_file() {
        let set = || Some(OsString::from("/nonexistent/ca.pem"));
        assert!(matches!(root_certs(Some(&TlsRoots::Bundled), set()), Ok(TrustedRoots::Bundled)));
        let err = root_certs(Some(&TlsRoots::ca_pem("x")), set()).unwrap_err();
        assert!(matches!(err, Error::Config(ref m) if m.contains("the CA PEM text")), "{err:?}");
    }

    #[test]
    fn bad_pem_is_a_config_error_naming_the_problem() {
        let cases: [(&[u8], &str); 3] = [
            (b"", "holds no PEM certificate"),
            (b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", "is not valid PEM"),
            (b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "certificate 1 of"),
        ];
        for (pem, words) in cases {
            let err = from_pem(pem, "the CA PEM text").unwrap_err();
            assert!(matches!(err, Error::Config(ref m) if m.contains(words)), "{words}: {err:?}");
        }
    }

    #[test]
    fn debug_does_not_print_the_pem_text() {
        assert_eq!(format!("{:?}", TlsRoots::ca_pem("abc")), "CaPem(3 bytes)");
        assert_eq!(format!("{:?}", TlsRoots::ca_file("ca.pem")), r#"CaFile("ca.pem")"#);
    }
}
