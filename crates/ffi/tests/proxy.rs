//! `proxy` and `no_proxy` of both options structs: an unusable URL is a configuration error,
//! a named proxy is really used (a dead one fails the call before the emulator sees it), and
//! `no_proxy` goes straight to the emulator whatever proxy the options name.

mod common;

use std::net::TcpListener;
use std::ptr;

use common::*;
use secretmanager::*;
use secretmanager_emulator::{
    Emulator, HUAWEI_ACCESS_KEY, HUAWEI_PROJECT_ID, HUAWEI_SECRET_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY,
};

/// `http://127.0.0.1:PORT` where nothing listens: the port was bound, then released.
fn dead_proxy() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// An NCP client for the emulator with this proxy setting, or the error of `sm_client_new`.
fn ncp_client(emulator: &Emulator, proxy: Option<&str>, no_proxy: bool) -> Result<common::Client, ErrorInfo> {
    let (url, ak, sk) = (c(emulator.base_url()), c(NCP_ACCESS_KEY), c(NCP_SECRET_KEY));
    let proxy = proxy.map(c);
    let mut options = sm_client_options::default();
    let size = size_of_val(&options);
    // SAFETY: options is a valid, writable struct.
    assert_eq!(unsafe { sm_client_options_init(&mut options, size) }, sm_status::SM_OK);
    options.endpoint_preset = SM_ENDPOINT_URL;
    options.endpoint_url = url.as_ptr();
    options.access_key = ak.as_ptr();
    options.secret_key = sk.as_ptr();
    options.max_retries = 0;
    options.proxy = proxy.as_ref().map_or(ptr::null(), |p| p.as_ptr());
    options.no_proxy = no_proxy;
    let mut client = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_client_new(&options, &mut client, err) })?;
    assert!(!client.is_null());
    Ok(common::Client(client))
}

/// An owned Huawei client, freed on drop.
struct Huawei(*mut sm_huawei_client);

impl Drop for Huawei {
    fn drop(&mut self) {
        // SAFETY: the client is owned by this value and freed once.
        unsafe { sm_huawei_client_free(self.0) };
    }
}

/// A Huawei client for the emulator with this proxy setting, or the error of
/// `sm_huawei_client_new`.
fn huawei_client(emulator: &Emulator, proxy: Option<&str>, no_proxy: bool) -> Result<Huawei, ErrorInfo> {
    let (url, project, ak, sk) =
        (c(emulator.base_url()), c(HUAWEI_PROJECT_ID), c(HUAWEI_ACCESS_KEY), c(HUAWEI_SECRET_KEY));
    let proxy = proxy.map(c);
    let mut options = sm_huawei_client_options::default();
    let size = size_of_val(&options);
    // SAFETY: options is a valid, writable struct.
    assert_eq!(unsafe { sm_huawei_client_options_init(&mut options, size) }, sm_status::SM_OK);
    options.endpoint_url = url.as_ptr();
    options.project_id = project.as_ptr();
    options.access_key = ak.as_ptr();
    options.secret_key = sk.as_ptr();
    options.max_retries = 0;
    options.proxy = proxy.as_ref().map_or(ptr::null(), |p| p.as_ptr());
    options.no_proxy = no_proxy;
    let mut client = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_client_new(&options, &mut client, err) })?;
    assert!(!client.is_null());
    Ok(Huawei(client))
}

/// Get Secret Detail of `id`, returning the id the answer names.
fn secret_detail(client: &common::Client, id: &str) -> Result<String, ErrorInfo> {
    let id = c(id);
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_detail(client.get(), id.as_ptr(), &mut secret, err) })?;
    // SAFETY: secret is a live object, freed once.
    unsafe {
        let got = text(sm_secret_id(secret)).expect("an id");
        sm_secret_free(secret);
        Ok(got)
    }
}

