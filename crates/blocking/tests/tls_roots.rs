//! The trusted roots are the ones chosen: a server whose certificate a test CA signed is
//! refused with the bundled roots, accepted with that CA (as PEM text or file, alone or in a
//! bundle), and refused again with another CA; a bundle that cannot be used fails `build`.

mod common;

use common::tls::{Seen, TestCa, serve, write_file};
use secretmanager_blocking::{Error, RetryPolicy, TlsRoots, TransportErrorKind, huawei, ncp};

/// An NCP client of the server at `url` trusting `roots`, without retries.
fn ncp_client(url: &str, roots: TlsRoots) -> Result<ncp::Client, Error> {
    ncp::Client::builder()
        .base_url(url)
        .credentials(ncp::Credentials::new("AK", "SK"))
        .no_proxy()
        .retry(RetryPolicy::none())
        .tls_roots(roots)
        .build()
}

/// Asserts that `err` is the refusal of an untrusted certificate, before any request.
fn assert_untrusted(err: &Error) {
    assert!(matches!(err, Error::Transport(t) if t.kind == TransportErrorKind::ConnectFailed), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("certificate") && text.contains("UnknownIssuer"), "{text}");
    assert!(!err.request_may_have_been_sent());
}

/// Asserts that the server saw one connection and no request on it.
fn assert_no_request(seen: &[Seen]) {
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].is_err(), "a request got through: {seen:?}");
}

#[test]
fn a_private_ca_is_refused_with_the_bundled_roots_and_accepted_when_trusted() {
    let ca = TestCa::new("secretmanager test CA");
    let (url, server) = serve(&ca, 2);

    let untrusting = ncp_client(&url, TlsRoots::Bundled).unwrap();
    let err = untrusting.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert_untrusted(&err);

    let trusting = ncp_client(&url, TlsRoots::ca_pem(ca.pem.clone())).unwrap();
    let list = trusting.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(list.total_count, 0);

    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[0].is_err(), "the refused handshake carried no request: {seen:?}");
    assert!(seen[1].as_ref().is_ok_and(|line| line.starts_with("GET /api/v1/secrets")), "{seen:?}");
}

#[test]
fn another_ca_is_refused() {
    let (ca, wrong) = (TestCa::new("the server's CA"), TestCa::new("another CA"));
    let (url, server) = serve(&ca, 1);
    let client = ncp_client(&url, TlsRoots::ca_pem(wrong.pem.as_bytes())).unwrap();
    assert_untrusted(&client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err());
    assert_no_request(&server.join().unwrap());
}

#[test]
fn a_ca_file_of_several_certificates_trusts_each_for_the_huawei_client_too() {
    let (ca, other) = (TestCa::new("the server's CA"), TestCa::new("another CA"));
    let bundle = write_file("bundle.pem", format!("{}\n{}", other.pem, ca.pem).as_bytes());
    let (url, server) = serve(&ca, 1);
    let client = huawei::Client::builder()
        .base_url(&url)
        .credentials(huawei::Credentials::new("AK", "SK"))
        .project_id("0123456789abcdef0123456789abcdef")
        .no_proxy()
        .retry(RetryPolicy::none())
        .tls_roots(TlsRoots::ca_file(&bundle))
        .build()
        .unwrap();
    let list = client.list_secrets(&huawei::ListSecrets::new()).unwrap();
    assert!(list.secrets.is_empty());
    let seen = server.join().unwrap();
    assert!(seen[0].as_ref().is_ok_and(|line| line.contains("/secrets")), "{seen:?}");
}

#[test]
fn the_system_store_does_not_trust_a_test_ca() {
    let ca = TestCa::new("secretmanager test CA");
    let (url, server) = serve(&ca, 1);
    match ncp_client(&url, TlsRoots::System) {
        Ok(client) => {
            assert_untrusted(&client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err());
            assert_no_request(&server.join().unwrap());
        }
        // A machine without a trust store: a configuration error, not a panic.
        Err(err) => {
            assert!(matches!(err, Error::Config(ref m) if m.contains("system trust store")), "{err:?}");
        }
    }
}

#[test]
fn an_unusable_bundle_fails_build_naming_the_problem() {
    let missing = write_file("present.pem", b"").with_file_name("missing.pem");
    let not_pem = write_file("not-pem.pem", b"hello, I am not a certificate\n");
    let key_only =
        write_file("key.pem", TestCa::new("k").pem.replace("CERTIFICATE", "PRIVATE KEY").as_bytes());
    let cases = [
        (TlsRoots::ca_file(&missing), vec!["cannot read the CA bundle file", "missing.pem"]),
        (TlsRoots::ca_file(&not_pem), vec!["the CA bundle file", "not-pem.pem", "holds no PEM certificate"]),
        (TlsRoots::ca_file(&key_only), vec!["key.pem", "holds no PEM certificate"]),
        (TlsRoots::ca_pem(""), vec!["the CA PEM text holds no PEM certificate"]),
        (
            TlsRoots::ca_pem("-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----\n"),
            vec!["not valid PEM"],
        ),
        (
            TlsRoots::ca_pem("-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n"),
            vec!["certificate 1 of the CA PEM text is not a usable X.509 certificate"],
        ),
    ];
    for (roots, words) in cases {
        let shown = format!("{roots:?}");
        let err = ncp_client("https://127.0.0.1:9", roots).unwrap_err();
        let Error::Config(message) = &err else { panic!("{shown}: not a configuration error: {err:?}") };
        for word in words {
            assert!(message.contains(word), "{shown}: {word:?} not in {message:?}");
        }
    }
}
