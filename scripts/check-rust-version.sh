#!/usr/bin/env bash
# Checks the workspace's `rust-version` against the dependencies the library crates build with:
# every locked crate of their normal dependency tree must declare the same or an older
# rust-version. (The code's own needs: `let` chains need 1.88; clippy's `incompatible_msrv`
# lint refuses newer standard-library items.)
set -euo pipefail
cd "$(dirname "$0")/.."

crates=(-p secretmanager-core -p secretmanager-engine -p secretmanager-blocking -p secretmanager-tokio -p secretmanager-cache -p secretmanager-emulator -p secretmanager-ffi)
used=$(cargo tree --locked -e normal --prefix none -f '{p}' "${crates[@]}" | awk '{print $1, $2}' | sort -u)
cargo metadata --format-version 1 --locked | python3 -c '
import json, sys
used = {tuple(line.split()) for line in sys.argv[1].splitlines()}
packages = json.load(sys.stdin)["packages"]
def key(version):
    return tuple(int(part) for part in version.split("."))
ours = next(p["rust_version"] for p in packages if p["name"] == "secretmanager-core")
newer = [
    "{} {} needs {}".format(p["name"], p["version"], p["rust_version"])
    for p in packages
    if (p["name"], "v" + p["version"]) in used
    and p.get("rust_version")
    and key(p["rust_version"]) > key(ours)
]
if newer:
    sys.exit("rust-version " + ours + " is older than what these need: " + ", ".join(newer))
print("rust-version {}: none of the {} crates the libraries build with needs a newer one".format(ours, len(used)))
' "$used"
