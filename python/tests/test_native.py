"""The loaded library: declared bindings, struct defaults, statuses, version, loading errors."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pytest

import secretmanager
from secretmanager import _native, errors

from .conftest import REPO_ROOT


def test_every_binding_is_declared_on_the_loaded_library() -> None:
    native = _native.lib()
    for name, (restype, argtypes) in _native.SIGNATURES.items():
        func = getattr(native, name)
        assert func.argtypes == argtypes, name
        assert func.restype == restype, name
    with pytest.raises(AttributeError, match="not a function of include/secretmanager.h"):
        native.sm_not_a_function  # noqa: B018


def test_client_options_struct_matches_the_library_defaults() -> None:
    options = _native.sm_client_options(
        endpoint_preset=77, connect_timeout_ms=5, max_retries=9, user_agent=b"x"
    )
    assert _native.lib().sm_client_options_init(ctypes.byref(options)) == _native.SM_OK
    assert options.endpoint_preset == _native.SM_ENDPOINT_KR_GLOBAL
    assert options.endpoint_url is None and options.access_key is None
    assert options.secret_key is None and options.user_agent is None
    assert (options.connect_timeout_ms, options.read_timeout_ms, options.total_timeout_ms) == (0, 0, 0)
    assert options.max_retries == -1


def test_random_options_struct_matches_the_library_defaults() -> None:
    options = _native.sm_random_secret_options(length=1, exclude_numbers=True, include_space=False)
    assert _native.lib().sm_random_secret_options_init(ctypes.byref(options)) == _native.SM_OK
    assert options.length == 12
    assert options.exclude_characters is None
    assert not any(
        [options.exclude_numbers, options.exclude_punctuation, options.exclude_uppercase, options.exclude_lowercase]
    )
    assert options.include_space and options.require_each_included_type


def test_huawei_options_struct_matches_the_library_defaults() -> None:
    options = _native.sm_huawei_client_options(region=b"r", read_timeout_ms=3, max_retries=4)
    assert _native.lib().sm_huawei_client_options_init(ctypes.byref(options)) == _native.SM_OK
    assert options.region is None and options.endpoint_url is None and options.auth_token is None
    assert (options.connect_timeout_ms, options.read_timeout_ms, options.total_timeout_ms) == (0, 0, 0)
    assert options.max_retries == -1


def test_init_functions_refuse_null() -> None:
    assert _native.lib().sm_client_options_init(None) == 1  # SM_INVALID_ARGUMENT


def test_every_status_has_a_description_and_an_exception() -> None:
    for number, name in _native.STATUS_NAMES.items():
        described = _native.lib().sm_status_str(number).decode("utf-8")
        assert described != "unknown status", name
        if number:
            assert name in errors.ERRORS_BY_STATUS
    assert _native.lib().sm_status_str(4242) == b"unknown status"


def test_version_is_the_library_and_package_version() -> None:
    cargo = (REPO_ROOT / "Cargo.toml").read_text(encoding="utf-8")
    workspace_version = re.search(r'^version = "([^"]+)"', cargo, re.M)
    assert workspace_version is not None
    assert secretmanager.__version__ == workspace_version.group(1)
    pyproject = (REPO_ROOT / "python" / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{secretmanager.__version__}"' in pyproject


def test_library_path_env_var_must_name_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "nope.so"
    monkeypatch.setenv(_native.LIBRARY_ENV, str(missing))
    with pytest.raises(secretmanager.LibraryNotFoundError, match="not a file"):
        _native.library_path()


def test_library_path_without_env_var_explains_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_native.LIBRARY_ENV)
    bundled = [Path(_native.__file__).parent / n for n in _native._library_names()]
    if any(p.is_file() for p in bundled):
        assert _native.library_path() in bundled
    else:
        with pytest.raises(secretmanager.LibraryNotFoundError, match="SECRETMANAGER_LIBRARY"):
            _native.library_path()


def test_loading_a_file_that_is_not_a_library_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "libsecretmanager.so"
    bogus.write_bytes(b"not a shared library")
    with pytest.raises(secretmanager.LibraryNotFoundError, match="cannot load"):
        _native.Library(bogus)
