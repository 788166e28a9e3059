#!/usr/bin/env bash
# Tests the Python package (python/) against the C library and the emulator, both built here.
#
# Builds libsecretmanager and the emulator with cargo, makes pytest available without touching
# the system Python (a virtual environment under target/python-venv when pytest is not already
# importable), then runs python/tests. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

# The emulator is on 127.0.0.1: never send its traffic through a proxy the machine may have set.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

echo "== cargo build (ffi, emulator)"
cargo build -p secretmanager-ffi -p secretmanager-emulator --locked

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$(uname -s)" in
    Darwin) library="$target_dir/debug/libsecretmanager.dylib" ;;
    MINGW* | MSYS* | CYGWIN*) library="$target_dir/debug/secretmanager.dll" ;;
    *) library="$target_dir/debug/libsecretmanager.so" ;;
esac
emulator="$target_dir/debug/secretmanager-emulator"
for built in "$library" "$emulator"; do
    if [ ! -f "$built" ]; then
        echo "error: $built was not built" >&2
        exit 1
    fi
done

echo "== pytest"
python="${PYTHON:-python3}"
if ! "$python" -c "import pytest" 2>/dev/null; then
    venv="$target_dir/python-venv"
    if ! "$venv/bin/python" -c "import pytest" 2>/dev/null; then
        echo "pytest is not importable: installing it into $venv"
        rm -rf "$venv"
        if "$python" -m venv "$venv" 2>/dev/null; then
            "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pytest
        else
            # No venv module (e.g. Debian without python3-venv): install next to the build.
            echo "python3 -m venv is unavailable: installing pytest under $target_dir/python-deps"
            rm -rf "$venv"
            "$python" -m pip install --quiet --disable-pip-version-check \
                --target "$target_dir/python-deps" pytest
            export PYTHONPATH="$target_dir/python-deps${PYTHONPATH:+:$PYTHONPATH}"
        fi
    fi
    if [ -x "$venv/bin/python" ]; then
        python="$venv/bin/python"
    fi
fi

export SECRETMANAGER_LIBRARY="$library"
export SECRETMANAGER_EMULATOR="$emulator"
"$python" -m pytest -q -p no:cacheprovider "$root/python/tests"
