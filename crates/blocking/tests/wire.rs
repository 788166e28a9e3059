//! What goes on the wire, checked with a small local server: `Retry-After` is honoured (capped)
//! and the user agent can be overridden.

use std::time::{Duration, Instant};

use secretmanager_blocking::RetryPolicy;
use secretmanager_blocking::ncp::{self, Client, Credentials};

const LIST: &str =
    r#"{"code":"SUCCESS","data":{"totalPageNo":1,"currentPageNo":1,"totalCount":0,"secretList":[]}}"#;

/// What the server saw of one request: its user agent and the client's address.
type Seen = (String, Option<std::net::SocketAddr>);

/// Answers the given (status, extra header) pairs in turn; returns what it saw.
fn serve(
    answers: Vec<(u16, Option<(&'static str, &'static str)>)>,
) -> (String, std::thread::JoinHandle<Vec<Seen>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a local server");
    let url = format!("http://{}", server.server_addr().to_ip().expect("an IP address"));
    let handle = std::thread::spawn(move || {
        let mut agents = Vec::new();
        for (status, header) in answers {
            let request = server.recv_timeout(Duration::from_secs(10)).expect("receive").expect("a request");
            let agent = request.headers().iter().find(|h| h.field.equiv("User-Agent"));
            agents.push((
                agent.map(|h| h.value.to_string()).unwrap_or_default(),
                request.remote_addr().copied(),
            ));
            let body = if status == 200 { LIST } else { r#"{"error":{"errorCode":"x","message":"busy"}}"# };
            let mut response = tiny_http::Response::from_string(body).with_status_code(status);
            if let Some((name, value)) = header {
                response.add_header(tiny_http::Header::from_bytes(name, value).expect("a header"));
            }
            request.respond(response).expect("respond");
        }
        agents
    });
    (url, handle)
}

#[test]
fn retry_after_is_waited_for_up_to_its_cap() {
    let (url, server) = serve(vec![(503, Some(("Retry-After", "30"))), (200, None)]);
    let client = Client::builder()
        .base_url(&url)
        .credentials(Credentials::new("AK", "SK"))
        .no_proxy()
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_retry_after(Duration::from_millis(300)),
        )
        .user_agent("rotation-fn/2.1")
        .build()
        .unwrap();
    let started = Instant::now();
    let list = client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    // Waited the capped Retry-After (300 ms), not the 1 ms backoff nor the 30 s asked for.
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(list.total_count, 0);
    let agents: Vec<_> = server.join().unwrap().into_iter().map(|(agent, _)| agent).collect();
    assert_eq!(agents, ["rotation-fn/2.1", "rotation-fn/2.1"]);
}

#[test]
fn clones_share_one_kept_alive_connection() {
    let (url, server) = serve(vec![(200, None), (200, None), (200, None)]);
    let client = Client::builder()
        .base_url(&url)
        .credentials(Credentials::new("AK", "SK"))
        .no_proxy()
        .build()
        .unwrap();
    client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    let clone = client.clone();
    std::thread::spawn(move || clone.get_secret_list(&ncp::GetSecretList::new()).map(|_| ()))
        .join()
        .unwrap()
        .unwrap();
    let seen = server.join().unwrap();
    let peers: Vec<_> = seen.iter().map(|(_, peer)| peer.unwrap()).collect();
    assert!(peers.iter().all(|p| *p == peers[0]), "one connection expected, saw {peers:?}");
    assert_eq!(seen[0].0, secretmanager_blocking::DEFAULT_USER_AGENT);
}
