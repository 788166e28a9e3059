#!/usr/bin/env bash
# Tests the C install: scripts/install.sh into a scratch prefix (and once staged with
# --destdir), the files and links it leaves, the SONAME; then builds the C and C++ examples
# against the installed copy through pkg-config (shared and static) and through CMake
# (secretmanager::secretmanager and secretmanager::static), checks what each binary records
# (NEEDED libsecretmanager.so.SOVER, or no libsecretmanager at all when static), and runs
# them, two of them against the emulator.
#
# Needs what scripts/test-c.sh needs plus cmake and pkg-config. Exits non-zero on any failure;
# KEEP_WORK=1 keeps the scratch directory for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
for tool in cmake pkg-config readelf cc c++; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done

WORK=$(mktemp -d)
EMULATOR_PID=""
cleanup() {
    if [[ -n "$EMULATOR_PID" ]]; then
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
    fi
    [[ -n "${KEEP_WORK:-}" ]] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

# expect FILE PATTERN...: every extended regular expression must match a line of FILE.
expect() {
    local file=$1
    shift
    for pattern in "$@"; do
        grep -Eq -- "$pattern" "$file" || { cat "$file" >&2; fail "$(basename "$file"): no line matches '$pattern'"; }
    done
}
# needed BINARY: the NEEDED entries of an ELF file, one a line.
needed() {
    readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}
# run NAME COMMAND...: runs COMMAND, its output in $WORK/NAME.out, which must end "<...>: OK" or
# the bad_input_test summary.
run() {
    local name=$1
    shift
    local rc=0
    "$@" >"$WORK/$name.out" 2>&1 || rc=$?
    ((rc == 0)) || { cat "$WORK/$name.out" >&2; fail "$name exited with $rc"; }
    expect "$WORK/$name.out" '(: OK|^bad_input_test: [0-9]+ checks, 0 failures)$'
}

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
[[ "$VERSION" =~ ^([0-9]+)\.([0-9]+)\. ]] || fail "no version in Cargo.toml"
MAJOR=${BASH_REMATCH[1]} MINOR=${BASH_REMATCH[2]}
if ((MAJOR == 0)); then SOVER="0.$MINOR" NEWER="0.$((MINOR + 1))"; else SOVER="$MAJOR" NEWER="$((MAJOR + 1)).0"; fi
SONAME="libsecretmanager.so.$SOVER"

echo "== install into a scratch prefix"
PREFIX="$WORK/prefix"
LIB="$PREFIX/lib"
bash scripts/install.sh --prefix "$PREFIX"
for file in include/secretmanager.h lib/libsecretmanager.a "lib/libsecretmanager.so.$VERSION" \
    lib/pkgconfig/secretmanager.pc lib/cmake/secretmanager/secretmanagerConfig.cmake \
    lib/cmake/secretmanager/secretmanagerConfigVersion.cmake; do
    [[ -f "$PREFIX/$file" && ! -L "$PREFIX/$file" ]] || fail "not installed: $file"
done
[[ "$(readlink "$LIB/$SONAME")" == "libsecretmanager.so.$VERSION" ]] || fail "$SONAME is not a link to libsecretmanager.so.$VERSION"
[[ "$(readlink "$LIB/libsecretmanager.so")" == "$SONAME" ]] || fail "libsecretmanager.so is not a link to $SONAME"
readelf -d "$LIB/libsecretmanager.so.$VERSION" | grep -F "Library soname: [$SONAME]" >/dev/null ||
    fail "the installed library does not carry the SONAME $SONAME"
cmp -s include/secretmanager.h "$PREFIX/include/secretmanager.h" || fail "the installed header differs"

echo "== staged install: --destdir DIR --prefix /opt/secretmanager --libdir lib/x86_64-linux-gnu"
bash scripts/install.sh --prefix /opt/secretmanager --destdir "$WORK/stage" --libdir lib/x86_64-linux-gnu \
    >"$WORK/stage.log" 2>&1 || { cat "$WORK/stage.log" >&2; fail "staged install"; }
STAGED="$WORK/stage/opt/secretmanager"
STAGED_LIB="$STAGED/lib/x86_64-linux-gnu"
[[ -L "$STAGED_LIB/$SONAME" && -f "$STAGED_LIB/libsecretmanager.a" ]] || fail "the staged tree lacks the libraries"
grep -qx 'prefix=/opt/secretmanager' "$STAGED_LIB/pkgconfig/secretmanager.pc" ||
    fail "the staged secretmanager.pc does not name the final prefix"
grep -qx 'libdir=${exec_prefix}/lib/x86_64-linux-gnu' "$STAGED_LIB/pkgconfig/secretmanager.pc" ||
    fail "the staged secretmanager.pc does not name the library directory"
# The CMake package finds its files from its own place: usable where it was staged.
cmake -S examples-c -B "$WORK/cmake-staged" -DCMAKE_PREFIX_PATH="$STAGED" >"$WORK/cmake-staged.log" 2>&1 &&
    cmake --build "$WORK/cmake-staged" --target bad_input_test_static >>"$WORK/cmake-staged.log" 2>&1 ||
    { cat "$WORK/cmake-staged.log" >&2; fail "CMake build against the staged tree"; }
expect "$WORK/cmake-staged.log" "secretmanager $VERSION from $STAGED_LIB/cmake/secretmanager"

echo "== pkg-config: C and C++, shared and static"
export PKG_CONFIG_LIBDIR="$LIB/pkgconfig" PKG_CONFIG_PATH=""  # only the installed copy is visible
[[ "$(pkg-config --modversion secretmanager)" == "$VERSION" ]] || fail "pkg-config reports another version"
PC="$WORK/pc"
mkdir -p "$PC"
CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic)
CXXFLAGS=(-std=c++17 -Wall -Wextra -Werror -pedantic)
# The commands README.md and examples-c/README.md give.
# shellcheck disable=SC2046  # the flags are words
{
    cc "${CFLAGS[@]}" -o "$PC/bad_input_test" examples-c/bad_input_test.c $(pkg-config --cflags --libs secretmanager)
    c++ "${CXXFLAGS[@]}" -o "$PC/raii" examples-c/raii.cpp $(pkg-config --cflags --libs secretmanager)
    cc "${CFLAGS[@]}" -o "$PC/create_rotate_static" examples-c/create_rotate.c \
        $(pkg-config --cflags secretmanager) $(pkg-config --libs --static secretmanager | sed 's/-lsecretmanager/-l:libsecretmanager.a/')
}
for binary in "$PC/bad_input_test" "$PC/raii"; do
    needed "$binary" | grep -x "$SONAME" >/dev/null || { needed "$binary" >&2; fail "$(basename "$binary") does not need $SONAME"; }
    ! needed "$binary" | grep -x 'libsecretmanager.so' >/dev/null || fail "$(basename "$binary") needs the unversioned libsecretmanager.so"
