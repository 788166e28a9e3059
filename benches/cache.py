"""The Python side of benches/cache.sh: what a cache hit costs through ``secretmanager.SecretCache``.

    python3 cache.py URL [READS [ROUNDS]]     (defaults 200000, 7)

Creates one secret (a database login of 88 bytes) on the emulator at URL, reads it once into a
``SecretCache`` with a TTL of an hour, then times ROUNDS rounds of READS hits in a row for each
form of read and prints, per form, the best and the median round's cost of one read in
nanoseconds. The forms:

    get               cache.get(secret_id): a SecretStr of the current value
    get_field         cache.get_field(secret_id, "password"): one field, a SecretStr
    get_json          cache.get_json(secret_id): the value parsed into a dict
    ctypes_sm_cache_get   sm_cache_get + sm_string_free through ctypes, nothing wrapped: the
                      cost of the library and the ctypes boundary alone (private handle)
    secret_str        SecretStr(text) of a ready str: the wrapper every get returns

The keys come from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY; the library from
SECRETMANAGER_LIBRARY. Every form is checked once before timing, and the emulator must have
answered one value fetch in all (asserted): every timed read was a hit.
"""

import json
import statistics
import sys
import time
import urllib.request
from ctypes import POINTER, byref, c_char
from typing import Callable, List

import secretmanager
from secretmanager import NewSecretValue, SecretStr, _native

VALUE = '{"user":"app","password":"bench-cache-pw-0123456789","host":"db.internal","port":5432}'


def per_read_nanos(read: Callable[[], object], reads: int, rounds: int) -> List[float]:
    """The cost of one read in each of ``rounds`` rounds of ``reads`` reads."""
    clock = time.perf_counter_ns
    costs = []
    for _ in range(rounds):
        start = clock()
        for _ in range(reads):
            read()
        costs.append((clock() - start) / reads)
    return costs


def value_fetches(url: str, secret_id: str) -> int:
    """How many Get Secret Value requests of ``secret_id`` the emulator has answered."""
    with urllib.request.urlopen(f"{url}/_emulator/requests", timeout=10) as answer:
        requests = json.loads(answer.read().decode("utf-8"))["requests"]
    return sum(1 for r in requests if r["method"] == "GET" and r["path"].endswith(f"/{secret_id}/values"))


def main() -> int:
    if len(sys.argv) not in (2, 3, 4):
        print("usage: python3 cache.py URL [READS [ROUNDS]]", file=sys.stderr)
        return 2
    url = sys.argv[1]
    reads = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    with secretmanager.Client(url, no_proxy=True) as client:
        secret_id = client.create_secret("benchcachepy", NewSecretValue(VALUE, ("password",))).secret_id
        with secretmanager.SecretCache(client, ttl=3600) as cache:
            native, pointer, c_id = _native.lib(), cache._owned.ptr, secret_id.encode("utf-8")

            def ctypes_get() -> None:
                value, err = POINTER(c_char)(), POINTER(_native.sm_error)()
                if native.sm_cache_get(pointer, c_id, byref(value), byref(err)) != _native.SM_OK:
                    raise RuntimeError(_native.text(native.sm_error_message(err)))
                native.sm_string_free(value)

            forms = {
                "get": lambda: cache.get(secret_id),
                "get_field": lambda: cache.get_field(secret_id, "password"),
                "get_json": lambda: cache.get_json(secret_id),
                "ctypes_sm_cache_get": ctypes_get,
                "secret_str": lambda: SecretStr(VALUE),
            }
            assert cache.get(secret_id).reveal() == VALUE
            assert cache.get_field(secret_id, "password").reveal() == "bench-cache-pw-0123456789"
            assert cache.get_json(secret_id)["port"] == 5432
            ctypes_get()
            print(f"{'read':<22}{'best ns':>10}{'median ns':>12}   ({rounds} rounds of {reads} reads)")
            for name, read in forms.items():
                costs = per_read_nanos(read, reads, rounds)
                print(f"{name:<22}{min(costs):>10.0f}{statistics.median(costs):>12.0f}")
            fetches = value_fetches(url, secret_id)
            assert fetches == 1, f"{fetches} value fetches: the timed reads were not all hits"
    return 0


if __name__ == "__main__":
    sys.exit(main())
