"""The Huawei COMMON-secret rotation helper, :meth:`HuaweiClient.rotate_common`, run by the C
library's ``sm_huawei_rotate_common`` with this module's callbacks.

The steps are the Rust helper's: read the version SYSCURRENT points at, produce the next value
(a password drawn by GenerateRandomPassword, or the caller's ``produce``), store it as a new
version under a pending stage only, the caller's ``apply`` (which sets the new value on the
target system and tests it), then move SYSCURRENT to the new version. A failed ``apply`` drops
the pending stage and SYSCURRENT never moves; a failed promotion keeps the new version under
the pending stage, named by :attr:`CommonRotationError.version_id`.
"""

from __future__ import annotations

import ctypes
from ctypes import POINTER, byref, c_char, c_uint32
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Union

from . import _native
from ._calls import call, take_string
from ._convert import encode
from ._native import lib
from .errors import SecretManagerError
from .models import SecretStr, json_text

Produce = Callable[[Optional[SecretStr]], Union[str, SecretStr, Dict[str, Any]]]
"""Makes the next value from the current one (``None`` for a binary secret); a dict is sent as
its JSON text."""

Apply = Callable[[str, SecretStr], None]
"""Sets the new value on the target system of secret ``secret_name`` and tests it."""

_STEPS = {
    _native.SM_HUAWEI_ROTATION_STEP_NONE: None,
    _native.SM_HUAWEI_ROTATION_STEP_READ_CURRENT: "read_current",
    _native.SM_HUAWEI_ROTATION_STEP_PRODUCE: "produce",
    _native.SM_HUAWEI_ROTATION_STEP_CREATE_VERSION: "create_version",
    _native.SM_HUAWEI_ROTATION_STEP_APPLY: "apply",
    _native.SM_HUAWEI_ROTATION_STEP_PROMOTE: "promote",
}


@dataclass(frozen=True)
class CommonRotation:
    """A completed rotation of a COMMON secret: the version that became SYSCURRENT and its
    value."""

    version_id: str
    value: SecretStr


class CommonRotationError(SecretManagerError):
    """A rotation of a COMMON secret that did not complete.

    ``step`` is the step that failed (``"read_current"``, ``"produce"``, ``"create_version"``,
    ``"apply"``, ``"promote"``), ``version_id`` the new version when it was created (after a
    failed ``"promote"`` it keeps the pending stage: promote it again with
    ``update_secret_stage(name, "SYSCURRENT", version_id)``), and ``error`` the library's error
    (also ``__cause__``, unless the caller's own function raised, which is then the cause).
    SYSCURRENT still points at the version it pointed at before.
    """

    step: Optional[str]
    version_id: Optional[str]
    error: SecretManagerError

    def __init__(self, error: SecretManagerError, step: Optional[str], version_id: Optional[str]) -> None:
        super().__init__(
            error.message,
            status=error.status,
            http_status=error.http_status,
            code=error.code,
            request_id=error.request_id,
            retryable=error.retryable,
        )
        self.error, self.step, self.version_id = error, step, version_id


class HuaweiRotation:
    """The rotation helper of :class:`secretmanager.HuaweiClient`."""

    def _run(self, body: Callable[..., Any], *args: Any) -> Any:
        raise NotImplementedError

    def rotate_common(
        self,
        secret_name: str,
        apply: Apply,
        *,
        produce: Optional[Produce] = None,
        password_length: Optional[int] = None,
        exclude_characters: Optional[str] = None,
        pending_stage: Optional[str] = None,
    ) -> CommonRotation:
        """Rotates COMMON secret ``secret_name``, never losing the current value; returns the
        version that became SYSCURRENT, with its value.

        The next value is ``produce(current)`` when given, else a password GenerateRandomPassword
        draws (``password_length`` characters, without ``exclude_characters``). It is stored as
        a new version under ``pending_stage`` (default ``"PENDING"``) while readers keep the
        current value; ``apply(secret_name, new_value)`` sets it on the target system (an
        exception it raises fails the rotation, and is the ``__cause__`` of the
        :class:`CommonRotationError`); then SYSCURRENT moves to it and SYSPREVIOUS to the former
        version. An argument refused before anything is sent raises the library's own error
        (:class:`~secretmanager.InvalidArgumentError`).
        """
        if produce is not None and (password_length is not None or exclude_characters is not None):
            raise ValueError("`password_length` and `exclude_characters` shape a random password, not `produce`")
        raised: List[BaseException] = []
        applied: List[SecretStr] = []

        def on_produce(_: Any, current: Optional[bytes], sink: Any) -> int:
            try:
                assert produce is not None
                value = None if current is None else SecretStr(current.decode("utf-8"))
                text = _value_text(produce(value)).encode("utf-8")
                call(lib().sm_value_sink_set, sink, text)  # a refused value raises, named
                return 0
            except BaseException as exc:  # noqa: BLE001 - handed back after the C call returns
                raised.append(exc)
                return 1

        def on_apply(_: Any, name: bytes, current: Optional[bytes], version: bytes, new_value: bytes) -> int:
            try:
                value = SecretStr(new_value.decode("utf-8"))
                apply(name.decode("utf-8"), value)
                applied.append(value)
                return 0
            except BaseException as exc:  # noqa: BLE001 - handed back after the C call returns
                raised.append(exc)
                return 1

        options = _native.sm_huawei_rotation_options()
        lib().sm_huawei_rotation_options_init(byref(options), ctypes.sizeof(options))
        keep = (
            encode(pending_stage, "pending_stage"),
            encode(exclude_characters, "exclude_characters"),
        )
        options.pending_stage, options.exclude_characters = keep
        if password_length is not None:
            if isinstance(password_length, bool) or not isinstance(password_length, int) or password_length < 1:
                raise ValueError("`password_length` must be a positive int")
            options.password_length = password_length
        produce_fn = _native.sm_huawei_produce_fn(on_produce) if produce else _native.sm_huawei_produce_fn()
        options.produce = produce_fn
        apply_fn = _native.sm_huawei_apply_fn(on_apply)
        version, step = POINTER(c_char)(), c_uint32()

        def body(client: Any) -> None:
            call(
                lib().sm_huawei_rotate_common,
                client,
                encode(secret_name, "secret_name"),
                byref(options),
                apply_fn,
                None,
                byref(version),
                byref(step),
            )

        try:
            try:
                self._run(body)
            finally:
                taken = take_string(version)
                version_id = None if taken is None else taken.decode("utf-8")
        except SecretManagerError as error:
            failed_step = _STEPS.get(step.value)
            if failed_step is None:
                raise  # refused before anything was sent (InvalidArgumentError...)
            raise CommonRotationError(error, failed_step, version_id) from (raised[0] if raised else error)
        assert version_id is not None and applied
        return CommonRotation(version_id, applied[0])


def _value_text(value: Union[str, SecretStr, Dict[str, Any]]) -> str:
    """The text of a produced value: a str or SecretStr as it is, a dict as JSON."""
    if isinstance(value, SecretStr):
        return value.reveal()
    if isinstance(value, str):
        return value
    return json_text(value, "the produced value")
