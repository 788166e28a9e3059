"""The NCP rotation helper, :meth:`Client.rotate`: one rotation job from start to completion,
run by the C library's ``sm_rotate`` with this module's callbacks.

The steps are the Rust helper's: Start Rotation Job, a new PENDING value (drawn by NCP, drawn
with Generate Random Secret for each rotation target, or made by the caller's ``produce``),
the caller's ``apply`` (which sets the new value on the target system: a database password, an
API key...), Complete Rotation Job. When a step fails, Fail Rotation Job is sent (best effort)
and :class:`RotationError` says which step failed and whether the failure was reported; when
the completion's outcome is unknown, Fail Rotation Job is not sent.
"""

from __future__ import annotations

import ctypes
from ctypes import byref, c_uint32
from typing import Any, Callable, Dict, List, Optional, Union

from . import _native
from ._calls import call
from ._native import lib
from .errors import SecretManagerError
from .models import SecretStr, json_text

Produce = Callable[[Optional[SecretStr]], Union[str, SecretStr, Dict[str, Any]]]
"""Makes the new value from the current ACTIVE one (``None`` when there is none)."""

Apply = Callable[[str, SecretStr], None]
"""Sets the new value (a JSON object text) on the target system of secret ``secret_id``."""

_PENDING = {
    "random": _native.SM_PENDING_RANDOM,
    "generate": _native.SM_PENDING_GENERATE,
    "custom": _native.SM_PENDING_CUSTOM,
}
_STEPS = {
    _native.SM_ROTATION_STEP_NONE: None,
    _native.SM_ROTATION_STEP_START: "start",
    _native.SM_ROTATION_STEP_PENDING: "pending",
    _native.SM_ROTATION_STEP_APPLY: "apply",
    _native.SM_ROTATION_STEP_COMPLETE: "complete",
}
_REPORTS = {
    _native.SM_FAIL_NOT_SENT: "not sent",
    _native.SM_FAIL_REPORTED: "reported",
    _native.SM_FAIL_REPORT_FAILED: "report failed",
}


class RotationError(SecretManagerError):
    """A rotation job that did not complete.

    ``step`` is the step that failed (``"start"``, ``"pending"``, ``"apply"``,
    ``"complete"``), ``fail_report`` whether Fail Rotation Job was sent (``"reported"``,
    ``"report failed"``, ``"not sent"``: never when the completion's outcome is unknown), and
    ``error`` the library's error for the failed step (also ``__cause__``, unless the caller's
    own function raised, which is then the ``__cause__``).
    """

    step: Optional[str]
    fail_report: str
    error: SecretManagerError

    def __init__(self, error: SecretManagerError, step: Optional[str], fail_report: str) -> None:
        super().__init__(
            error.message,
            status=error.status,
            http_status=error.http_status,
            code=error.code,
            request_id=error.request_id,
            retryable=error.retryable,
        )
        self.error, self.step, self.fail_report = error, step, fail_report


def _active(chain: Any) -> Optional[SecretStr]:
    value = lib().sm_secret_chain_active(chain)
    return None if value is None else SecretStr(value.decode("utf-8"))


class NcpRotation:
    """The rotation helper of :class:`secretmanager.Client`."""

    def _run(self, body: Callable[..., Any], *args: Any) -> Any:
        raise NotImplementedError

    def rotate(
        self,
        secret_id: str,
        job_token: Union[str, SecretStr],
        apply: Apply,
        *,
        pending: Union[str, Produce] = "random",
        generate_options: Optional[Dict[str, Any]] = None,
    ) -> SecretStr:
        """Runs rotation job ``job_token`` of ``secret_id`` to completion; returns the value that
        became ACTIVE.

        ``pending`` is ``"random"`` (NCP draws the new value, Add Pending Stage),
        ``"generate"`` (Generate Random Secret draws each rotation target's new value, with
        ``generate_options``: the fields of ``sm_random_secret_options``, such as
        ``{"length": 20, "exclude_punctuation": True}``), or a function making the new value
        from the current ACTIVE one. ``apply(secret_id, new_value)`` sets it on the target
        system; an exception it raises fails the job (the exception is the ``__cause__`` of
        the :class:`RotationError`).
        """
        if callable(pending):
            how, produce = _PENDING["custom"], pending
        elif pending in _PENDING and pending != "custom":
            how, produce = _PENDING[pending], None
        else:
            raise ValueError(f"`pending` must be 'random', 'generate' or a function, not {pending!r}")
        raised: List[BaseException] = []
        outcome: List[SecretStr] = []

        def on_produce(_: Any, chain: Any, sink: Any) -> int:
            try:
                assert produce is not None
                text = json_text(produce(_active(chain)), "the produced value").encode("utf-8")
                call(lib().sm_value_sink_set, sink, text)  # a refused value raises, named
                return 0
            except BaseException as exc:  # noqa: BLE001 - handed back after the C call returns
                raised.append(exc)
                return 1

        def on_apply(_: Any, sid: bytes, chain: Any, new_value: bytes) -> int:
            try:
                value = SecretStr(new_value.decode("utf-8"))
                apply(sid.decode("utf-8"), value)
                outcome.append(value)
                return 0
            except BaseException as exc:  # noqa: BLE001 - handed back after the C call returns
                raised.append(exc)
                return 1

        produce_fn = _native.sm_rotation_produce_fn(on_produce) if produce else _native.sm_rotation_produce_fn()
        apply_fn = _native.sm_rotation_apply_fn(on_apply)
        options = None
        if generate_options is not None:
            options = _native.sm_random_secret_options()
            lib().sm_random_secret_options_init(byref(options), ctypes.sizeof(options))
            for field, value in generate_options.items():
                if field == "struct_size" or not hasattr(options, field):
                    raise ValueError(f"`generate_options` has no field {field!r}")
                setattr(options, field, value.encode("utf-8") if isinstance(value, str) else value)
        token = job_token.reveal() if isinstance(job_token, SecretStr) else job_token
        step, report = c_uint32(), c_uint32()

        def body(client: Any) -> None:
            call(
                lib().sm_rotate,
                client,
                secret_id.encode("utf-8"),
                token.encode("utf-8"),
                how,
                None if options is None else byref(options),
                produce_fn,
                apply_fn,
                None,
                byref(step),
                byref(report),
            )

        try:
            self._run(body)
        except SecretManagerError as error:
            failure = RotationError(error, _STEPS.get(step.value), _REPORTS.get(report.value, "not sent"))
            raise failure from (raised[0] if raised else error)
        return outcome[0]
