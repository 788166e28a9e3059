#!/usr/bin/env bash
# The project's test command: formatting, lints, rustdoc, every Rust test of the workspace
# (unit, integration against the emulator, doc tests, the header check), the README's main
# command, then the C/C++ examples (under valgrind), the installed C library (pkg-config and
# CMake builds) and the Python package, all against the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo doc (warnings are errors: broken links, undocumented items)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

echo "== rust-version against the locked dependencies"
bash scripts/check-rust-version.sh

echo "== cargo test"
cargo test --workspace --locked

echo "== cargo publish --dry-run (the library crates package and build as crates.io would)"
# cargo unpacks each packaged workspace crate once into a local-overlay folder of its registry
# cache, keyed by name and version, and reuses it on the next dry run: after a change that
# keeps the version, a later crate would be verified against the stale copy of an earlier
# one. Only those unpacked copies of this project's own crates are removed.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/secretmanager-*
cargo publish --dry-run --locked -p secretmanager-core -p secretmanager-engine -p secretmanager-emulator -p secretmanager-blocking -p secretmanager-tokio -p secretmanager-cache

echo "== secretmanager-cache over the async clients (feature tokio)"
cargo test -p secretmanager-cache --features tokio --locked --test async_source

echo "== secretmanager-blocking without its default features (no system trust store)"
cargo test -p secretmanager-blocking --no-default-features --lib --locked tls::

echo "== the async example: a rotation and 32 concurrent reads against the embedded emulator"
async_example=$(cargo run -q --locked -p secretmanager-tokio --example concurrent_rotation)
grep -qF "concurrent_rotation: OK" <<<"$async_example" || { echo "$async_example" >&2; echo "concurrent_rotation failed" >&2; exit 1; }

echo "== README main command: the quickstart against the embedded emulator"
quickstart=$(cargo run -q --locked -p secretmanager-blocking --example quickstart)
echo "$quickstart"
for step in "1. created secret" "5. started the job" "8. completed the job" "pending:  (none)" "10. requested deletion"; do
  grep -qF "$step" <<<"$quickstart" || { echo "quickstart: missing step '$step'" >&2; exit 1; }
done
if grep -q "quickstart-initial-1" <<<"$quickstart"; then
  echo "quickstart: a secret value was printed" >&2
  exit 1
fi

echo "== C and C++ examples"
bash scripts/test-c.sh

echo "== C install: scripts/install.sh, then the examples through pkg-config and CMake"
bash scripts/test-install.sh

echo "== Python package"
bash scripts/test-python.sh

echo "== all tests passed"
