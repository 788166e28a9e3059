#!/usr/bin/env bash
# What a cache hit costs from Python: benches/cache.py against the emulator, on the release
# library.
#
#   bash benches/cache.sh [READS [ROUNDS]]     (defaults 200000, 7)
#
# Builds the library and the emulator in release mode, starts the emulator on 127.0.0.1 and
# runs benches/cache.py, which prints the best and median round's cost of one hit for each form
# of read (benches/README.md has the figures and the goal: at most 3 us). The Rust and C
# figures come from `cargo bench -p secretmanager-benches --bench cache`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
READS=${1:-200000}
ROUNDS=${2:-7}
for n in "$READS" "$ROUNDS"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bash benches/cache.sh [READS [ROUNDS]]" >&2; exit 2; }
done
fail() { echo "cache.sh: $*" >&2; exit 1; }
# The emulator is on 127.0.0.1: never send its traffic through a proxy the machine may have set.
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

cargo build --release --locked -p secretmanager-ffi -p secretmanager-emulator
RELEASE="$ROOT/target/release"
WORK=$(mktemp -d)
trap 'kill "${EMULATOR_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
# shellcheck source=scripts/emulator.sh
source "$ROOT/scripts/emulator.sh"
start_emulator "$WORK" "$RELEASE/secretmanager-emulator"
NCLOUD_ACCESS_KEY=$(fact ncp_access_key)
NCLOUD_SECRET_KEY=$(fact ncp_secret_key)
export NCLOUD_ACCESS_KEY NCLOUD_SECRET_KEY

# One CPU for the reader, as the C and Rust figures have (criterion runs on one thread): a
# reader moved between CPUs mid-round pays for it in that round's figure.
PIN=()
if command -v taskset >/dev/null; then
    PIN=(taskset -c "$(python3 -c 'import os; print(max(os.sched_getaffinity(0)))')")
fi
echo "$(date -u +%Y-%m-%d), $(python3 --version), ${PIN[*]:-not pinned}, load average $(cut -d' ' -f1-3 /proc/loadavg)"
SECRETMANAGER_LIBRARY="$RELEASE/libsecretmanager.so" PYTHONPATH="$ROOT/python" \
    timeout 600 ${PIN[@]+"${PIN[@]}"} python3 "$ROOT/benches/cache.py" "$URL" "$READS" "$ROUNDS"
