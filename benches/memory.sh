#!/usr/bin/env bash
# Peak memory of one call whose answer is as large as the client accepts (8 MiB), through Rust,
# C and Python, measured with /usr/bin/time -v against benches/memory_server.py on 127.0.0.1.
#
#   bash benches/memory.sh
#
# For each answer shape it prints the peak resident set size of the process, the same process's
# peak with a tiny answer (the baseline: code, libraries, the interpreter), and the difference
# divided by the answer's size. The goal is at most 4x. Release builds; needs /usr/bin/time
# (Debian package `time`), cc and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }

cargo build --release --locked -p secretmanager-ffi -p secretmanager-benches --example peak_memory
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
RELEASE="$TARGET_DIR/release"
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
cc -O2 -I"$ROOT/include" -o "$WORK/peak_memory_c" benches/peak_memory.c "$RELEASE/libsecretmanager.a" -lpthread -ldl -lm

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 benches/memory_server.py "$PORT" >"$WORK/server.out" &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q '^ready' "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' "$WORK/server.out" || { echo "the server did not start" >&2; exit 1; }
SIZES=$(sed -n 's/^ready //p' "$WORK/server.out")
URL="http://127.0.0.1:$PORT"
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

peak_kb() {  # peak_kb COMMAND...: the command's peak RSS in KiB; its output goes to $WORK/last
    /usr/bin/time -v "$@" >"$WORK/last" 2>"$WORK/time" || { cat "$WORK/last" "$WORK/time" >&2; exit 1; }
    sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$WORK/time"
}

printf '%-8s %-12s %12s %12s %10s  %s\n' client answer "peak KiB" "base KiB" "x answer" outcome
for client in rust c python; do
    case $client in
        rust) run=("$RELEASE/examples/peak_memory" "$URL") ;;
        c) run=("$WORK/peak_memory_c" "$URL") ;;
        python) run=(env SECRETMANAGER_LIBRARY="$RELEASE/libsecretmanager.so" PYTHONPATH="$ROOT/python" python3 benches/peak_memory.py "$URL") ;;
    esac
    base=$(peak_kb "${run[@]}" tiny)
    for shape in chain list empty-items; do
        peak=$(peak_kb "${run[@]}" "$shape")
        bytes=$(python3 -c "import json; print(json.loads('$SIZES')['$shape'])")
        ratio=$(python3 -c "print(f'{($peak - $base) * 1024 / $bytes:.2f}')")
        printf '%-8s %-12s %12s %12s %10s  %s\n' "$client" "$shape" "$peak" "$base" "$ratio" "$(head -c 60 "$WORK/last")"
    done
done
