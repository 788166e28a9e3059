"""The two clients: an NCP Secret Manager :class:`Client` and a Huawei CSMS
:class:`HuaweiClient`, thin layers over the C library's ``sm_client`` / ``sm_huawei_client``.

A client holds its settings in the library. Every operation is a generated method (from
:mod:`secretmanager.ncp` / :mod:`secretmanager.huawei`, named as the Rust client's) that sends
its request as JSON through ``sm_call`` / ``sm_huawei_call``; validation, signing, retries,
reading lost answers back and decoding all happen in the library. A failure raises the
exception of :mod:`secretmanager.errors` that matches its ``sm_status``.
"""

from __future__ import annotations

import ctypes
from ctypes import POINTER, byref
from typing import Optional, Union

from . import _native
from ._convert import (
    CaBundle,
    TextOrSecret,
    encode as _encode,
    endpoint as _endpoint,
    flag as _bool,
    max_response_bytes as _max_response_bytes,
    max_retries as _max_retries,
    timeout_ms as _timeout_ms,
    tls_trust as _tls_trust,
)
from ._calls import call as _call, check as _check
from ._handle import _Handle
from ._native import lib
from .huawei import HuaweiOperations
from .models import Endpoint
from .ncp import NcpOperations
from .huawei_rotation import HuaweiRotation
from .rotation import NcpRotation


class Client(_Handle, NcpRotation, NcpOperations):
    """An NCP Secret Manager client.

    ``endpoint`` is a base URL (``"http://127.0.0.1:8080"``) or an :class:`Endpoint`.
    ``access_key`` and ``secret_key`` are given together, or both left ``None`` to read
    ``NCLOUD_ACCESS_KEY`` / ``NCLOUD_SECRET_KEY`` from the environment. Timeouts are in seconds
    (``timeout`` bounds a whole call, its retries and the waits between them included: no
    attempt or wait starts that would end after it; default 60 s); ``max_retries`` counts
    retries of transient failures of operations safe to resend; ``max_response_bytes`` caps the
    answer body read (default 8 MiB). ``None`` keeps the library's default.
    ``proxy`` is a proxy URL (``"http://proxy.internal:3128"``); ``None`` reads
    ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``ALL_PROXY`` (honouring ``NO_PROXY``), and
    ``no_proxy=True`` never uses a proxy. An unusable proxy URL raises ConfigError.

    TLS trust: ``ca_bundle`` is a CA bundle that replaces every other root, as a file path
    (``str`` or path-like) or as PEM text (``bytes``, or a ``str`` holding ``-----BEGIN``);
    ``tls_roots="system"`` trusts the operating system's store, ``tls_roots="bundled"`` the
    Mozilla roots built into the library. Give at most one of them. With neither, the PEM file
    named by ``SSL_CERT_FILE`` is trusted when that is set, else the bundled roots. An
    unreadable or unusable bundle, or an empty system store, raises ConfigError. Verification
    cannot be turned off.

    Every NCP operation is a method named as the Rust client's (``create_secret``,
    ``get_secret_value``, ``start_rotation_job``...), taking the request's fields (path fields
    and required fields by position, the others by keyword) and returning the generated
    dataclass of :mod:`secretmanager.ncp`.

    One client may be shared by many threads. Use it as a context manager, or call
    :meth:`close`; a closed client raises ``ValueError``.
    """

    _free_name = "sm_client_free"
    _forget_name = "sm_client_forget_connections"


    def __init__(
        self,
        endpoint: Union[str, Endpoint] = Endpoint.KR_GLOBAL,
        access_key: Optional[str] = None,
        secret_key: Optional[TextOrSecret] = None,
        *,
        connect_timeout: Optional[float] = None,
        read_timeout: Optional[float] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        user_agent: Optional[str] = None,
        proxy: Optional[str] = None,
        no_proxy: bool = False,
        max_response_bytes: Optional[int] = None,
        ca_bundle: Optional[CaBundle] = None,
        tls_roots: Optional[str] = None,
    ) -> None:
        super().__init__()
        native = lib()
        options = _native.sm_client_options()
        _check(native.sm_client_options_init(byref(options), ctypes.sizeof(options)), POINTER(_native.sm_error)())
        preset, url = _endpoint(endpoint)
        keep = [
            url,
            _encode(access_key, "access_key"),
            _encode(secret_key, "secret_key", secret=True),
            _encode(user_agent, "user_agent"),
            _encode(proxy, "proxy", secret=True),
        ]
        options.endpoint_preset = preset
        (
            options.endpoint_url,
            options.access_key,
            options.secret_key,
            options.user_agent,
            options.proxy,
        ) = keep
        options.no_proxy = _bool(no_proxy, "no_proxy")
        options.connect_timeout_ms = _timeout_ms(connect_timeout, "connect_timeout")
        options.read_timeout_ms = _timeout_ms(read_timeout, "read_timeout")
        options.total_timeout_ms = _timeout_ms(timeout, "timeout")
        options.max_retries = _max_retries(max_retries)
        options.max_response_bytes = _max_response_bytes(max_response_bytes)
        options.tls_roots, options.ca_file, options.ca_pem = _tls_trust(ca_bundle, tls_roots)
        ptr = POINTER(_native.sm_client)()
        _call(native.sm_client_new, byref(options), byref(ptr))
        self._send_json = native.sm_call
        self._ptr = ptr


