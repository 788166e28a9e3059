//! `SSL_CERT_FILE` names the CA bundle when no roots were chosen, an explicit choice wins over
//! it, and an empty system store is a configuration error, not a panic. Its own test binary:
//! it sets the process environment, which no other test may see.

mod common;

use common::tls::{TestCa, serve, write_file};
use secretmanager_blocking::{Error, RetryPolicy, TlsRoots, TransportErrorKind, ncp};

/// An NCP client builder of the server at `url`, without retries.
fn builder(url: &str) -> ncp::ClientBuilder {
    ncp::Client::builder()
        .base_url(url)
        .credentials(ncp::Credentials::new("AK", "SK"))
        .no_proxy()
        .retry(RetryPolicy::none())
}

/// Sets (`Some`) or removes (`None`) the environment variable `name`.
fn set_env(name: &str, value: Option<&std::path::Path>) {
    match value {
        // SAFETY: this binary runs this one test, and no other thread reads the environment
        // while it changes (the servers' threads do not read it).
        Some(value) => unsafe { std::env::set_var(name, value) },
        // SAFETY: as above.
        None => unsafe { std::env::remove_var(name) },
    }
}

#[test]
fn ssl_cert_file_is_the_default_bundle_and_an_explicit_choice_wins() {
    let ca = TestCa::new("secretmanager test CA");
    set_env("SSL_CERT_DIR", None);
    set_env("SSL_CERT_FILE", Some(&ca.write_pem("ca.pem")));

    let (url, server) = serve(&ca, 2);
    let list = builder(&url).build().unwrap().get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(list.total_count, 0, "trusted through SSL_CERT_FILE");
    let err = builder(&url)
        .tls_roots(TlsRoots::Bundled)
        .build()
        .unwrap()
        .get_secret_list(&ncp::GetSecretList::new())
        .unwrap_err();
    assert!(matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed), "{err:?}");
    assert!(err.to_string().contains("UnknownIssuer"), "{err}");
    let seen = server.join().unwrap();
    assert!(seen[0].is_ok() && seen[1].is_err(), "{seen:?}");

    // A set SSL_CERT_FILE that cannot be used is reported, not skipped for the bundled roots.
    let empty = write_file("empty.pem", b"");
    set_env("SSL_CERT_FILE", Some(&empty));
    let err = builder(&url).build().unwrap_err();
    assert!(
        matches!(err, Error::Config(ref m) if m.contains("SSL_CERT_FILE file") && m.contains("empty.pem")),
        "{err:?}"
    );

    // The system store, as OpenSSL locates it, is here an empty file and an empty folder.
    let empty_dir = empty.with_file_name("no-certs");
    std::fs::create_dir_all(&empty_dir).unwrap();
    set_env("SSL_CERT_DIR", Some(&empty_dir));
    let err = builder(&url).tls_roots(TlsRoots::System).build().unwrap_err();
    assert!(
        matches!(err, Error::Config(ref m) if m.contains("no usable root certificate found in the system trust store")),
        "{err:?}"
    );

    // An empty SSL_CERT_FILE counts as unset.
    set_env("SSL_CERT_DIR", None);
    // SAFETY: as in `set_env`.
    unsafe { std::env::set_var("SSL_CERT_FILE", "") };
    assert!(builder(&url).build().is_ok());
}
