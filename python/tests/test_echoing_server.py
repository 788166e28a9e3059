"""A hostile server on 127.0.0.1 that quotes the whole request in its error answer and its
request-id headers: no secret the request carried reaches ``str()``, ``repr()`` or
``request_id`` of the error, in any form."""

from __future__ import annotations

import base64
import http.server
import json
import threading
from typing import Iterator

import pytest

import secretmanager
from secretmanager import NewSecretValue

CANARY = "canary-Py9w-41ab"


class _Echo(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        quoted = f"bad {self.path} {dict(self.headers)} {body}"
        if self.path.startswith("/v1/"):
            reply = {"error_code": "CSMS.0004", "error_msg": quoted}
        else:
            reply = {"error": {"errorCode": "INVALID_REQUEST", "message": quoted, "details": self.path}}
        data = json.dumps(reply).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        echo = f"id {quoted}".replace("\r", " ").replace("\n", " ")
        self.send_header("x-ncp-trace-id", echo)
        self.send_header("X-Request-Id", echo)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def assert_clean(error: secretmanager.SecretManagerError) -> None:
    assert error.request_id, "the echoed request id is kept"
    text = f"{error} {error!r} {error.request_id}"
    for form in (CANARY, base64.b64encode(CANARY.encode()).decode(), CANARY.encode().hex()):
        assert form not in text, text
    assert "redacted" in text, "the echo is kept, cleaned"


def test_ncp_errors_never_quote_values_or_job_tokens(echo_url: str) -> None:
    with secretmanager.Client(echo_url, "AK", "SK", max_retries=0, no_proxy=True) as client:
        with pytest.raises(secretmanager.ApiError) as caught:
            client.create_secret("echoed", NewSecretValue({"password": CANARY}, ["password"]))
        assert_clean(caught.value)
        with pytest.raises(secretmanager.ApiError) as caught:
            client.complete_rotation_job("sid", f"{CANARY}/x y")
        assert_clean(caught.value)
        assert caught.value.http_status == 400


def test_huawei_errors_never_quote_values_or_the_iam_token(echo_url: str) -> None:
    with secretmanager.HuaweiClient(
        endpoint=echo_url, project_id="0123456789abcdef0123456789abcdef", auth_token=CANARY, max_retries=0, no_proxy=True
    ) as client:
        with pytest.raises(secretmanager.ApiError) as caught:
            client.create_secret("echoed", secret_string=f"value-{CANARY}")
        assert_clean(caught.value)
