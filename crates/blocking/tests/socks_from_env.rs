//! A SOCKS proxy named by `ALL_PROXY` is used, not bypassed. Its own test binary: it sets the
//! process environment, which no other test may see.

mod common;

use secretmanager_blocking::ncp;
use secretmanager_emulator::Emulator;

#[test]
fn a_socks5_proxy_from_all_proxy_carries_the_call() {
    // The environment is set before any other thread (the emulator's, the proxy's) starts.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let proxy_url = format!("socks5://{}", listener.local_addr().expect("its address"));
    drop(listener);
    for name in
        ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "all_proxy"]
    {
        // SAFETY: this binary runs this one test; no other thread reads the environment now.
        unsafe { std::env::remove_var(name) };
    }
    // SAFETY: as above.
    unsafe { std::env::set_var("ALL_PROXY", &proxy_url) };
    let emulator = Emulator::start().unwrap();
    let (started_url, seen) =
        common::socks::start_socks5_proxy_on(&proxy_url["socks5://".len()..], emulator.local_addr());
    assert_eq!(started_url, proxy_url);
    let client = ncp::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.ncp_credentials())
        .retry(common::fast_retry())
        .build()
        .unwrap();
    let list = client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(list.total_count, 0);
    let target = seen.recv_timeout(std::time::Duration::from_secs(10)).expect("the proxy was asked");
    assert_eq!(target, emulator.local_addr().to_string());
}
