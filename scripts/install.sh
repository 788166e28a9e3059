#!/usr/bin/env bash
# Builds the C library in release mode and installs it (Linux):
#
#   bash scripts/install.sh --prefix /usr/local [--libdir lib] [--destdir DIR]
#
#   PREFIX/include/secretmanager.h
#   PREFIX/LIBDIR/libsecretmanager.so.X.Y.Z    the shared library, SONAME libsecretmanager.so.SOVER
#   PREFIX/LIBDIR/libsecretmanager.so.SOVER    -> libsecretmanager.so.X.Y.Z (what programs load)
#   PREFIX/LIBDIR/libsecretmanager.so          -> libsecretmanager.so.SOVER (what -lsecretmanager finds)
#   PREFIX/LIBDIR/libsecretmanager.a           the static library
#   PREFIX/LIBDIR/pkgconfig/secretmanager.pc   Libs.private: what a static link needs
#   PREFIX/LIBDIR/cmake/secretmanager/secretmanagerConfig.cmake (+ ConfigVersion.cmake):
#                                              secretmanager::secretmanager (shared), secretmanager::static
#
# SOVER is the major version, and before 1.0 it is 0.MINOR (0.1 for 0.1.z), as cargo-c names it:
# Cargo treats 0.1 -> 0.2 as a breaking release, so programs linked against 0.1 must not load a
# 0.2 library, while 0.1.z patch releases stay loadable in place.
#
# --destdir stages the files under DIR (for packaging); they still name PREFIX.
# CARGO_TARGET_DIR is honoured. Needs cargo, a C linker and binutils (readelf, strip).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
}
fail() {
    echo "install.sh: $*" >&2
    exit 1
}

