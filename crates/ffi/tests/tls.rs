//! `tls_roots`, `ca_file` and `ca_pem` of both options structs: a server on 127.0.0.1 whose
//! certificate a test CA signed is refused with the bundled roots, accepted with that CA (PEM
//! text or file), and refused with another CA; an unusable bundle is `SM_CONFIG_ERROR`; the
//! system store never panics; a caller of the older layout gets the default trust.

mod common;

// The test CA and TLS server of the Rust client's tests, shared rather than copied.
#[path = "../../blocking/tests/common/tls.rs"]
mod tls_server;

use std::ffi::c_char;
use std::mem::offset_of;
use std::ptr;

use common::*;
use secretmanager::*;
use tls_server::{TestCa, serve, write_file};

/// The trust fields of an options struct.
#[derive(Clone, Copy)]
struct Trust {
    roots: sm_tls_roots,
    ca_file: *const c_char,
    ca_pem: *const c_char,
}

impl Trust {
    fn of(roots: sm_tls_roots) -> Self {
        Trust { roots, ca_file: ptr::null(), ca_pem: ptr::null() }
    }
}

/// An NCP client of `url` trusting `trust`, or the error of `sm_client_new`.
fn ncp_client(url: &str, trust: Trust) -> Result<Client, ErrorInfo> {
    let url = c(url);
    let mut options = sm_client_options::default();
    // SAFETY: options is a valid, writable struct.
    assert_eq!(unsafe { sm_client_options_init(&mut options, size_of_val(&options)) }, sm_status::SM_OK);
    assert_eq!(options.tls_roots, SM_TLS_ROOTS_DEFAULT);
    options.endpoint_preset = SM_ENDPOINT_URL;
    options.endpoint_url = url.as_ptr();
    options.access_key = c"AK".as_ptr();
    options.secret_key = c"SK".as_ptr();
    options.max_retries = 0;
    options.no_proxy = true;
    options.tls_roots = trust.roots;
    options.ca_file = trust.ca_file;
    options.ca_pem = trust.ca_pem;
    let mut client = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_client_new(&options, &mut client, err) })?;
    Ok(Client(client))
}

/// List Secrets through `client`.
fn list(client: &Client) -> Result<(), ErrorInfo> {
    let mut page = ptr::null_mut();
    // SAFETY: the client is alive, the slot writable.
    let result = call(|e| unsafe { sm_list_secrets(client.get(), ptr::null(), &mut page, e) });
    // SAFETY: page is NULL or the list just handed out, freed once.
    unsafe { sm_secret_list_free(page) };
    result
}

/// Asserts that `info` is the refusal of an untrusted certificate.
fn assert_untrusted(info: &ErrorInfo) {
    assert_eq!(info.status, sm_status::SM_TRANSPORT_ERROR, "{info:?}");
    assert!(info.message.contains("UnknownIssuer"), "{info:?}");
}

#[test]
fn the_test_ca_is_refused_unless_it_is_the_one_trusted() {
    let (ca, wrong) = (TestCa::new("the server's CA"), TestCa::new("another CA"));
    let (url, server) = serve(&ca, 4);
    let (pem, wrong_file) = (c(&ca.pem), c(wrong.write_pem("ffi-wrong.pem").to_str().unwrap()));
    let right_file = c(ca.write_pem("ffi-right.pem").to_str().unwrap());

    assert_untrusted(&list(&ncp_client(&url, Trust::of(SM_TLS_ROOTS_BUNDLED)).unwrap()).unwrap_err());
    let by_pem = Trust { ca_pem: pem.as_ptr(), ..Trust::of(SM_TLS_ROOTS_CA_PEM) };
    list(&ncp_client(&url, by_pem).unwrap()).unwrap();
    let by_wrong_file = Trust { ca_file: wrong_file.as_ptr(), ..Trust::of(SM_TLS_ROOTS_CA_FILE) };
    assert_untrusted(&list(&ncp_client(&url, by_wrong_file).unwrap()).unwrap_err());

    // The Huawei client reads the same fields.
    let mut options = sm_huawei_client_options::default();
    let size = size_of_val(&options);
    // SAFETY: options is a valid, writable struct.
    assert_eq!(unsafe { sm_huawei_client_options_init(&mut options, size) }, sm_status::SM_OK);
    let hw_url = c(&url);
    options.endpoint_url = hw_url.as_ptr();
    options.project_id = c"0123456789abcdef0123456789abcdef".as_ptr();
    options.access_key = c"AK".as_ptr();
    options.secret_key = c"SK".as_ptr();
    options.max_retries = 0;
    options.no_proxy = true;
    options.tls_roots = SM_TLS_ROOTS_CA_FILE;
    options.ca_file = right_file.as_ptr();
    let mut client = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_client_new(&options, &mut client, err) }).unwrap();
    let mut answer = ptr::null_mut();
    // SAFETY: the client is alive, the strings are literals, the slot writable.
    let listed =
        call(|e| unsafe { sm_huawei_call(client, c"ListSecrets".as_ptr(), c"{}".as_ptr(), &mut answer, e) });
    // SAFETY: the client is owned here and freed once.
    unsafe { sm_huawei_client_free(client) };
    listed.unwrap();
    assert!(take_string(answer).contains("\"secrets\""));

    let seen = server.join().unwrap();
    assert_eq!(seen.iter().filter(|s| s.is_ok()).count(), 2, "two requests got through: {seen:?}");
}

