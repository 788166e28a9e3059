#!/usr/bin/env bash
# Tests the C library end to end: builds libsecretmanager and the emulator, builds the C and
# C++ examples (static and shared) and the compatibility test (a program compiled against an
# older header, examples-c/compat/), runs each against the emulator and checks its output, then
# runs each under valgrind and requires zero errors and zero definite, indirect or possible
# leaks. The installed library (scripts/install.sh, pkg-config, CMake) is scripts/test-install.sh.
#
# Needs only Rust, gcc/g++, make, python3 and valgrind. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# The emulator is on 127.0.0.1: never send its traffic through a proxy the machine may have set.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

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

# Whether `file` shows any of the values, as text, in lower- or upper-case hex, or in standard
# base64 (padded or not).
shows_secret() {
    local file=$1
    shift
    python3 - "$file" "$@" <<'PY'
import base64, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
for value in sys.argv[2:]:
    raw = value.encode()
    b64 = base64.b64encode(raw).decode()
    if any(form in text for form in (value, raw.hex(), raw.hex().upper(), b64, b64.rstrip("="))):
        sys.exit(0)
sys.exit(1)
PY
}

echo "== start the emulator"
source "$ROOT/scripts/emulator.sh"
start_emulator "$WORK" "$LIBDIR/secretmanager-emulator"
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

