"""Loading ``libsecretmanager`` and declaring the C functions this package calls.

The library is found through the ``SECRETMANAGER_LIBRARY`` environment variable (a path to the
shared library), else next to this package (where the wheel puts it), else installed on the
system under its versioned name (``libsecretmanager.so.N``). Every function of the library is declared with its ``argtypes`` and
``restype``, and the C structs are mirrored field by field, by :mod:`secretmanager._ffi`, which
``scripts/generate_python.py`` generates from ``include/secretmanager.h``.

Ownership rules (from the header):

* objects returned through ``T **out`` are owned and freed with their ``sm_*_free``;
* strings read from an object belong to it (``c_char_p`` is fine: ctypes copies them);
* owned ``char *`` outputs are declared as ``POINTER(c_char)`` (not ``c_char_p``, which would
  lose the pointer) so that it can be handed back to ``sm_string_free``.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Tuple

LIBRARY_ENV = "SECRETMANAGER_LIBRARY"
"""Environment variable naming the shared library to load."""


class LibraryNotFoundError(ImportError):
    """The shared library could not be found or loaded."""


class LibraryVersionError(ImportError):
    """The shared library's version (``sm_version``) differs from this package's in its major
    or minor number: the bindings may not match the library's functions and structs."""


def _library_names() -> Tuple[str, ...]:
    if sys.platform == "darwin":
        return ("libsecretmanager.dylib",)
    if sys.platform == "win32":
        return ("secretmanager.dll", "libsecretmanager.dll")
    return ("libsecretmanager.so",)


def library_path() -> Path:
    """The library this package loads: ``SECRETMANAGER_LIBRARY`` when set; else the one the
    wheel carries, next to this module; else a system-installed ``libsecretmanager.so.N``
    (a bare file name, which the system's loader looks up in its usual folders)."""
    configured = os.environ.get(LIBRARY_ENV)
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise LibraryNotFoundError(
                f"{LIBRARY_ENV} is set to {configured!r}, which is not a file; "
                "point it at libsecretmanager.so / .dylib / .dll"
            )
        return path
    here = Path(__file__).resolve().parent
    bundled = _bundled(here)
    if bundled is not None:
        return bundled
    for name in _system_names():
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return Path(name)
    raise LibraryNotFoundError(
        f"cannot find the secretmanager C library: set {LIBRARY_ENV} to the path of "
        f"{' or '.join(_library_names())} (built by `cargo build -p secretmanager-ffi`), "
        f"place it next to the package in {here}, or install it on the system "
        f"({' or '.join(_system_names())})"
    )


def _bundled(here: Path) -> Optional[Path]:
    """The library next to this module: under its plain name, or under the name a wheel build
    gives it (``libsecretmanager.cpython-311-x86_64-linux-gnu.so``: an extension module's
    name, although it is loaded with ctypes, never imported)."""
    for name in _library_names():
        if (here / name).is_file():
            return here / name
    stem, dot, suffix = _library_names()[0].rpartition(".")
    for candidate in sorted(here.glob(f"{stem}.*{dot}{suffix}")):
        if candidate.is_file():
            return candidate
    return None


def _system_names() -> Tuple[str, ...]:
    """The names of a system-installed library of this package's version, by SONAME."""
    if sys.platform == "darwin":
        return (f"libsecretmanager.{SM_VERSION_MAJOR}.dylib",)
    if sys.platform == "win32":
        return ()
    return (f"libsecretmanager.so.{SM_VERSION_MAJOR}.{SM_VERSION_MINOR}", f"libsecretmanager.so.{SM_VERSION_MAJOR}")


# ---------------------------------------------------------------------------------------------
# The C declarations: generated from the header into _ffi.py (handles, struct mirrors,
# constants, status names and every function's types).

from ._ffi import *  # noqa: E402,F401,F403
from ._ffi import SIGNATURES, SM_STATUS_NAMES, SM_VERSION, SM_VERSION_MAJOR, SM_VERSION_MINOR  # noqa: E402

STATUS_NAMES: Dict[int, str] = SM_STATUS_NAMES
"""The ``sm_status`` values, by number."""


class Library:
    """The loaded library, with every function of :data:`SIGNATURES` declared."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._dll = ctypes.CDLL(str(path))
        except OSError as exc:
            raise LibraryNotFoundError(f"cannot load the secretmanager C library {path}: {exc}") from exc
        missing = [name for name in SIGNATURES if not hasattr(self._dll, name)]
        if missing:
            raise LibraryNotFoundError(
                f"the secretmanager C library {path} lacks {', '.join(missing)}; "
                "it is older than this Python package"
            )
        for name, (restype, argtypes) in SIGNATURES.items():
            func = getattr(self._dll, name)
            func.restype = restype
            func.argtypes = argtypes
            setattr(self, name, func)
        # The library's version, as sm_version returns it; refused unless it matches ours.
        self.version = check_version(self.sm_version(), path)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        # Only reached for names not set in __init__, i.e. functions this package never declared.
        raise AttributeError(f"{name} is not a function of include/secretmanager.h")


def check_version(reported: Optional[bytes], path: Path) -> str:
    """The library version ``reported`` by ``sm_version``, checked against this package's
    (:data:`SM_VERSION`): the major and minor numbers must be equal, the patch may differ.
    Raises :class:`LibraryVersionError`, naming both versions, when they do not."""
    version = (reported or b"").decode("utf-8", "replace")
    numbers = version.split(".")
    try:
        found: Optional[Tuple[int, int]] = (int(numbers[0]), int(numbers[1]))
    except (IndexError, ValueError):
        found = None
    wanted = (SM_VERSION_MAJOR, SM_VERSION_MINOR)
    if found != wanted:
        raise LibraryVersionError(
            f"the secretmanager C library {path} is version {version!r}, but this Python package "
            f"is version {SM_VERSION!r} and needs a library {wanted[0]}.{wanted[1]}.x: install "
            f"matching versions, or point {LIBRARY_ENV} at a library of version {wanted[0]}.{wanted[1]}"
        )
    return version


_LIBRARY: Optional[Library] = None


def lib() -> Library:
    """The loaded library (loaded on first use)."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = Library(library_path())
    return _LIBRARY


def text(value: Optional[bytes]) -> Optional[str]:
    """Decodes a borrowed C string (``c_char_p`` result); ``None`` for NULL."""
    return None if value is None else value.decode("utf-8")
