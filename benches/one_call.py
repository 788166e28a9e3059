"""The Python side of benches/one_call.sh: Get Secret Value called CALLS times in a row on one
client after WARMUP untimed calls, against the emulator at URL. Prints the duration of each
timed call in nanoseconds, one per line, once they are all done (the script computes the
statistics of every language alike).

    python3 one_call.py URL SECRET_ID CALLS WARMUP [package|ctypes]

package (the default): ``secretmanager.Client.get_secret_value``, as an application calls it:
    the request written as JSON, sent through ``sm_call``, the answer JSON decoded into the
    generated dataclasses. The timing includes reading the ACTIVE value's length and dropping
    the answer.
ctypes: the same client's ``sm_call`` called directly through ctypes with a ready request and
    the answer freed with ``sm_string_free``, nothing decoded: the cost of the ctypes boundary
    alone, to tell it from the package's own Python work (uses the package's private handle).

The keys come from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY; the library from
SECRETMANAGER_LIBRARY.
"""

import json
import sys
import time
from ctypes import POINTER, byref, c_char

import secretmanager
from secretmanager import _native


def main() -> int:
    if len(sys.argv) not in (5, 6) or (len(sys.argv) == 6 and sys.argv[5] not in ("package", "ctypes")):
        print("usage: python3 one_call.py URL SECRET_ID CALLS WARMUP [package|ctypes]", file=sys.stderr)
        return 2
    url, secret_id = sys.argv[1], sys.argv[2]
    calls, warmup = int(sys.argv[3]), int(sys.argv[4])
    mode = sys.argv[5] if len(sys.argv) == 6 else "package"
    clock = time.perf_counter_ns
    nanos = [0] * calls
    with secretmanager.Client(url, no_proxy=True) as client:
        if mode == "package":
            get = client.get_secret_value

            def one() -> int:
                chain = get(secret_id)
                return len(chain.chain.active or "")

        else:
            native, pointer = _native.lib(), client._ptr
            request = json.dumps({"secretId": secret_id}).encode("ascii")

            def one() -> int:
                answer, err = POINTER(c_char)(), POINTER(_native.sm_error)()
                status = native.sm_call(pointer, b"GetSecretValue", request, byref(answer), byref(err))
                if status != _native.SM_OK:
                    print("one_call.py:", _native.text(native.sm_error_message(err)), file=sys.stderr)
                native.sm_error_free(err)
                native.sm_string_free(answer)
                return 1 if status == _native.SM_OK else 0

        for i in range(-warmup, calls):
            start = clock()
            active = one()
            elapsed = clock() - start
            if i >= 0:  # the first WARMUP calls are not timed
                nanos[i] = elapsed
            if not active:
                print("one_call.py: the call failed or the answer has no ACTIVE value", file=sys.stderr)
                return 1
    sys.stdout.write("".join(f"{n}\n" for n in nanos))
    return 0


if __name__ == "__main__":
    sys.exit(main())