class HuaweiClient(_Handle, HuaweiRotation, HuaweiOperations):
    """A Huawei Cloud CSMS client, with one method per CSMS operation.

    Give ``region`` (``"cn-north-4"``) or ``endpoint`` (a base URL, which wins). Credentials are
    ``access_key`` + ``secret_key`` (+ ``security_token`` for temporary keys), or an IAM
    ``auth_token``, or nothing: then ``HUAWEICLOUD_SDK_AK`` / ``HUAWEICLOUD_SDK_SK`` are read
    from the environment. ``project_id`` defaults to ``HUAWEICLOUD_SDK_PROJECT_ID``. Timeouts,
    retries, ``proxy`` / ``no_proxy``, TLS trust (``ca_bundle``, ``tls_roots``), threads and
    closing work as for :class:`Client`.
    """

    _free_name = "sm_huawei_client_free"
    _forget_name = "sm_huawei_client_forget_connections"


    def __init__(
        self,
        region: Optional[str] = None,
        *,
        endpoint: Optional[str] = None,
        project_id: Optional[str] = None,
        access_key: Optional[str] = None,
        secret_key: Optional[TextOrSecret] = None,
        security_token: Optional[TextOrSecret] = None,
        auth_token: Optional[TextOrSecret] = None,
        connect_timeout: Optional[float] = None,
        read_timeout: Optional[float] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        proxy: Optional[str] = None,
        no_proxy: bool = False,
        max_response_bytes: Optional[int] = None,
        ca_bundle: Optional[CaBundle] = None,
        tls_roots: Optional[str] = None,
    ) -> None:
        super().__init__()
        native = lib()
        options = _native.sm_huawei_client_options()
        _check(native.sm_huawei_client_options_init(byref(options), ctypes.sizeof(options)), POINTER(_native.sm_error)())
        options.region = _encode(region, "region")
        options.endpoint_url = _encode(endpoint, "endpoint")
        options.project_id = _encode(project_id, "project_id")
        options.access_key = _encode(access_key, "access_key")
        options.secret_key = _encode(secret_key, "secret_key", secret=True)
        options.security_token = _encode(security_token, "security_token", secret=True)
        options.auth_token = _encode(auth_token, "auth_token", secret=True)
        options.connect_timeout_ms = _timeout_ms(connect_timeout, "connect_timeout")
        options.read_timeout_ms = _timeout_ms(read_timeout, "read_timeout")
        options.total_timeout_ms = _timeout_ms(timeout, "timeout")
        options.max_retries = _max_retries(max_retries)
        options.max_response_bytes = _max_response_bytes(max_response_bytes)
        options.proxy = _encode(proxy, "proxy", secret=True)
        options.no_proxy = _bool(no_proxy, "no_proxy")
        options.tls_roots, options.ca_file, options.ca_pem = _tls_trust(ca_bundle, tls_roots)
        ptr = POINTER(_native.sm_huawei_client)()
        _call(native.sm_huawei_client_new, byref(options), byref(ptr))
        self._send_json = native.sm_huawei_call
        self._ptr = ptr

    def wait_for_task(self, task_id: str, *, timeout: Optional[float] = None, interval: Optional[float] = None) -> None:
        """Waits until rotation task ``task_id`` (the ``rotation_task_id`` of
        :meth:`rotate_secret`) ends, looking it up with ListSecretTask.

        Returns once the task is ``SUCCESS``. Raises :class:`~secretmanager.TaskFailedError`
        when it ended ``FAILED`` (``code`` is its ``task_error_code``, the message holds its
        ``task_error_msg``), :class:`~secretmanager.RequestTimeoutError` when it had not ended
        within ``timeout`` seconds (default 600, as Huawei's Terraform provider waits). Looks
        every ``interval`` seconds (default: after 1 s, then at intervals doubling up to 10 s).
        """
        if not isinstance(task_id, str):
            raise TypeError(f"`task_id` must be a str, not {type(task_id).__name__}")
        self._run(
            lambda ptr: _call(
                lib().sm_huawei_wait_task,
                ptr,
                _encode(task_id, "task_id"),
                _timeout_ms(timeout, "timeout"),
                _timeout_ms(interval, "interval"),
            )
        )
