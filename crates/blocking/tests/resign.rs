//! Each attempt is signed afresh: a retried request carries a new timestamp and a signature
//! computed for that timestamp, seen by a small local server.

use std::time::Duration;

use secretmanager_blocking::RetryPolicy;
use secretmanager_blocking::ncp::{
    self, ACCESS_KEY_HEADER, Client, Credentials, SIGNATURE_HEADER, Signer, TIMESTAMP_HEADER,
};
use secretmanager_core::Method;

const ACCESS_KEY: &str = "resign-access-key";
const SECRET_KEY: &str = "resign-secret-key";

const LIST: &str =
    r#"{"code":"SUCCESS","data":{"totalPageNo":1,"currentPageNo":1,"totalCount":0,"secretList":[]}}"#;
const BUSY: &str = r#"{"error":{"errorCode":"INTERNAL_SERVER_ERROR","message":"busy"}}"#;

/// What the server saw of one attempt.
#[derive(Debug)]
struct Attempt {
    method: String,
    path_and_query: String,
    access_key: String,
    timestamp: String,
    signature: String,
}

fn header(request: &tiny_http::Request, name: &'static str) -> String {
    let found = request.headers().iter().find(|h| h.field.equiv(name));
    found.map(|h| h.value.to_string()).unwrap_or_default()
}

/// Answers 503 (asking to retry after 1 s) and then 200; hands back both attempts.
fn serve_503_then_200() -> (String, std::thread::JoinHandle<Vec<Attempt>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a local server");
    let url = format!("http://{}", server.server_addr().to_ip().expect("an IP address"));
    let handle = std::thread::spawn(move || {
        let mut attempts = Vec::new();
        for status in [503u16, 200] {
            let request = server.recv_timeout(Duration::from_secs(10)).expect("receive").expect("an attempt");
            attempts.push(Attempt {
                method: request.method().as_str().to_owned(),
                path_and_query: request.url().to_owned(),
                access_key: header(&request, ACCESS_KEY_HEADER),
                timestamp: header(&request, TIMESTAMP_HEADER),
                signature: header(&request, SIGNATURE_HEADER),
            });
            let body = if status == 200 { LIST } else { BUSY };
            let mut response = tiny_http::Response::from_string(body).with_status_code(status);
            if status == 503 {
                response.add_header(tiny_http::Header::from_bytes("Retry-After", "1").expect("a header"));
            }
            request.respond(response).expect("respond");
        }
        attempts
    });
    (url, handle)
}

#[test]
fn each_attempt_is_signed_afresh() {
    let (url, server) = serve_503_then_200();
    // The 503's `Retry-After: 1` capped to 25 ms: a fixed wait (no jitter down to zero), so
    // the second attempt is signed at least 25 ms after the first.
    let client = Client::builder()
        .base_url(&url)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .no_proxy()
        .retry(RetryPolicy::default().max_retries(1).max_retry_after(Duration::from_millis(25)))
        .build()
        .unwrap();
    let list = client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(list.total_count, 0);

    let attempts = server.join().unwrap();
    assert_eq!(attempts.len(), 2);
    let stamps: Vec<u64> =
        attempts.iter().map(|a| a.timestamp.parse().expect("a millisecond timestamp")).collect();
    assert!(stamps[1] >= stamps[0], "{stamps:?}");
    assert!(stamps[1] > stamps[0], "the retry reused the first timestamp: {stamps:?}");
    assert_ne!(attempts[0].signature, attempts[1].signature);

    let signer = Signer::new(&Credentials::new(ACCESS_KEY, SECRET_KEY));
    for (attempt, stamp) in attempts.iter().zip(stamps) {
        assert_eq!(attempt.method, "GET");
        assert_eq!(attempt.access_key, ACCESS_KEY);
        let expected = signer.sign(Method::Get, &attempt.path_and_query, stamp);
        assert_eq!(attempt.signature, expected.as_str(), "attempt signed for its own timestamp: {attempt:?}");
    }
}
