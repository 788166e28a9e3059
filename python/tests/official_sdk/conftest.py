"""Fixtures for driving the emulator with Huawei's official Python SDK (``huaweicloudsdkcsms``).

Nobody here wrote that SDK: its request models, signer and response models are Huawei's. A test
in this folder calls an operation through ``csms`` (a ``CsmsClient`` pointed at the emulator) and
checks the answer through the SDK's own response model, so the emulator is held to the official
models, not to our reading of them. ``sdk_error`` runs a call that must fail and returns the
SDK's exception (status, ``error_code``, ``error_msg``, request id).
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcsms.v1 import CsmsClient

from ..conftest import Emulator


def _http_config() -> HttpConfig:
    config = HttpConfig.get_default_config()
    config.timeout = (10, 30)  # connect, read: seconds
    return config


@pytest.fixture(scope="session")
def csms(emulator: Emulator) -> CsmsClient:
    """The official client, signing with ``SDK-HMAC-SHA256`` and the emulator's Huawei keys.

    It serves the account-wide operations (``/v1/csms/...``: agencies, users, function
    templates) too: ``CsmsClient`` takes project credentials only, which send ``X-Project-Id``
    on those calls as on the others."""
    credentials = BasicCredentials(
        emulator.facts["huawei_access_key"],
        emulator.facts["huawei_secret_key"],
        emulator.facts["huawei_project_id"],
    )
    return (
        CsmsClient.new_builder()
        .with_http_config(_http_config())
        .with_credentials(credentials)
        .with_endpoints([emulator.url])
        .build()
    )


@pytest.fixture
def sdk_error() -> Callable[..., ClientRequestException]:
    """``sdk_error(call, *args)`` runs ``call(*args)``, which must raise the SDK's
    ``ClientRequestException``, and returns it."""

    def run(call: Callable[..., Any], *args: Any) -> ClientRequestException:
        with pytest.raises(ClientRequestException) as caught:
            call(*args)
        return caught.value

    return run
