//! Criterion benchmarks of the secretmanager SDK live in `benches/`; run them with
//! `cargo bench -p secretmanager-benches`. This library is empty.