prefix="" libdir="lib" destdir=""
while (($#)); do
    case "$1" in
        --prefix | --libdir | --destdir)
            (($# >= 2)) || fail "$1 needs a value"
            declare "${1#--}=$2"
            shift 2
            ;;
        --prefix=* | --libdir=* | --destdir=*)
            option=${1%%=*}
            declare "${option#--}=${1#*=}"
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            usage >&2
            fail "unknown argument: $1"
            ;;
    esac
done
[[ -n "$prefix" ]] || { usage >&2; fail "--prefix is required"; }
[[ "$prefix" == /* ]] || fail "--prefix must be an absolute path (it is written into the .pc file)"
[[ "$libdir" != /* && "$libdir" != *..* ]] || fail "--libdir is relative to the prefix (for example lib or lib64)"
[[ "$(uname -s)" == Linux ]] || fail "only Linux is supported (ELF SONAME and links)"
prefix=${prefix%/}

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.[0-9]+$ ]] || fail "cannot read the version from Cargo.toml"
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
if ((major == 0)); then sover="0.$minor"; else sover="$major"; fi
soname="libsecretmanager.so.$sover"

echo "== building libsecretmanager $version (release, SONAME $soname)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The link argument reaches the cdylib only; --print native-static-libs names the system
# libraries the static library needs (printed when the crate is compiled, so kept beside it).
cargo rustc --locked --release -p secretmanager-ffi --lib -- \
    -C "link-arg=-Wl,-soname,$soname" --print native-static-libs 2>&1 | tee "$log" >&2
target=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps --locked |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')}
built="$target/release"
native_file="$built/libsecretmanager.native-static-libs"
native=$(sed -n 's/.*native-static-libs: //p' "$log" | tail -n 1)
if [[ -n "$native" ]]; then
    printf '%s\n' "$native" >"$native_file"
elif [[ -f "$native_file" ]]; then
    native=$(cat "$native_file")
else
    fail "rustc did not print the native libraries and none are recorded: cargo clean -p secretmanager-ffi --release, then retry"
fi
readelf -d "$built/libsecretmanager.so" 2>/dev/null | grep -F "Library soname: [$soname]" >/dev/null ||
    fail "$built/libsecretmanager.so does not carry the SONAME $soname"

root="$destdir$prefix"
lib="$root/$libdir"
echo "== installing into $root"
install -d "$root/include" "$lib/pkgconfig" "$lib/cmake/secretmanager"
install -m 644 include/secretmanager.h "$root/include/"
install -m 644 "$built/libsecretmanager.a" "$lib/"
install -m 755 "$built/libsecretmanager.so" "$lib/libsecretmanager.so.$version"
# Without debug information (34 MB -> 6 MB for the shared library); symbols stay.
if command -v strip >/dev/null; then
    strip --strip-debug "$lib/libsecretmanager.a" "$lib/libsecretmanager.so.$version"
fi
ln -sfn "libsecretmanager.so.$version" "$lib/$soname"
ln -sfn "$soname" "$lib/libsecretmanager.so"

cat >"$lib/pkgconfig/secretmanager.pc" <<EOF
prefix=$prefix
exec_prefix=\${prefix}
libdir=\${exec_prefix}/$libdir
includedir=\${prefix}/include

Name: secretmanager
Description: C API of the secretmanager SDK: NCP Secret Manager and Huawei Cloud CSMS secret rotation
Version: $version
URL: https://github.com/secretmanager-sdk/secretmanager
Libs: -L\${libdir} -lsecretmanager
Libs.private: $native
Cflags: -I\${includedir}
EOF

# The CMake files find the prefix from their own place, so a staged tree can be moved.
up=$(sed 's|[^/][^/]*|..|g' <<<"$libdir/cmake/secretmanager")
cmake_native=$(tr ' ' '\n' <<<"$native" | sed -n 's/^-l//p' | paste -sd ';')
cat >"$lib/cmake/secretmanager/secretmanagerConfig.cmake" <<EOF
# CMake package of libsecretmanager $version, written by scripts/install.sh.
#   find_package(secretmanager $major.$minor REQUIRED)
#   target_link_libraries(app PRIVATE secretmanager::secretmanager)  # shared: $soname
#   target_link_libraries(app PRIVATE secretmanager::static)         # static, with its system libraries
get_filename_component(_secretmanager_prefix "\${CMAKE_CURRENT_LIST_DIR}/$up" ABSOLUTE)

if(NOT TARGET secretmanager::secretmanager)
  add_library(secretmanager::secretmanager SHARED IMPORTED)
  set_target_properties(secretmanager::secretmanager PROPERTIES
    IMPORTED_LOCATION "\${_secretmanager_prefix}/$libdir/libsecretmanager.so.$version"
    IMPORTED_SONAME "$soname"
    INTERFACE_INCLUDE_DIRECTORIES "\${_secretmanager_prefix}/include")
endif()

if(NOT TARGET secretmanager::static)
  add_library(secretmanager::static STATIC IMPORTED)
  set_target_properties(secretmanager::static PROPERTIES
    IMPORTED_LOCATION "\${_secretmanager_prefix}/$libdir/libsecretmanager.a"
    INTERFACE_INCLUDE_DIRECTORIES "\${_secretmanager_prefix}/include"
    INTERFACE_LINK_LIBRARIES "$cmake_native")
endif()

unset(_secretmanager_prefix)
EOF

cat >"$lib/cmake/secretmanager/secretmanagerConfigVersion.cmake" <<EOF
# Version of the secretmanager CMake package. A request is met by the same major version, no
# older than asked; before 1.0 by the same 0.MINOR, as the SONAME ($soname) says.
set(PACKAGE_VERSION "$version")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
if(NOT PACKAGE_FIND_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
elseif(NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION
       AND PACKAGE_FIND_VERSION_MAJOR EQUAL $major
       AND ($major GREATER 0 OR PACKAGE_FIND_VERSION_MINOR EQUAL $minor))
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
# Built for $(getconf LONG_BIT)-bit pointers.
if(CMAKE_SIZEOF_VOID_P AND NOT CMAKE_SIZEOF_VOID_P EQUAL $(($(getconf LONG_BIT) / 8)))
  set(PACKAGE_VERSION "\${PACKAGE_VERSION} ($(getconf LONG_BIT)-bit)")
  set(PACKAGE_VERSION_UNSUITABLE TRUE)
endif()
EOF

echo "installed libsecretmanager $version into $root"
