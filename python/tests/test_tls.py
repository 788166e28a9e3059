"""TLS trust of both clients, against an HTTPS server on 127.0.0.1 whose certificate a CA made
by this test signed: refused with the bundled roots, accepted with ``ca_bundle=`` (a path, PEM
bytes or PEM text), refused with another CA; ``SSL_CERT_FILE`` is the default bundle and an
explicit choice wins over it; an unusable bundle is a ConfigurationError; ``tls_roots="system"``
never crashes."""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import os
import ssl
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import secretmanager

NCP_LIST = b'{"code":"SUCCESS","data":{"totalPageNo":1,"currentPageNo":1,"totalCount":0,"secretList":[]}}'
HUAWEI_LIST = b'{"secrets":[],"page_info":{"total_count":0}}'
PROJECT_ID = "0123456789abcdef0123456789abcdef"


class LocalCa:
    """A certificate authority that exists only for this test."""

    def __init__(self, name: str) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.cert = (
            self._builder(self.name, self.key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .sign(self.key, hashes.SHA256())
        )
        self.pem = self.cert.public_bytes(serialization.Encoding.PEM)

    def _builder(self, subject: x509.Name, public_key: Any) -> x509.CertificateBuilder:
        now = datetime.datetime.now(datetime.timezone.utc)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
        )

    def server_files(self, folder: Path) -> Tuple[Path, Path]:
        """A certificate for 127.0.0.1 signed by this CA and its key, written to ``folder``."""
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        cert = (
            self._builder(subject, key.public_key())
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .sign(self.key, hashes.SHA256())
        )
        cert_path, key_path = folder / "server.pem", folder / "server.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        return cert_path, key_path


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers every GET with an empty list of the provider its path names."""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        body = NCP_LIST if self.path.startswith("/api/") else HUAWEI_LIST
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def ca() -> LocalCa:
    return LocalCa("secretmanager python test CA")


@pytest.fixture(scope="module")
def server(ca: LocalCa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tuple[str, List[str]]]:
    """An HTTPS server on 127.0.0.1 presenting a certificate of ``ca``: its URL and the paths
    of the requests it answered."""
    cert, key = ca.server_files(tmp_path_factory.mktemp("tls"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []  # type: ignore[attr-defined]
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}", httpd.seen  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def ncp(url: str, **trust: Any) -> secretmanager.Client:
    return secretmanager.Client(url, "AK", "SK", timeout=10, max_retries=0, no_proxy=True, **trust)


def huawei(url: str, **trust: Any) -> secretmanager.HuaweiClient:
    return secretmanager.HuaweiClient(
        endpoint=url, project_id=PROJECT_ID, access_key="AK", secret_key="SK", timeout=10, max_retries=0,
        no_proxy=True, **trust,
    )


def assert_untrusted(call: Any) -> None:
    with pytest.raises(secretmanager.TransportError) as caught:
        call()
    assert "UnknownIssuer" in str(caught.value)


def test_the_test_ca_is_trusted_only_when_given(server: Tuple[str, List[str]], ca: LocalCa, tmp_path: Path) -> None:
    url, seen = server
    before = len(seen)
    with ncp(url, tls_roots="bundled") as client:
        assert_untrusted(client.get_secret_list)
    assert len(seen) == before, "a request got through the refused handshake"

    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.pem)
    for bundle in (ca.pem, ca.pem.decode("ascii"), ca_file, str(ca_file)):
        with ncp(url, ca_bundle=bundle) as client:
            assert client.get_secret_list().total_count == 0
    with huawei(url, ca_bundle=ca_file) as client:
        assert len(client.list_secrets().secrets) == 0
    assert len(seen) == before + 5

    with ncp(url, ca_bundle=LocalCa("another CA").pem) as client:
        assert_untrusted(client.get_secret_list)
    with huawei(url, ca_bundle=LocalCa("another CA").pem) as client:
        assert_untrusted(client.list_secrets)


def test_an_unusable_bundle_is_a_configuration_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_bytes(b"")
    for bundle, words in [
        (empty, "holds no PEM certificate"),
        (tmp_path / "missing.pem", "cannot read the CA bundle file"),
        (b"-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n", "not a usable X.509 certificate"),
    ]:
        for make in (ncp, huawei):
            with pytest.raises(secretmanager.ConfigurationError) as caught:
                make("https://127.0.0.1:9", ca_bundle=bundle)
            assert words in str(caught.value)


def test_trust_arguments_are_checked() -> None:
    with pytest.raises(secretmanager.InvalidArgumentError, match="tls_roots"):
        ncp("https://127.0.0.1:9", tls_roots="insecure")
    with pytest.raises(secretmanager.InvalidArgumentError, match="together with `ca_bundle`"):
        huawei("https://127.0.0.1:9", tls_roots="system", ca_bundle=b"x")
    with pytest.raises(TypeError, match="ca_bundle"):
        ncp("https://127.0.0.1:9", ca_bundle=42)


def test_the_system_store_is_a_client_or_a_configuration_error() -> None:
    try:
        ncp("https://127.0.0.1:9", tls_roots="system").close()
    except secretmanager.ConfigurationError as err:
        assert "system trust store" in str(err)


CHILD = """
import sys, secretmanager
url, expect = sys.argv[1], sys.argv[2]
kwargs = {"tls_roots": "bundled"} if expect == "bundled" else {}
client = secretmanager.Client(url, "AK", "SK", timeout=10, max_retries=0, no_proxy=True, **kwargs)
try:
    print("total", client.get_secret_list().total_count)
except secretmanager.TransportError as err:
    print("refused", "UnknownIssuer" in str(err))
"""


def test_ssl_cert_file_is_the_default_bundle_and_an_explicit_choice_wins(
    server: Tuple[str, List[str]], ca: LocalCa, tmp_path: Path
) -> None:
    # In a child process: the library reads the environment of the process, not os.environ.
    url, _ = server
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.pem)
    env = dict(os.environ, SSL_CERT_FILE=str(ca_file), PYTHONPATH=os.pathsep.join(sys.path))
    env.pop("SSL_CERT_DIR", None)
    for expect, printed in [("default", "total 0"), ("bundled", "refused True")]:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, url, expect], env=env, capture_output=True, text=True, timeout=60
        )
        assert child.returncode == 0, child.stderr
        assert child.stdout.strip() == printed, (expect, child.stdout, child.stderr)
