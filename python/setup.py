"""Builds the wheel with the C library inside: setuptools-rust compiles crates/ffi (a cdylib,
no Python binding) in release mode and places libsecretmanager.so in the package, where
``secretmanager._native`` finds it. The project's metadata is in pyproject.toml.

From a checkout the Rust workspace is the parent folder; an sdist carries a copy of it under
``rust/`` (see ``SdistWithWorkspace``), so that it builds anywhere cargo is.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.sdist import sdist
from setuptools_rust import Binding, RustExtension, Strip

try:  # setuptools 70.1 and later
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # pragma: no cover - older setuptools
    from wheel.bdist_wheel import bdist_wheel  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
VENDORED = HERE / "rust"
"""The workspace copy an sdist carries."""
WORKSPACE = VENDORED if (VENDORED / "Cargo.toml").is_file() else HERE.parent
"""The Rust workspace: the sdist's copy, or the checkout this folder is in."""
WORKSPACE_FILES = ("Cargo.toml", "Cargo.lock", "rustfmt.toml", "clippy.toml", "crates", "benches", "include", "schemas")
"""What building the library needs (every workspace member's manifest must be present)."""


def cargo_version() -> str:
    """The workspace's version: the package's version is the library's."""
    manifest = (WORKSPACE / "Cargo.toml").read_text(encoding="utf-8")
    found = re.search(r'^\[workspace\.package\][^\[]*?^version\s*=\s*"([^"]+)"', manifest, re.M | re.S)
    if not found:
        raise RuntimeError("no [workspace.package] version in Cargo.toml")
    return found.group(1)


class SdistWithWorkspace(sdist):
    """An sdist that carries the Rust workspace under ``rust/`` (build output left out)."""

    def make_release_tree(self, base_dir: str, files: list) -> None:  # type: ignore[type-arg]
        super().make_release_tree(base_dir, files)
        target = Path(base_dir) / "rust"
        for name in WORKSPACE_FILES:
            source = HERE.parent / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("target", "__pycache__"))
            elif source.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)


class PlatformWheel(bdist_wheel):  # type: ignore[misc]
    """A wheel for any Python 3 on this platform: the library is loaded with ctypes, so it
    depends on the platform, never on the interpreter's ABI (``py3-none-<platform>``)."""

    def get_tag(self) -> tuple:  # type: ignore[type-arg]
        _python, _abi, platform = super().get_tag()
        return "py3", "none", platform


setup(
    version=cargo_version(),
    rust_extensions=[
        RustExtension(
            "secretmanager.libsecretmanager",
            path=str(WORKSPACE / "crates" / "ffi" / "Cargo.toml"),
            binding=Binding.NoBinding,
            args=["--locked"],
            strip=Strip.Debug,
        )
    ],
    cmdclass={"sdist": SdistWithWorkspace, "bdist_wheel": PlatformWheel},
    zip_safe=False,
)
