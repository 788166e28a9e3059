"""The generated bindings: they match what the generator makes from the header and the
schemas, every operation of both providers is a method, and the generated methods work against
the emulator (operations the hand-written layer never had included)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import pytest

import secretmanager
from secretmanager._native import SIGNATURES, lib

from .conftest import REPO_ROOT, Emulator, huawei_client


def test_checked_in_bindings_are_what_the_generator_makes() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "generate_python.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_function_of_the_header_is_declared_and_present() -> None:
    header = (REPO_ROOT / "include" / "secretmanager.h").read_text()
    exported = {line.split("(")[0].split()[-1].lstrip("*") for line in header.splitlines()
                if line.startswith(("enum sm_status sm_", "const char *sm_", "void sm_", "bool sm_"))}
    assert exported and exported <= set(SIGNATURES), sorted(exported - set(SIGNATURES))
    for name in SIGNATURES:
        assert callable(getattr(lib(), name))


@pytest.mark.parametrize("provider, cls", [("ncp", secretmanager.Client), ("huawei", secretmanager.HuaweiClient)])
def test_every_operation_is_a_method_of_its_client(provider: str, cls: type) -> None:
    document = json.loads((REPO_ROOT / "schemas" / f"{provider}.json").read_text())
    for name, operation in document["operations"].items():
        assert callable(getattr(cls, operation["method_name"], None)), name
    assert len(document["operations"]) == {"ncp": 32, "huawei": 45}[provider]


def test_generated_ncp_operations_run_against_the_emulator(client: secretmanager.Client, unique_name) -> None:
    created = client.create_secret(unique_name(), secretmanager.NewSecretValue({"password": "first-Pa55"}, ("password",)))  # type: ignore[arg-type]
    page = client.get_secret_list()
    listed = [secret.secret_id for secret in page.secret_list]
    for page_no in range(2, page.total_page_no + 1):  # other tests' secrets come first
        listed += [secret.secret_id for secret in client.get_secret_list(page_no=page_no).secret_list]
    assert created.secret_id in listed and len(listed) == page.total_count
    updated = client.update_secret_stage_value(created.secret_id, secretmanager.SecretStage.PENDING, secretmanager.SecretStr('{"password":"second-Pa55"}')
    )
    assert isinstance(updated.secret_value.value, secretmanager.SecretStr)
    assert "second-Pa55" not in repr(updated)
    stage = client.get_secret_stage_value(created.secret_id, "pending")
    assert stage.value.reveal_json() == {"password": "second-Pa55"}
    assert stage.value_stage is secretmanager.ValueStage.PENDING
    logs = client.get_secret_logs(created.secret_id, page_size=5)
    assert logs.entries and all(entry.create_date is None or entry.create_date.year >= 2020 for entry in logs.entries)
    with pytest.raises(secretmanager.InvalidArgumentError, match="rotationPeriod"):
        client.update_rotation_period(created.secret_id, 731)
    with pytest.raises(secretmanager.NotFoundError):
        client.get_secret_detail("no-such-secret-id")


def test_a_common_huawei_secret_rotates_from_python(emulator: Emulator) -> None:
    with huawei_client(emulator) as client:
        client.create_secret("py-generated", secret_string={"password": "v1-Pa55"})
        version = client.create_secret_version("py-generated", secret_string={"password": "v2-Pa55"})
        stage = client.show_secret_stage("py-generated", "SYSCURRENT")
        assert stage.stage.version_id == version.version_metadata.id
        read = client.show_secret_version("py-generated", version.version_metadata.id)
        assert read.version.secret_string.reveal_json() == {"password": "v2-Pa55"}
        binary = client.create_secret_version("py-generated", secret_binary=b"\x00\x01\xff")
        read = client.show_secret_version("py-generated", binary.version_metadata.id)
        # As in Rust, the answer holds the binary value as CSMS sends it: base64 text.
        assert base64.b64decode(read.version.secret_binary.reveal()) == b"\x00\x01\xff"
        versions = client.list_secret_versions("py-generated")
        assert len(versions.version_metadatas) == 3
        updated = client.update_secret("py-generated", description="rotated from python")
        assert updated.secret.description == "rotated from python"


def test_decoded_results_are_frozen_dataclasses_equal_to_constructed_ones() -> None:
    import dataclasses

    class Canned(secretmanager.ncp.NcpOperations):
        def _call_json(self, operation: str, request: bytes) -> bytes:
            assert (operation, json.loads(request)) == ("GetSecretValue", {"secretId": "s-1"})
            return b'{"chain":{"previous":null,"active":"{\\"pw\\":\\"x\\"}"},"rotationTargets":["pw"]}'

    value = Canned().get_secret_value("s-1")
    expected = secretmanager.SecretValueChain(
        secretmanager.SecretChain(previous=None, active=secretmanager.SecretStr('{"pw":"x"}')), ("pw",)
    )
    assert value == expected and value.chain.pending is None, "absent fields take their defaults"
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.rotation_targets = ()  # type: ignore[misc]
    assert '"pw":"x"' not in repr(value) and "SecretStr('**********')" in repr(value)
