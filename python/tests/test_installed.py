"""When the suite runs against the installed wheel (as scripts/test-python.sh runs it), the
package and its library come from the wheel: no environment variable, no source tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import secretmanager
from secretmanager import _native

from .conftest import INSTALLED, REPO_ROOT

pytestmark = pytest.mark.skipif(not INSTALLED, reason="runs against the installed wheel only")


def test_the_package_is_the_installed_one() -> None:
    package = Path(secretmanager.__file__).resolve().parent
    assert REPO_ROOT / "python" not in package.parents, package
    assert "site-packages" in package.parts


def test_the_library_is_the_one_the_wheel_carries() -> None:
    assert "SECRETMANAGER_LIBRARY" not in os.environ
    library = Path(_native.lib().path)
    assert library.parent == Path(_native.__file__).resolve().parent
    assert library.name.startswith("libsecretmanager")
    assert secretmanager.__version__ == _native.SM_VERSION


def test_the_package_is_typed() -> None:
    assert (Path(secretmanager.__file__).parent / "py.typed").is_file()
