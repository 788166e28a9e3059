"""Fixtures: the emulator process (started once per session) and clients talking to it.

The emulator binary is ``$SECRETMANAGER_EMULATOR`` or the workspace's
``target/debug/secretmanager-emulator``; it listens on 127.0.0.1 with port 0 and prints
``listening on http://127.0.0.1:PORT`` first, then ``key=value`` lines (credentials, ids).
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import selectors
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def secret_forms(secret: str) -> List[str]:
    """``secret`` as text, in lower- and upper-case hex and in standard base64 (padded or not):
    a secret shown in any of these forms is still shown."""
    raw = secret.encode("utf-8")
    encoded = base64.b64encode(raw).decode("ascii")
    return [secret, raw.hex(), raw.hex().upper(), encoded, encoded.rstrip("=")]


START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0

INSTALLED = os.environ.get("SECRETMANAGER_TEST_INSTALLED") == "1"
"""Set by scripts/test-python.sh: the package under test is the installed wheel, which loads
the library it carries; the source tree must not stand in for it."""

if not INSTALLED:
    # Testing the source tree: find the library the cargo build made, unless one is named.
    os.environ.setdefault("SECRETMANAGER_LIBRARY", str(REPO_ROOT / "target" / "debug" / "libsecretmanager.so"))

import secretmanager  # noqa: E402


@dataclass
class Emulator:
    """A running emulator process and what it announced."""

    url: str
    facts: Dict[str, str]
    process: "subprocess.Popen[bytes]"

    @property
    def access_key(self) -> str:
        return self.facts["ncp_access_key"]

    @property
    def secret_key(self) -> str:
        return self.facts["ncp_secret_key"]

    @property
    def trigger_id(self) -> str:
        return self.facts["ncp_trigger_id"]

    def control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        """Calls a control endpoint under /_emulator/ and returns its JSON answer."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"{self.url}/_emulator/{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read().decode("utf-8"))

    def inject(self, **fault: Any) -> None:
        """Injects a fault, e.g. ``inject(fault="status", status=503, count=2)``."""
        assert self.control("POST", "faults", fault) == {"ok": True}

    def clear_faults(self) -> None:
        assert self.control("DELETE", "faults") == {"ok": True}

    def requests(self) -> List[Dict[str, Any]]:
        """Every request the emulator received (method, path, status, fault), oldest first."""
        answer = self.control("GET", "requests")
        assert isinstance(answer["requests"], list)
        return answer["requests"]


def _emulator_binary() -> Path:
    configured = os.environ.get("SECRETMANAGER_EMULATOR")
    path = Path(configured) if configured else REPO_ROOT / "target" / "debug" / "secretmanager-emulator"
    if not path.is_file():
        pytest.fail(
            f"emulator binary {path} not found: run `cargo build -p secretmanager-emulator` "
            "or set SECRETMANAGER_EMULATOR"
        )
    return path


def _read_announcement(process: "subprocess.Popen[bytes]") -> Dict[str, str]:
    """Reads the emulator's stdout lines until the last fact arrives, within START_TIMEOUT_S."""
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT_S
    buffer = b""
    facts: Dict[str, str] = {}
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while "ncp_kms_key_tag" not in facts:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError(f"the emulator did not announce itself within {START_TIMEOUT_S} s")
            if not selector.select(timeout=remaining):
                continue
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError(f"the emulator exited early with status {process.wait(STOP_TIMEOUT_S)}")
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                line = raw.decode("utf-8").strip()
                if line.startswith("listening on "):
                    facts["url"] = line[len("listening on ") :]
                elif "=" in line:
                    key, value = line.split("=", 1)
                    facts[key] = value
    return facts


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    process = subprocess.Popen(
        [str(_emulator_binary()), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        facts = _read_announcement(process)
        url = facts["url"]
        assert url.startswith("http://127.0.0.1:"), url
        yield Emulator(url=url, facts=facts, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(autouse=True)
def _no_faults_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """Removes injected faults after every test that used the emulator."""
    yield
    if "emulator" in request.fixturenames:
        request.getfixturevalue("emulator").clear_faults()


@pytest.fixture
def client(emulator: Emulator) -> Iterator[secretmanager.Client]:
    with secretmanager.Client(
        emulator.url, emulator.access_key, emulator.secret_key, timeout=30, max_retries=2
    ) as c:
        yield c


def huawei_client(emulator: Emulator, **overrides: object) -> secretmanager.HuaweiClient:
    """A Huawei client of ``emulator`` (its project and keys, a 30 s timeout, no retries);
    ``overrides`` replace any of those settings (``None`` for one not given)."""
    settings: Dict[str, object] = {
        "endpoint": emulator.url,
        "project_id": emulator.facts["huawei_project_id"],
        "access_key": emulator.facts["huawei_access_key"],
        "secret_key": emulator.facts["huawei_secret_key"],
        "timeout": 30,
        "max_retries": 0,
    }
    settings.update(overrides)
    return secretmanager.HuaweiClient(**settings)  # type: ignore[arg-type]


_names = itertools.count(1)


@pytest.fixture
def unique_name() -> Any:
    """A function returning a fresh valid secret name (3-15 chars, starting with a letter)."""

    def make() -> str:
        return f"py{os.getpid() % 10000:04d}n{next(_names):04d}"

    return make
