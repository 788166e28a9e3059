# Sourced by scripts/test-c.sh and benches/one_call.sh: starts the emulator and reads what it
# announces. The sourcing script defines `fail MESSAGE` (print and exit non-zero) and stops the
# emulator itself (its process id is EMULATOR_PID).

# start_emulator DIR COMMAND...: runs COMMAND (the emulator binary, possibly behind a launcher
# such as taskset) with `--port 0`, its output in DIR/emulator.out and DIR/emulator.err, and
# waits up to 10 s for its URL, left in URL.
start_emulator() {
    local dir="$1"
    shift
    "$@" --port 0 >"$dir/emulator.out" 2>"$dir/emulator.err" &
    EMULATOR_PID=$!
    EMULATOR_OUT="$dir/emulator.out"
    URL=""
    for _ in $(seq 1 100); do  # at most 10 s
        if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
            cat "$dir/emulator.err" >&2
            fail "the emulator exited"
        fi
        local first
        first=$(head -n 1 "$EMULATOR_OUT" 2>/dev/null || true)
        if [[ "$first" =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
            URL="${BASH_REMATCH[1]}"
            break
        fi
        sleep 0.1
    done
    [[ -n "$URL" ]] || fail "the emulator did not announce its URL within 10 s"
}

# fact KEY: the value of `KEY=value` from the emulator's announcement, waiting up to 5 s.
fact() {
    local value=""
    for _ in $(seq 1 50); do
        value=$(sed -n "s/^$1=//p" "$EMULATOR_OUT" | head -n 1)
        [[ -n "$value" ]] && break
        sleep 0.1
    done
    [[ -n "$value" ]] || fail "the emulator did not print $1"
    printf '%s' "$value"
}
