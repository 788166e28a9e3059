#!/usr/bin/env bash
# Regenerates every generated file from the Rust code, in dependency order:
#   include/secretmanager.h          (cbindgen, from crates/ffi)
#   schemas/ncp.json, huawei.json    (schemars, from the operation and model types of crates/core)
#   python/secretmanager/_ffi.py     (from the header)
#   python/secretmanager/ncp.py, huawei.py (from the schemas)
# The test suite regenerates each of them and fails on any difference.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
SECRETMANAGER_UPDATE_HEADER=1 cargo test --quiet --locked -p secretmanager-ffi --test header
SECRETMANAGER_UPDATE_GENERATED=1 cargo test --quiet --locked -p secretmanager-core --test schemas
python3 scripts/generate_python.py
echo "generated: include/secretmanager.h schemas/*.json python/secretmanager/_ffi.py python/secretmanager/ncp.py python/secretmanager/huawei.py"