#[test]
fn an_unusable_bundle_is_a_config_error_naming_the_problem() {
    let empty = c(write_file("ffi-empty.pem", b"").to_str().unwrap());
    let garbage = c("-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n");
    let missing = c("no-such-dir/ca.pem");
    for (trust, words) in [
        (Trust { ca_file: empty.as_ptr(), ..Trust::of(SM_TLS_ROOTS_CA_FILE) }, "holds no PEM certificate"),
        (
            Trust { ca_file: missing.as_ptr(), ..Trust::of(SM_TLS_ROOTS_CA_FILE) },
            "cannot read the CA bundle file",
        ),
        (
            Trust { ca_pem: garbage.as_ptr(), ..Trust::of(SM_TLS_ROOTS_CA_PEM) },
            "not a usable X.509 certificate",
        ),
    ] {
        let info = ncp_client("https://127.0.0.1:9", trust).err().expect("refused");
        assert_eq!(info.status, sm_status::SM_CONFIG_ERROR, "{info:?}");
        assert!(info.message.contains(words), "{words:?} not in {info:?}");
    }
    for (trust, words) in [
        (Trust::of(SM_TLS_ROOTS_CA_PEM), "`options->ca_pem` is NULL"),
        (Trust { ca_pem: garbage.as_ptr(), ..Trust::of(SM_TLS_ROOTS_BUNDLED) }, "`options->ca_pem` is given"),
        (Trust::of(9), "`options->tls_roots` is 9"),
    ] {
        let info = ncp_client("https://127.0.0.1:9", trust).err().expect("refused");
        assert_eq!(info.status, sm_status::SM_INVALID_ARGUMENT, "{info:?}");
        assert!(info.message.contains(words), "{words:?} not in {info:?}");
    }
}

#[test]
fn the_system_store_is_a_client_or_a_config_error() {
    match ncp_client("https://127.0.0.1:9", Trust::of(SM_TLS_ROOTS_SYSTEM)) {
        Ok(_) => {}
        Err(info) => {
            assert_eq!(info.status, sm_status::SM_CONFIG_ERROR, "{info:?}");
            assert!(info.message.contains("system trust store"), "{info:?}");
        }
    }
}

#[test]
fn a_caller_of_the_older_layout_is_not_read_past_max_response_bytes() {
    // A struct_size ending before tls_roots: the trust fields behind it, here unusable, are
    // not read; the client trusts the default roots.
    let mut options = sm_client_options {
        endpoint_preset: SM_ENDPOINT_URL,
        endpoint_url: c"https://127.0.0.1:9".as_ptr(),
        access_key: c"AK".as_ptr(),
        secret_key: c"SK".as_ptr(),
        tls_roots: 9,
        ca_pem: c"not PEM".as_ptr(),
        ..Default::default()
    };
    options.struct_size = offset_of!(sm_client_options, tls_roots);
    let mut client = ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the struct is whole.
    call(|err| unsafe { sm_client_new(&options, &mut client, err) }).expect("the older layout is served");
    // SAFETY: the client is owned here and freed once.
    unsafe { sm_client_free(client) };
    options.struct_size = size_of::<sm_client_options>();
    // SAFETY: as above.
    let info = call(|err| unsafe { sm_client_new(&options, &mut client, err) }).unwrap_err();
    assert!(info.message.contains("options->tls_roots"), "{info:?}");
}
