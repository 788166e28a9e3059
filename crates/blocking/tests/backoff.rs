//! The retry backoff is a real, jittered wait: across many draws it is sometimes above zero
//! and reaches at least half of its cap, and it never exceeds the cap.

use std::time::Duration;

use secretmanager_blocking::RetryPolicy;

#[test]
fn backoff_draws_spread_over_zero_to_the_doubling_cap() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(350));
    for (retry, cap_ms) in [(0, 100), (1, 200), (2, 350), (40, 350)] {
        let cap = Duration::from_millis(cap_ms);
        let draws: Vec<Duration> = (0..1000).map(|_| policy.backoff(retry)).collect();
        assert!(draws.iter().all(|d| *d <= cap), "retry {retry}: a draw above {cap:?}");
        // Uniform on [0, cap]: 1000 draws all below cap/2 has probability 2^-1000.
        assert!(draws.iter().any(|d| *d >= cap / 2), "retry {retry}: never reached half of {cap:?}");
        assert!(draws.iter().any(|d| *d > Duration::ZERO), "retry {retry}: always zero");
        let first = draws[0];
        assert!(draws.iter().any(|d| *d != first), "retry {retry}: no jitter, always {first:?}");
    }
}