/// ListSecretTask without filters, returning how many tasks it listed.
fn huawei_tasks(client: &Huawei) -> Result<usize, ErrorInfo> {
    let mut list = ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the filters are NULL.
    call(|err| unsafe {
        sm_huawei_list_secret_tasks(
            client.0,
            ptr::null(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            &mut list,
            err,
        )
    })?;
    // SAFETY: list is a live object, freed once.
    unsafe {
        let count = sm_huawei_task_list_count(list);
        sm_huawei_task_list_free(list);
        Ok(count)
    }
}

#[test]
fn options_init_leaves_the_proxy_to_the_environment() {
    let mut ncp = sm_client_options { proxy: c"http://x:1".as_ptr(), no_proxy: true, ..Default::default() };
    let mut hw =
        sm_huawei_client_options { proxy: c"http://x:1".as_ptr(), no_proxy: true, ..Default::default() };
    // SAFETY: both structs are valid and writable.
    unsafe {
        assert_eq!(sm_client_options_init(&mut ncp, size_of_val(&ncp)), sm_status::SM_OK);
        assert_eq!(sm_huawei_client_options_init(&mut hw, size_of_val(&hw)), sm_status::SM_OK);
    }
    assert!(ncp.proxy.is_null() && !ncp.no_proxy);
    assert!(hw.proxy.is_null() && !hw.no_proxy);
}

#[test]
fn an_unusable_proxy_url_is_a_config_error_naming_the_field() {
    let emulator = Emulator::start().expect("the emulator starts");
    for bad in ["", "ftp://proxy:21", "http://user:hunter2@[::1", "http://"] {
        for no_proxy in [false, true] {
            let ncp = ncp_client(&emulator, Some(bad), no_proxy).err().expect("refused");
            let hw = huawei_client(&emulator, Some(bad), no_proxy).err().expect("refused");
            for info in [ncp, hw] {
                assert_eq!(info.status, sm_status::SM_CONFIG_ERROR, "{bad:?}: {info:?}");
                assert!(info.message.contains("options->proxy"), "{}", info.message);
                assert!(!info.message.contains("hunter2"), "{}", info.message);
                assert_eq!(info.http_status, 0);
            }
        }
    }
    assert!(emulator.requests().is_empty(), "a failed client creation sent something");
}

#[test]
fn a_named_proxy_is_used_and_no_proxy_bypasses_it() {
    let (emulator, plain) = emulator();
    let id = create_secret(&plain, "proxied", r#"{"password":"pw"}"#, "password");
    let dead = dead_proxy();
    let before = emulator.requests().len();

    let through_dead_proxy = ncp_client(&emulator, Some(&dead), false).expect("a client");
    let info = secret_detail(&through_dead_proxy, &id).expect_err("the proxy is down");
    assert_eq!(info.status, sm_status::SM_TRANSPORT_ERROR, "{info:?}");
    assert_eq!(emulator.requests().len(), before, "the request bypassed the named proxy");

    let direct = ncp_client(&emulator, Some(&dead), true).expect("a client");
    assert_eq!(secret_detail(&direct, &id).expect("straight to the emulator"), id);
    assert_eq!(emulator.requests().len(), before + 1);
}

#[test]
fn a_named_proxy_is_used_and_no_proxy_bypasses_it_for_huawei() {
    let emulator = Emulator::start().expect("the emulator starts");
    let dead = dead_proxy();

    let through_dead_proxy = huawei_client(&emulator, Some(&dead), false).expect("a client");
    let info = huawei_tasks(&through_dead_proxy).expect_err("the proxy is down");
    assert_eq!(info.status, sm_status::SM_TRANSPORT_ERROR, "{info:?}");
    assert!(emulator.requests().is_empty(), "the request bypassed the named proxy");

    let direct = huawei_client(&emulator, Some(&dead), true).expect("a client");
    assert_eq!(huawei_tasks(&direct).expect("straight to the emulator"), 0);
    assert_eq!(emulator.requests().len(), 1);
}
