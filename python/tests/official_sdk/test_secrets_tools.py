"""Passwords, secret checks and the check configuration through the official SDK."""

from __future__ import annotations

from typing import Any

from huaweicloudsdkcsms.v1 import (
    CheckSecretsRequest,
    CheckSecretsRequestBody,
    CreatePasswordRequestBody,
    GenerateRandomPasswordRequest,
    ShowSecretsConfigRequest,
    UpdateSecretsConfigRequest,
    UpdateSecretsConfigRequestBody,
)


def test_generate_random_password(csms: Any, sdk_error: Any) -> None:
    default = csms.generate_random_password(GenerateRandomPasswordRequest(body=CreatePasswordRequestBody()))
    assert len(default.password) == 32
    digits = csms.generate_random_password(
        GenerateRandomPasswordRequest(
            body=CreatePasswordRequestBody(
                length=100, exclude_lowercase=True, exclude_uppercase=True, exclude_punctuation=True
            )
        )
    ).password
    assert len(digits) == 100 and digits.isdigit()
    too_long = sdk_error(
        csms.generate_random_password, GenerateRandomPasswordRequest(body=CreatePasswordRequestBody(length=256))
    )
    assert too_long.error_code == "CSMS.0002"


def test_check_secrets_and_the_configuration(csms: Any, sdk_error: Any) -> None:
    checked = csms.check_secrets(
        CheckSecretsRequest(body=CheckSecretsRequestBody(type="1", data={"weak": "abc", "strong": "Str0ng-Passw0rd!"}))
    )
    assert checked.type == "1"
    assert checked.data == {"weak": "WEAK", "strong": "STRONG"}
    wrong = sdk_error(csms.check_secrets, CheckSecretsRequest(body=CheckSecretsRequestBody(type="9", data={})))
    assert wrong.error_code == "CSMS.0002"

    before = csms.show_secrets_config(ShowSecretsConfigRequest()).checking_secret_strength
    try:
        flipped = csms.update_secrets_config(
            UpdateSecretsConfigRequest(body=UpdateSecretsConfigRequestBody(checking_secret_strength=not before))
        )
        assert flipped.checking_secret_strength is (not before)
        assert csms.show_secrets_config(ShowSecretsConfigRequest()).checking_secret_strength is (not before)
    finally:
        csms.update_secrets_config(
            UpdateSecretsConfigRequest(body=UpdateSecretsConfigRequestBody(checking_secret_strength=before))
        )
