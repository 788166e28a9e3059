"""A local server for benches/memory.sh: answers NCP calls with answers of a chosen size.

    python3 memory_server.py PORT [BYTES]

GET .../secrets/tiny/values  a small value chain (the baseline)
GET .../secrets/big/values   a value chain of about BYTES (default just under 8 MiB)
GET .../secrets?pageNo=1     a secret list of 1000 secrets (the most one answer may hold)
                             with long memos, about BYTES in all
GET .../secrets?pageNo=2     BYTES of empty list items: `{}` repeated (a hostile answer)
Prints one line `ready {...sizes...}` once it listens.
"""

import http.server
import json
import sys

COMPACT = (",", ":")


def chain(total: int) -> bytes:
    each = (total - 200) // 3
    value = json.dumps({"password": "x" * (each - 40)}, separators=COMPACT)
    data = {"decryptedSecretChain": {"previous": value, "active": value, "pending": value}, "rotationTargets": ["password"]}
    return json.dumps({"code": "SUCCESS", "data": data}, separators=COMPACT).encode()


def secret_list(total: int, count: int = 1000) -> bytes:
    item = {"secretId": "s" * 20, "secretName": "name-123", "secretStatus": "ENABLE", "memo": ""}
    room = (total - 200) // count - len(json.dumps(item, separators=COMPACT)) - 1
    item["memo"] = "m" * room
    data = {"totalCount": count, "secretList": [item] * count}
    return json.dumps({"code": "SUCCESS", "data": data}, separators=COMPACT).encode()


def empty_items(total: int) -> bytes:
    count = (total - 100) // 3
    return ('{"code":"SUCCESS","data":{"totalCount":1,"secretList":[' + ",".join(["{}"] * count) + "]}}").encode()


SIZE = int(sys.argv[2]) if len(sys.argv) > 2 else 8 * 1024 * 1024 - 4096
BODIES = {"tiny": chain(600), "chain": chain(SIZE), "list": secret_list(SIZE), "empty-items": empty_items(SIZE)}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path.endswith("/tiny/values"):
            body = BODIES["tiny"]
        elif self.path.endswith("/values"):
            body = BODIES["chain"]
        elif "pageNo=2" in self.path:
            body = BODIES["empty-items"]
        else:
            body = BODIES["list"]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
print("ready", json.dumps({name: len(body) for name, body in BODIES.items()}), flush=True)
server.serve_forever()
