"""The loaded library: declared bindings, struct defaults, statuses, version, loading errors."""

from __future__ import annotations

import ctypes
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import secretmanager
from secretmanager import _native, errors

from .conftest import INSTALLED, REPO_ROOT, Emulator


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
    status = _native.lib().sm_client_options_init(ctypes.byref(options), ctypes.sizeof(options))
    assert status == _native.SM_OK and options.struct_size == ctypes.sizeof(options)
    assert options.endpoint_preset == _native.SM_ENDPOINT_KR_GLOBAL
    assert options.endpoint_url is None and options.access_key is None
    assert options.secret_key is None and options.user_agent is None
    assert (options.connect_timeout_ms, options.read_timeout_ms, options.total_timeout_ms) == (0, 0, 0)
    assert options.max_retries == -1


def test_random_options_struct_matches_the_library_defaults() -> None:
    options = _native.sm_random_secret_options(length=1, exclude_numbers=True, include_space=False)
    status = _native.lib().sm_random_secret_options_init(ctypes.byref(options), ctypes.sizeof(options))
    assert status == _native.SM_OK and options.struct_size == ctypes.sizeof(options)
    assert options.length == 12
    assert options.exclude_characters is None
    assert not any(
        [options.exclude_numbers, options.exclude_punctuation, options.exclude_uppercase, options.exclude_lowercase]
    )
    assert options.include_space and options.require_each_included_type


def test_huawei_options_struct_matches_the_library_defaults() -> None:
    options = _native.sm_huawei_client_options(region=b"r", read_timeout_ms=3, max_retries=4)
    status = _native.lib().sm_huawei_client_options_init(ctypes.byref(options), ctypes.sizeof(options))
    assert status == _native.SM_OK and options.struct_size == ctypes.sizeof(options)
    assert options.region is None and options.endpoint_url is None and options.auth_token is None
    assert (options.connect_timeout_ms, options.read_timeout_ms, options.total_timeout_ms) == (0, 0, 0)
    assert options.max_retries == -1


SIZED_STRUCTS = [
    _native.sm_client_options,
    _native.sm_huawei_client_options,
    _native.sm_create_secret_request,
    _native.sm_random_secret_options,
    _native.sm_secret_value_update,
    _native.sm_huawei_create_secret_request,
    _native.sm_huawei_create_secret_version_request,
    _native.sm_huawei_update_secret_request,
]


@pytest.mark.parametrize("struct", SIZED_STRUCTS, ids=lambda s: s.__name__)
def test_init_functions_refuse_null_and_sizes_out_of_range(struct: type) -> None:
    init = getattr(_native.lib(), f"{struct.__name__}_init")
    size = ctypes.sizeof(struct)
    assert init(None, size) == 1  # SM_INVALID_ARGUMENT
    target = struct(struct_size=12345)
    for bad_size in (0, 8, size + 1):
        assert init(ctypes.byref(target), bad_size) == 1, bad_size
        assert target.struct_size == 12345, "a refused size writes nothing"
    assert init(ctypes.byref(target), size) == _native.SM_OK and target.struct_size == size


@pytest.mark.parametrize(
    "struct",
    [
        _native.sm_create_secret_request,
        _native.sm_secret_value_update,
        _native.sm_huawei_create_secret_request,
        _native.sm_huawei_create_secret_version_request,
        _native.sm_huawei_update_secret_request,
    ],
    ids=lambda s: s.__name__,
)
def test_a_new_request_mirror_is_what_its_init_function_writes(struct: type) -> None:
    # The client builds these structs directly: a new mirror must hold the library's defaults.
    built = struct()
    initialised = struct(struct_size=0)
    init = getattr(_native.lib(), f"{struct.__name__}_init")
    assert init(ctypes.byref(initialised), ctypes.sizeof(initialised)) == _native.SM_OK
    assert built.struct_size == ctypes.sizeof(struct) > 0
    for field, _ in struct._fields_:
        assert _plain(getattr(built, field)) == _plain(getattr(initialised, field)), field


