//! The TLS configuration of the agent: the roots the client's [`TlsRoots`] choice names (read
//! by the engine, the same for every transport), as ureq's root store. There is no way to turn
//! verification off.

use secretmanager_engine::{TlsRoots, TrustedRoots};
use ureq::tls::{Certificate, RootCerts};

use crate::error::Error;

/// The TLS configuration of the agent for `choice` (`None`: no choice was made), with its
/// roots read now. Never disables verification.
pub(crate) fn tls_config(choice: Option<&TlsRoots>) -> Result<ureq::tls::TlsConfig, Error> {
    let roots = match TlsRoots::load(choice)? {
        TrustedRoots::Bundled => RootCerts::WebPki,
        TrustedRoots::Certificates(certs) => RootCerts::from(
            certs.iter().map(|der| Certificate::from_der(der.as_ref()).to_owned()).collect::<Vec<_>>(),
        ),
    };
    Ok(ureq::tls::TlsConfig::builder().root_certs(roots).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_is_never_disabled() {
        assert!(!tls_config(Some(&TlsRoots::Bundled)).unwrap().disable_verification());
        let pem = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap().cert.pem();
        assert!(!tls_config(Some(&TlsRoots::ca_pem(pem))).unwrap().disable_verification());
    }
}
