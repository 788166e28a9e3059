#!/usr/bin/env bash
# Tests the C library end to end: builds libsecretmanager and the emulator, builds the C and
# C++ examples (static and shared), runs each against the emulator and checks its output, then
# runs each under valgrind and requires zero errors and zero definite or indirect leaks.
#
# Needs only Rust, gcc/g++, make, python3 and valgrind. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

echo "== cargo build (ffi, emulator)"
cargo build -p secretmanager-ffi -p secretmanager-emulator --locked
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
LIBDIR="$TARGET_DIR/debug"

WORK=$(mktemp -d)
EMULATOR_PID=""
cleanup() {
    if [[ -n "$EMULATOR_PID" ]]; then
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

echo "== start the emulator"
"$LIBDIR/secretmanager-emulator" --port 0 >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMULATOR_PID=$!
URL=""
for _ in $(seq 1 100); do  # at most 10 s
    if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
        cat "$WORK/emulator.err" >&2
        fail "the emulator exited"
    fi
    first=$(head -n 1 "$WORK/emulator.out" 2>/dev/null || true)
    if [[ "$first" =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
        URL="${BASH_REMATCH[1]}"
        break
    fi
    sleep 0.1
done
[[ -n "$URL" ]] || fail "the emulator did not announce its URL within 10 s"
fact() {  # the value of `key=value` from the emulator's announcement, waiting up to 5 s
    local value=""
    for _ in $(seq 1 50); do
        value=$(sed -n "s/^$1=//p" "$WORK/emulator.out" | head -n 1)
        [[ -n "$value" ]] && break
        sleep 0.1
    done
    [[ -n "$value" ]] || fail "the emulator did not print $1"
    printf '%s' "$value"
}
export SM_ENDPOINT="$URL"
NCLOUD_ACCESS_KEY=$(fact ncp_access_key)
NCLOUD_SECRET_KEY=$(fact ncp_secret_key)
SM_TRIGGER_ID=$(fact ncp_trigger_id)
HUAWEI_ACCESS_KEY=$(fact huawei_access_key)
HUAWEI_SECRET_KEY=$(fact huawei_secret_key)
HUAWEI_PROJECT_ID=$(fact huawei_project_id)
export NCLOUD_ACCESS_KEY NCLOUD_SECRET_KEY SM_TRIGGER_ID HUAWEI_ACCESS_KEY HUAWEI_SECRET_KEY HUAWEI_PROJECT_ID
echo "emulator at $URL"

echo "== build the examples"
make -C examples-c --no-print-directory clean
make -C examples-c --no-print-directory all header-check LIBDIR="$LIBDIR"
BIN="$ROOT/examples-c/build"

# expect FILE PATTERN...: every extended regular expression must match a line of FILE.
expect() {
    local file=$1
    shift
    for pattern in "$@"; do
        grep -Eq -- "$pattern" "$file" || { cat "$file" >&2; fail "$(basename "$file"): no line matches '$pattern'"; }
    done
}

# handler_env FILE: exports SECRET_ID and JOB_TOKEN printed by create_rotate --handler-env.
handler_env() {
    SECRET_ID=$(sed -n 's/^SECRET_ID=//p' "$1")
    JOB_TOKEN=$(sed -n 's/^JOB_TOKEN=//p' "$1")
    [[ -n "$SECRET_ID" && -n "$JOB_TOKEN" ]] || fail "create_rotate printed no SECRET_ID/JOB_TOKEN"
    export SECRET_ID JOB_TOKEN
}

# check_outputs RUN_PREFIX LINK TAG: runs every program, checks what each printed.
check_outputs() {
    local prefix=$1 link=$2 tag=$3
    local out="$WORK/$tag"
    echo "-- bad_input_test ($tag)"
    $prefix "$BIN/$link/bad_input_test" >"$out.bad" 2>&1 || { cat "$out.bad" >&2; fail "bad_input_test ($tag)"; }
    expect "$out.bad" '^bad_input_test: [0-9]+ checks, 0 failures$'

    echo "-- create_rotate ($tag)"
    $prefix "$BIN/$link/create_rotate" --handler-env >"$out.create" 2>&1 || { cat "$out.create" >&2; fail "create_rotate ($tag)"; }
    expect "$out.create" '^step 1: created secret name=cr[0-9a-f]+ id=[^ ]+ status=ENABLE$' \
        '^step 2: auto rotation enabled=1 period=30 days$' '^step 3: rotation executed$' \
        '^step 4: job token found in the logs' '^step 5: rotation job started: .* targets=1 password$' \
        '^step 6: pending stage added' '^step 7: rotation job completed$' \
        '^step 8: chain previous=<redacted> active=<redacted> pending=\(none\)$' \
        '^chain shifted: yes$' '^create_rotate: OK$'
    if grep -q 'initial-Pa55word' "$out.create"; then fail "create_rotate printed a secret value"; fi

    echo "-- rotation_handler ($tag)"
    handler_env "$out.create"
    $prefix "$BIN/$link/rotation_handler" >"$out.handler" 2>&1 || { cat "$out.handler" >&2; fail "rotation_handler ($tag)"; }
    expect "$out.handler" "^handler: job started for secret $SECRET_ID; rotation targets: password$" \
        '^handler: pending value ready' '^handler: rotation job completed$'
    # The job is over: running the handler again must fail cleanly and say why.
    local rc=0
    $prefix "$BIN/$link/rotation_handler" >"$out.handler2" 2>&1 || rc=$?
    [[ $rc -eq 1 ]] || { cat "$out.handler2" >&2; fail "rotation_handler on a finished job exited with $rc, not 1 ($tag)"; }
    expect "$out.handler2" '^start rotation job failed: .*HTTP 4[0-9][0-9]'

    echo "-- manage_huawei ($tag)"
    $prefix "$BIN/$link/manage_huawei" >"$out.manage" 2>&1 || { cat "$out.manage" >&2; fail "manage_huawei ($tag)"; }
    expect "$out.manage" '^ncp: created mg[0-9a-f]+$' '^ncp: active value of [0-9]+ bytes$' '^ncp: pending set: yes$' \
        '^ncp: memo=managed from C$' \
        '^ncp: disabling twice: operation not allowed in the current state HTTP 422 code INVALID_STATUS$' \
        '^ncp: rotation period 90 days$' '^ncp: period 0 rejected: yes$' '^ncp: 2 protection keys, [0-9]+ triggers$' \
        '^ncp: deleted$' '^huawei: created hw[0-9a-f]+ state=ENABLED$' \
        '^huawei: rotated (v[0-9]+) -> (v[0-9]+); SYSCURRENT=\2 SYSPREVIOUS=\1$' '^huawei: rotation task [^ ]+ status=SUCCESS attempts=[0-9]+$' '^huawei: old version kept: yes$' \
        '^manage_huawei: OK$'
    if grep -Eq 'Pa55word|second' "$out.manage"; then fail "manage_huawei printed a secret value"; fi

    echo "-- raii ($tag)"
    $prefix "$BIN/$link/raii" >"$out.raii" 2>&1 || { cat "$out.raii" >&2; fail "raii ($tag)"; }
    expect "$out.raii" '^raii: created rx[0-9a-f]+ auto_rotation=1 period=60$' '^raii: detail status=ENABLE$' \
        '^raii: listed [0-9]+ of [0-9]+ secrets$' '^raii: random password of 20 characters' \
        '^raii: active value is the new pending value$' \
        '^raii: wrong state rejected: operation not allowed in the current state HTTP 422 code INVALID_STATUS$' \
        '^raii: wrong key rejected: authentication failed HTTP 401 code 200$' \
        '^raii: auto rotation now 0$' '^raii: OK$'
}

echo "== run the examples (static build)"
check_outputs "" static plain

echo "== run the examples under valgrind (shared build)"
VALGRIND="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
check_outputs "$VALGRIND" shared valgrind
for f in "$WORK"/valgrind.*; do
    if grep -Eq '^==[0-9]+== .*(definitely lost|indirectly lost|Invalid (read|write|free)|uninitialised|Mismatched|Syscall param)' "$f"; then
        cat "$f" >&2
        fail "valgrind reported errors or leaks in $(basename "$f")"
    fi
done

echo "== make check"
make -C examples-c --no-print-directory check LIBDIR="$LIBDIR"

echo "C library tests passed"
