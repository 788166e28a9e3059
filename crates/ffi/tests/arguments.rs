//! Arguments refused when a client is created or a call is made: malformed base URLs, an
//! `endpoint_url` given with a preset, bad user agents, over-long and dot path segments. Each
//! is `SM_INVALID_ARGUMENT` naming the argument, and nothing is sent. Also: an unreadable
//! answer keeps its HTTP status.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::ptr;
use std::time::Duration;

use common::*;
use secretmanager::*;

/// Checks that `f` failed with SM_INVALID_ARGUMENT naming `argument`, without an answer.
fn rejects(argument: &str, f: impl FnOnce(*mut *mut sm_error) -> sm_status) {
    let err = call(f).expect_err(argument);
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{argument}: {}", err.message);
    assert_eq!(err.http_status, 0);
    assert!(err.message.contains(argument), "{argument} not named in {:?}", err.message);
}

/// Checks that `sm_client_new(options)` fails with SM_INVALID_ARGUMENT naming `argument` and
/// hands back no client.
fn ncp_client_rejects(argument: &str, options: &sm_client_options) {
    let mut client = ptr::dangling_mut();
    // SAFETY: the options' pointers are valid C strings (the caller's); the slot is writable.
    rejects(argument, |e| unsafe { sm_client_new(options, &mut client, e) });
    assert!(client.is_null(), "{argument}");
}

/// The same for `sm_huawei_client_new`.
fn huawei_client_rejects(argument: &str, options: &sm_huawei_client_options) {
    let mut client = ptr::dangling_mut();
    // SAFETY: as above.
    rejects(argument, |e| unsafe { sm_huawei_client_new(options, &mut client, e) });
    assert!(client.is_null(), "{argument}");
}

const BAD_URLS: [&str; 12] = [
    "http://127.0.0.1:99999",
    "http://127.0.0.1:65536",
    "http://127.0.0.1:0",
    "http://127.0.0.1:http",
    "http://[::1",
    "http://[::1]x",
    "http://",
    "http://:8080",
    "http://user@127.0.0.1:8080",
    "http://127.0.0.1 :8080",
    "http://127.0.0.1\t:8080",
    "http://127.0.0.1:8080\u{7f}/",
];

#[test]
fn malformed_base_urls_are_invalid_arguments_for_both_clients() {
    let (ak, sk) = (c("AK"), c("SK"));
    let project = c("0123456789abcdef0123456789abcdef");
    for url in BAD_URLS {
        let url = c(url);
        let options = sm_client_options {
            endpoint_preset: SM_ENDPOINT_URL,
            endpoint_url: url.as_ptr(),
            access_key: ak.as_ptr(),
            secret_key: sk.as_ptr(),
            ..Default::default()
        };
        ncp_client_rejects("endpoint_url", &options);

        let options = sm_huawei_client_options {
            endpoint_url: url.as_ptr(),
            project_id: project.as_ptr(),
            access_key: ak.as_ptr(),
            secret_key: sk.as_ptr(),
            ..Default::default()
        };
        huawei_client_rejects("endpoint_url", &options);
    }
}

#[test]
fn an_endpoint_url_with_a_preset_is_refused_not_ignored() {
    let (url, ak, sk) = (c("http://127.0.0.1:8080"), c("AK"), c("SK"));
    for preset in [SM_ENDPOINT_KR_GLOBAL, SM_ENDPOINT_KR_ISOLATED, SM_ENDPOINT_JP] {
        let options = sm_client_options {
            endpoint_preset: preset,
            endpoint_url: url.as_ptr(),
            access_key: ak.as_ptr(),
            secret_key: sk.as_ptr(),
            ..Default::default()
        };
        ncp_client_rejects("endpoint_url", &options);
    }
    // The same preset without a URL is fine.
    let options = sm_client_options {
        endpoint_preset: SM_ENDPOINT_JP,
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        ..Default::default()
    };
    let mut client = ptr::null_mut();
    // SAFETY: as above; the client is freed once.
    unsafe {
        assert!(call(|e| sm_client_new(&options, &mut client, e)).is_ok());
        sm_client_free(client);
    }
}

#[test]
fn bad_user_agents_are_invalid_arguments() {
    let (url, ak, sk) = (c("http://127.0.0.1:8080"), c("AK"), c("SK"));
    for agent in
        ["x".repeat(1024 * 1024), "x".repeat(1025), String::new(), "app\u{7f}".into(), "caf\u{e9}".into()]
    {
        let agent = c(&agent);
        let options = sm_client_options {
            endpoint_preset: SM_ENDPOINT_URL,
            endpoint_url: url.as_ptr(),
            access_key: ak.as_ptr(),
            secret_key: sk.as_ptr(),
            user_agent: agent.as_ptr(),
            ..Default::default()
        };
        ncp_client_rejects("user_agent", &options);
    }
}

#[test]
fn over_long_and_dot_path_segments_are_invalid_arguments_and_nothing_is_sent() {
    let (emulator, client) = emulator();
    let long = c(&"a".repeat(64 * 1024));
    let mut secret = ptr::dangling_mut();
    let mut chain = ptr::dangling_mut();
    // SAFETY: every pointer is a valid C string or a writable slot.
    unsafe {
        for id in [long.as_ptr(), c".".as_ptr(), c"..".as_ptr()] {
            rejects("secretId", |e| sm_get_secret_detail(client.get(), id, &mut secret, e));
            assert!(secret.is_null());
        }
        for token in [long.as_ptr(), c"..".as_ptr()] {
            rejects("jobToken", |e| {
                sm_start_rotation_job(client.get(), c"sid".as_ptr(), token, &mut chain, e)
            });
            assert!(chain.is_null());
        }
    }
    assert!(emulator.requests().is_empty(), "a request was sent for bad input");
}

#[test]
fn an_unreadable_answer_keeps_its_http_status() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let body = "<html>not json</html>";
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(answer.as_bytes()).unwrap();
    });
    let client = Client::new(&url, "AK", "SK");
    let mut secret = ptr::dangling_mut();
    // SAFETY: every pointer is valid for the call.
    let err =
        call(|e| unsafe { sm_get_secret_detail(client.get(), c"sid".as_ptr(), &mut secret, e) }).unwrap_err();
    assert_eq!((err.status, err.http_status), (sm_status::SM_DECODE_ERROR, 200), "{}", err.message);
    assert!(!err.message.contains("not json"), "{}", err.message);
    assert!(secret.is_null());
    server.join().unwrap();
}