# emulator_control METHOD PATH [JSON]: calls a control endpoint of the emulator, prints its answer.
emulator_control() {
    python3 - "$URL$2" "$1" "${3:-}" <<'PY'
import sys, urllib.request
url, method, body = sys.argv[1], sys.argv[2], sys.argv[3]
request = urllib.request.Request(url, data=body.encode() if body else None, method=method,
                                 headers={"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=10) as answer:
    print(answer.read().decode())
PY
}

# lost_answer_count: how many requests the emulator applied and then left unanswered.
lost_answer_count() {
    emulator_control GET /_emulator/requests |
        python3 -c 'import json, sys; print(sum(r["fault"] == "lose answer" for r in json.load(sys.stdin)["requests"]))'
}

# check_outputs RUN_PREFIX LINK TAG: runs every program, checks what each printed.
check_outputs() {
    local prefix=$1 link=$2 tag=$3
    local out="$WORK/$tag"
    echo "-- bad_input_test ($tag)"
    $prefix "$BIN/$link/bad_input_test" >"$out.bad" 2>&1 || { cat "$out.bad" >&2; fail "bad_input_test ($tag)"; }
    expect "$out.bad" '^bad_input_test: [0-9]+ checks, 0 failures$'

    echo "-- compat/old_layout_test: a program of an older header, this library ($tag)"
    $prefix "$BIN/$link/old_layout_test" >"$out.compat" 2>&1 || { cat "$out.compat" >&2; fail "old_layout_test ($tag)"; }
    expect "$out.compat" '^compat: older layout served: yes$' '^compat: max_response_bytes took its default: yes$' \
        '^compat: control with the newer size: transport error' '^compat: too small: .*sm_client_options' \
        '^compat: too large: .*older than the header' '^compat: OK$'

    echo "-- create_rotate ($tag)"
    $prefix "$BIN/$link/create_rotate" --handler-env >"$out.create" 2>&1 || { cat "$out.create" >&2; fail "create_rotate ($tag)"; }
    expect "$out.create" '^step 1: created secret name=cr[0-9a-f]+ id=[^ ]+ status=ENABLE$' \
        '^step 2: auto rotation enabled=1 period=30 days$' '^step 3: rotation executed$' \
        '^step 4: job token found in the logs' '^step 5: rotation job started: .* targets=1 password$' \
        '^step 6: pending stage added' '^step 7: rotation job completed$' \
        '^step 8: chain previous=<redacted> active=<redacted> pending=\(none\)$' \
        '^chain shifted: yes$' \
        '^step 9: sm_call UpdateSecretMemo answered \{"secretId":"[^"]+","memo":"set through sm_call"' \
        '^create_rotate: OK$'
    if shows_secret "$out.create" 'initial-Pa55word'; then fail "create_rotate printed a secret value"; fi

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

    echo "-- rotation_handler, the answer to Complete Rotation Job lost ($tag)"
    $prefix "$BIN/$link/create_rotate" --handler-env >"$out.create2" 2>&1 || { cat "$out.create2" >&2; fail "create_rotate ($tag)"; }
    handler_env "$out.create2"
    local lost_before
    lost_before=$(lost_answer_count)
    emulator_control POST /_emulator/faults '{"fault":"lose-answer","path":"/complete","count":1}' >/dev/null
    SM_LOG=debug $prefix "$BIN/$link/rotation_handler" >"$out.handler3" 2>&1 || { cat "$out.handler3" >&2; fail "rotation_handler with a lost answer ($tag)"; }
    expect "$out.handler3" '^handler: rotation job completed$' \
        '^log\[4\]: attempt answered provider=ncp operation="Start Rotation Job" attempt=1 http_status=200 request_id=' \
        '^log\[3\]: answer lost, reading the state back provider=ncp operation="Complete Rotation Job" settled_by="Get Secret Logs"$' \
        '^log\[3\]: state read back provider=ncp operation="Complete Rotation Job" outcome=applied$'
    if shows_secret "$out.handler3" "$JOB_TOKEN" "$NCLOUD_SECRET_KEY"; then fail "the log callback printed a secret ($tag)"; fi
    if grep -q 'marked as failed' "$out.handler3"; then fail "rotation_handler failed a completed job ($tag)"; fi
    local lost_after
    lost_after=$(lost_answer_count)
    [[ $lost_after -eq $((lost_before + 1)) ]] || fail "the answer to Complete Rotation Job was not lost ($tag)"

    echo "-- manage_huawei ($tag)"
    $prefix "$BIN/$link/manage_huawei" >"$out.manage" 2>&1 || { cat "$out.manage" >&2; fail "manage_huawei ($tag)"; }
    expect "$out.manage" '^ncp: created mg[0-9a-f]+$' '^ncp: active value of [0-9]+ bytes$' '^ncp: pending set: yes$' \
        '^ncp: memo=managed from C$' \
        '^ncp: disabling twice: operation not allowed in the current state HTTP 422 code INVALID_STATUS$' \
        '^ncp: rotation period 90 days$' '^ncp: period 0 rejected: yes$' '^ncp: 2 protection keys, [0-9]+ triggers$' \
        '^ncp: deleted$' '^huawei: created hw[0-9a-f]+ state=ENABLED$' \
        '^huawei: rotated (v[0-9]+) -> (v[0-9]+); SYSCURRENT=\2 SYSPREVIOUS=\1$' '^huawei: rotation task [^ ]+ status=SUCCESS attempts=[0-9]+$' '^huawei: old version kept: yes$' \
        '^huawei: common secret rotated (v[0-9]+) -> (v[0-9]+); SYSCURRENT=\2 SYSPREVIOUS=\1$' \
        '^huawei: new version holds the new value: yes$' \
        '^huawei: binary version (v[0-9]+) staged blue=\1; SYSCURRENT=v[0-9]+$' \
        '^huawei: auto rotation=1 period=30d next rotation scheduled: yes$' '^huawei: auto rotation=0 period=30d$' \
        '^manage_huawei: OK$'
    if shows_secret "$out.manage" 'Pa55word' 'second'; then fail "manage_huawei printed a secret value"; fi

    echo "-- rotate_common_huawei ($tag)"
    $prefix "$BIN/$link/rotate_common_huawei" >"$out.common" 2>&1 || { cat "$out.common" >&2; fail "rotate_common_huawei ($tag)"; }
    expect "$out.common" '^created rc[0-9a-f]+ at (v[0-9]+)$' \
        '^random: (v[0-9]+) -> (v[0-9]+); SYSCURRENT=\2 SYSPREVIOUS=\1; applied 24 characters$' \
        '^random: SYSCURRENT holds the applied value: yes$' '^built: now v[0-9]+, a JSON object of [0-9]+ bytes$' \
        '^refused: status=unknown error step=4 .*SYSCURRENT is unchanged\)$' '^refused: SYSCURRENT still v[0-9]+: yes$' \
        '^versions listed in 2 pages$' '^rotate_common_huawei: OK$'
    if shows_secret "$out.common" 'first-Pa55word' 'built-'; then fail "rotate_common_huawei printed a secret value"; fi

    echo "-- cache_reader ($tag)"
    $prefix "$BIN/$link/cache_reader" >"$out.cache" 2>&1 || { cat "$out.cache" >&2; fail "cache_reader ($tag)"; }
    expect "$out.cache" '^created cr[0-9a-f]+$' '^16000 reads by 4 threads, 0 failed, 1 entry held$' \
        '^after the change: current is new: yes, previous is the old one: yes$' '^no pending value: no value there$' \
        '^cache_reader: OK$'
    if shows_secret "$out.cache" 'first-Pa55word' 'second-Pa55word'; then fail "cache_reader printed a secret value"; fi

    echo "-- raii ($tag)"
    $prefix "$BIN/$link/raii" >"$out.raii" 2>&1 || { cat "$out.raii" >&2; fail "raii ($tag)"; }
    expect "$out.raii" '^raii: created rx[0-9a-f]+ auto_rotation=1 period=60$' '^raii: detail status=ENABLE$' \
        '^raii: listed [0-9]+ of [0-9]+ secrets$' '^raii: random password of 20 characters' \
        '^raii: active value is the new pending value$' \
        '^raii: wrong state rejected: operation not allowed in the current state HTTP 422 code INVALID_STATUS$' \
        '^raii: wrong key rejected: authentication failed HTTP 401 code 200 \(request id [0-9a-f]{32}\)$' \
        '^raii: auto rotation now 0$' '^raii: OK$'
}

echo "== run the examples (static build)"
check_outputs "" static plain

echo "== run the examples under valgrind (shared build)"
# Every leak kind fails the run, "possibly lost" included, with one exception suppressed here:
# the handle of the main thread that Rust's std creates on first use of `thread::current()`
# (here by std's channels) and keeps for the life of the thread. The thread-local holds a
# pointer into the middle of the Arc allocation, and the main thread's thread-locals are never
# destroyed, so valgrind reports, once per process:
#   48 bytes in 1 blocks are possibly lost in loss record 2 of 2
#      at malloc
#      by <std::thread::thread::Thread>::new (thread.rs:102)
#      by std::thread::current::init_current (current.rs:294)
#      by <std::sync::mpmc::context::Context>::new (context.rs:72)
# That is one fixed-size allocation per process, not a leak of this library.
# The second: a program that set a log callback (sm_set_log_callback) installed the library's
# tracing subscriber, which tracing keeps for the life of the process by design (the global
# dispatcher is never dropped); the hash table of a span's fields in its registry is pointed
# to in its middle (hashbrown's control bytes), so valgrind calls it "possibly lost".
cat >"$WORK/rust-std.supp" <<'SUPP'
{
   rust-std-main-thread-handle
   Memcheck:Leak
   match-leak-kinds: possible
   ...
   fun:*std*thread*current*init_current*
}
{
   tracing-global-subscriber-span-fields
   Memcheck:Leak
   match-leak-kinds: possible
   ...
   fun:*tracing_subscriber*registry*extensions*
}
SUPP
VALGRIND="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --suppressions=$WORK/rust-std.supp --error-exitcode=99"
check_outputs "$VALGRIND" shared valgrind
for f in "$WORK"/valgrind.*; do
    if grep -Eq '^==[0-9]+== .*(definitely lost|indirectly lost|possibly lost|Invalid (read|write|free)|uninitialised|Mismatched|Syscall param)' "$f"; then
        cat "$f" >&2
        fail "valgrind reported errors or leaks in $(basename "$f")"
    fi
done

echo "== make check"
make -C examples-c --no-print-directory check LIBDIR="$LIBDIR"

echo "C library tests passed"