done
! needed "$PC/create_rotate_static" | grep -e libsecretmanager >/dev/null || fail "create_rotate_static needs a shared libsecretmanager"
LD_LIBRARY_PATH="$LIB" ldd "$PC/bad_input_test" | grep -F "$SONAME => $LIB/$SONAME" >/dev/null ||
    fail "bad_input_test (pkg-config) does not load $LIB/$SONAME"
LD_LIBRARY_PATH="$LIB" run pc.bad_input_test "$PC/bad_input_test"

echo "== CMake: find_package(secretmanager $VERSION)"
cmake -S examples-c -B "$WORK/cmake" -DCMAKE_PREFIX_PATH="$PREFIX" -DSECRETMANAGER_VERSION="$VERSION" \
    >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; fail "cmake configure"; }
cmake --build "$WORK/cmake" >>"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; fail "cmake build"; }
expect "$WORK/cmake.log" "secretmanager $VERSION from $LIB/cmake/secretmanager"
CM="$WORK/cmake"
for program in create_rotate rotation_handler manage_huawei rotate_common_huawei cache_reader bad_input_test raii; do
    needed "$CM/$program" | grep -x "$SONAME" >/dev/null || fail "$program (CMake) does not need $SONAME"
done
for program in bad_input_test_static raii_static; do
    ! needed "$CM/$program" | grep -e libsecretmanager >/dev/null || fail "$program (CMake) needs a shared libsecretmanager"
done
# No LD_LIBRARY_PATH: CMake records the prefix's lib directory as the build tree's run path.
ldd "$CM/raii" | grep -F "$SONAME => $LIB/$SONAME" >/dev/null || fail "raii (CMake) does not load $LIB/$SONAME"
run cmake.bad_input_test "$CM/bad_input_test"
run cmake.bad_input_test_static "$CM/bad_input_test_static"

echo "== CMake: find_package(secretmanager $NEWER) is refused"
if cmake -S examples-c -B "$WORK/cmake-newer" -DCMAKE_PREFIX_PATH="$PREFIX" -DSECRETMANAGER_VERSION="$NEWER" \
    >"$WORK/cmake-newer.log" 2>&1; then
    fail "find_package accepted $VERSION for a request of $NEWER"
fi
expect "$WORK/cmake-newer.log" "$VERSION"

echo "== run the installed builds against the emulator"
cargo build -p secretmanager-emulator --locked
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
source "$ROOT/scripts/emulator.sh"
start_emulator "$WORK" "$TARGET_DIR/debug/secretmanager-emulator"
export SM_ENDPOINT="$URL"
NCLOUD_ACCESS_KEY=$(fact ncp_access_key)
NCLOUD_SECRET_KEY=$(fact ncp_secret_key)
SM_TRIGGER_ID=$(fact ncp_trigger_id)
export NCLOUD_ACCESS_KEY NCLOUD_SECRET_KEY SM_TRIGGER_ID
run cmake.raii "$CM/raii"
expect "$WORK/cmake.raii.out" '^raii: created rx[0-9a-f]+ auto_rotation=1 period=60$'
run pc.create_rotate_static "$PC/create_rotate_static"
expect "$WORK/pc.create_rotate_static.out" '^step 7: rotation job completed$'

echo "C install tests passed"
