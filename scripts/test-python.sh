#!/usr/bin/env bash
# Tests the Python package (python/) against the C library and the emulator, both built here.
#
# Builds libsecretmanager and the emulator with cargo, installs python/tests/requirements.txt
# (pytest, the official Huawei CSMS SDK) into a virtual environment under target/python-venv
# without touching the system Python, then runs python/tests. Exits non-zero on any failure.
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

echo "== pytest (virtual environment with python/tests/requirements.txt)"
# The tests need pytest and the official Huawei CSMS SDK (tests/official_sdk). They go into a
# virtual environment of their own, made again whenever requirements.txt changes.
python="${PYTHON:-python3}"
requirements="$root/python/tests/requirements.txt"
venv="$target_dir/python-venv"
stamp="$venv/requirements.txt"
if ! cmp -s "$requirements" "$stamp" 2>/dev/null || ! "$venv/bin/python" -c "import pytest" 2>/dev/null; then
    echo "installing python/tests/requirements.txt into $venv"
    rm -rf "$venv"
    if "$python" -m venv "$venv" 2>/dev/null; then
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
        cp "$requirements" "$stamp"
    else
        # No venv module (e.g. Debian without python3-venv): install next to the build.
        echo "python3 -m venv is unavailable: installing under $target_dir/python-deps"
        rm -rf "$venv"
        "$python" -m pip install --quiet --disable-pip-version-check --upgrade \
            --target "$target_dir/python-deps" -r "$requirements"
        export PYTHONPATH="$target_dir/python-deps${PYTHONPATH:+:$PYTHONPATH}"
    fi
fi
if [ -x "$venv/bin/python" ]; then
    python="$venv/bin/python"
fi

export SECRETMANAGER_LIBRARY="$library"
export SECRETMANAGER_EMULATOR="$emulator"
"$python" -m pytest -q -p no:cacheprovider "$root/python/tests"
