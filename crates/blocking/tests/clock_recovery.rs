//! A server whose `Date` is absurd cannot make a client's later requests unbuildable: a learned
//! clock offset that would date requests past year 9999 is discarded, and the client signs with
//! its own clock until a sane server clock is learned.

use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use secretmanager_blocking::{RetryPolicy, huawei};

const REFUSED: &str = r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#;
const SECRET: &str = r#"{"secret":{"id":"1","name":"db","state":"ENABLED"}}"#;

/// A server answering the first `refusals` requests 401 with `Date: <date>`, then the rest 200
/// with its own date; sends each request's `X-Sdk-Date`.
fn server(refusals: usize, date: &'static str) -> (String, Receiver<String>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", server.server_addr().to_ip().expect("an IP address"));
    let (dates, seen) = channel();
    std::thread::spawn(move || {
        for served in 0..20 {
            // Long enough for a slow machine's next call; the thread ends with the test process.
            let Ok(Some(request)) = server.recv_timeout(Duration::from_secs(10)) else { break };
            let sdk_date = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("X-Sdk-Date"))
                .map(|h| h.value.to_string())
                .unwrap_or_default();
            let _ = dates.send(sdk_date);
            let response = if served < refusals {
                tiny_http::Response::from_string(REFUSED)
                    .with_status_code(401)
                    .with_header(tiny_http::Header::from_bytes("Date", date).expect("a header"))
            } else {
                tiny_http::Response::from_string(SECRET).with_status_code(200)
            };
            let _ = request.respond(response);
        }
    });
    (url, seen)
}

fn client(url: &str) -> huawei::Client {
    huawei::Client::builder()
        .base_url(url)
        .token("iam-token")
        .project_id("0123456789abcdef0123456789abcdef")
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .expect("a client")
}

#[test]
fn a_server_in_year_9999_does_not_break_the_client() {
    for date in ["Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT"] {
        let (url, seen) = server(2, date);
        let client = client(&url);
        let first = client.show_secret(&huawei::ShowSecret::new("db")).unwrap_err();
        assert_eq!(first.code(), Some("APIGW.0301"), "{date}: {first}");
        // Every later call is still built, signed and sent, and succeeds once the server
        // answers normally.
        let shown = client.show_secret(&huawei::ShowSecret::new("db")).expect("sent and answered");
        assert_eq!(shown.secret.name, "db");
        // The refusal, its one resend at the learned time, and the next call.
        let dates: Vec<String> = seen.try_iter().collect();
        assert_eq!(dates.len(), 3, "{date}: {dates:?}");
        assert!(dates.iter().all(|d| d.len() == 16 && d.ends_with('Z')), "{date}: {dates:?}");
    }
}

#[test]
fn an_offset_past_year_9999_signs_with_the_local_clock() {
    // 8000 years ahead: no request could be dated so; the client signs with its own clock.
    let (url, seen) = server(0, "");
    let ahead = huawei::Client::builder()
        .base_url(&url)
        .token("iam-token")
        .project_id("0123456789abcdef0123456789abcdef")
        .no_proxy()
        .clock_offset_ms(8000 * 365 * 86_400 * 1000)
        .build()
        .expect("a client");
    ahead.show_secret(&huawei::ShowSecret::new("db")).expect("built, sent and answered");
    let dates: Vec<String> = seen.try_iter().collect();
    assert_eq!(dates.len(), 1);
    assert!(dates[0].starts_with("20"), "{dates:?}");
}
