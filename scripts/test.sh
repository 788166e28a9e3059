#!/usr/bin/env bash
# The project's test command: formatting, lints, every Rust test of the workspace (unit,
# integration against the emulator, doc tests, the header check), then the C/C++ examples
# (under valgrind) and the Python package, both against the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo doc (warnings are errors: broken links, undocumented items)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

echo "== cargo test"
cargo test --workspace --locked

echo "== C and C++ examples"
bash scripts/test-c.sh

echo "== Python package"
bash scripts/test-python.sh

echo "== all tests passed"