def _plain(value: object) -> object:
    """A field's value, with a pointer as its address (ctypes pointers compare by identity)."""
    if isinstance(value, ctypes._Pointer):
        return ctypes.cast(value, ctypes.c_void_p).value
    return value


def test_a_shorter_struct_size_is_honoured_by_the_library(emulator: Emulator) -> None:
    # A caller of an older layout: struct_size ends before max_response_bytes, which holds 1.
    # The library must not read it (else every answer, longer than 1 byte, would be refused).
    native = _native.lib()
    options = _native.sm_client_options()
    assert native.sm_client_options_init(ctypes.byref(options), ctypes.sizeof(options)) == _native.SM_OK
    options.endpoint_preset = _native.SM_ENDPOINT_URL
    options.endpoint_url = emulator.url.encode()
    options.access_key = emulator.access_key.encode()
    options.secret_key = emulator.secret_key.encode()
    options.max_retries = 0
    options.max_response_bytes = 1
    outcomes = {}
    for size in (_native.sm_client_options.max_response_bytes.offset, ctypes.sizeof(options)):
        options.struct_size = size
        client = ctypes.POINTER(_native.sm_client)()
        err = ctypes.POINTER(_native.sm_error)()
        assert native.sm_client_new(ctypes.byref(options), ctypes.byref(client), ctypes.byref(err)) == 0
        page = ctypes.POINTER(_native.sm_secret_list)()
        outcomes[size] = native.sm_list_secrets(client, None, ctypes.byref(page), ctypes.byref(err))
        native.sm_secret_list_free(page)
        native.sm_error_free(err)
        native.sm_client_free(client)
    assert list(outcomes.values()) == [_native.SM_OK, 21], outcomes  # 21: SM_TRANSPORT_ERROR


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
    # The package's version is read from Cargo.toml when it is built (python/setup.py).
    pyproject = (REPO_ROOT / "python" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    if INSTALLED:
        assert importlib.metadata.version("secretmanager") == workspace_version.group(1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux SONAME")
def test_the_versioned_system_names_follow_the_package_version() -> None:
    major, minor = _native.SM_VERSION_MAJOR, _native.SM_VERSION_MINOR
    assert _native._system_names() == (f"libsecretmanager.so.{major}.{minor}", f"libsecretmanager.so.{major}")


def test_package_version_is_the_header_version_the_bindings_mirror() -> None:
    assert _native.SM_VERSION == secretmanager.__version__
    assert _native.lib().version == secretmanager.__version__


@pytest.mark.parametrize("field", ["SM_VERSION_MAJOR", "SM_VERSION_MINOR"])
def test_a_library_of_another_major_or_minor_version_is_refused(
    monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    # The real library (its real sm_version), loaded by a package that wants another version.
    monkeypatch.setattr(_native, field, getattr(_native, field) + 7)
    wanted = f"{_native.SM_VERSION_MAJOR}.{_native.SM_VERSION_MINOR}"
    monkeypatch.setattr(_native, "SM_VERSION", f"{wanted}.0")
    with pytest.raises(ImportError) as raised:
        _native.Library(_native.library_path())
    assert isinstance(raised.value, secretmanager.LibraryVersionError)
    message = str(raised.value)
    assert f"is version '{secretmanager.__version__}'" in message, message
    assert f"is version '{wanted}.0'" in message and f"needs a library {wanted}.x" in message, message


def test_a_library_of_another_patch_version_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_native, "SM_VERSION_PATCH", _native.SM_VERSION_PATCH + 3)
    assert _native.Library(_native.library_path()).version == secretmanager.__version__


@pytest.mark.parametrize("reported", [None, b"", b"garbage", b"1", b"x.1.0"])
def test_an_unreadable_library_version_is_refused(reported: object) -> None:
    with pytest.raises(secretmanager.LibraryVersionError, match="needs a library"):
        _native.check_version(reported, Path("libsecretmanager.so"))  # type: ignore[arg-type]


def test_importing_the_package_checks_the_library_version(tmp_path: Path) -> None:
    # A copy of the package that expects another minor version, imported in a fresh
    # interpreter against the real library: the import itself must fail, naming both versions.
    package = tmp_path / "secretmanager"
    shutil.copytree(Path(secretmanager.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    native = package / "_ffi.py"
    source = native.read_text(encoding="utf-8")
    minor = f"SM_VERSION_MINOR = {_native.SM_VERSION_MINOR}\n"
    assert source.count(minor) == 1
    native.write_text(source.replace(minor, f"SM_VERSION_MINOR = {_native.SM_VERSION_MINOR + 1}\n"), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path), SECRETMANAGER_LIBRARY=str(_native.library_path()))
    run = subprocess.run(
        [sys.executable, "-c", "import secretmanager"], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode != 0, run.stdout
    assert "LibraryVersionError" in run.stderr, run.stderr
    assert f"is version '{secretmanager.__version__}'" in run.stderr, run.stderr
    assert f"needs a library {_native.SM_VERSION_MAJOR}.{_native.SM_VERSION_MINOR + 1}.x" in run.stderr
    # The unmodified copy imports: the failure above is the version check, nothing else.
    native.write_text(source, encoding="utf-8")
    ok = subprocess.run(
        [sys.executable, "-c", "import secretmanager; print(secretmanager.__version__)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0 and ok.stdout.strip() == secretmanager.__version__, ok.stderr


def test_library_path_env_var_must_name_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "nope.so"
    monkeypatch.setenv(_native.LIBRARY_ENV, str(missing))
    with pytest.raises(secretmanager.LibraryNotFoundError, match="not a file"):
        _native.library_path()


def test_library_path_without_env_var_explains_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(_native.LIBRARY_ENV, raising=False)
    here = Path(_native.__file__).resolve().parent
    bundled = _native._bundled(here)
    if bundled is not None:  # the installed wheel: the library it carries
        assert _native.library_path() == bundled
    # With nothing bundled and nothing on the system, the error says what to do.
    monkeypatch.setattr(_native, "__file__", str(tmp_path / "_native.py"))
    monkeypatch.setattr(_native, "_system_names", lambda: ("libsecretmanager-not-installed.so.0",))
    with pytest.raises(secretmanager.LibraryNotFoundError, match="SECRETMANAGER_LIBRARY") as raised:
        _native.library_path()
    assert "libsecretmanager-not-installed.so.0" in str(raised.value)


def test_a_wheel_built_library_name_is_found_next_to_the_package(tmp_path: Path) -> None:
    # setuptools-rust names the library as an extension module.
    built = tmp_path / "libsecretmanager.cpython-311-x86_64-linux-gnu.so"
    built.write_bytes(b"")
    assert _native._bundled(tmp_path) == built
    plain = tmp_path / "libsecretmanager.so"
    plain.write_bytes(b"")
    assert _native._bundled(tmp_path) == plain, "the plain name wins"


def test_a_system_library_is_found_by_its_versioned_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No variable, nothing bundled: the loader finds libsecretmanager.so.N where it looks
    # (here LD_LIBRARY_PATH is not re-read by a running process, so a full path stands in).
    monkeypatch.delenv(_native.LIBRARY_ENV, raising=False)
    monkeypatch.setattr(_native, "__file__", str(tmp_path / "_native.py"))
    real = str(_native.lib().path)
    monkeypatch.setattr(_native, "_system_names", lambda: ("libsecretmanager-missing.so.0", real))
    assert str(_native.library_path()) == real


def test_loading_a_file_that_is_not_a_library_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "libsecretmanager.so"
    bogus.write_bytes(b"not a shared library")
    with pytest.raises(secretmanager.LibraryNotFoundError, match="cannot load"):
        _native.Library(bogus)
