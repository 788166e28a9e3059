"""asyncio clients: :class:`Client` (NCP Secret Manager) and :class:`HuaweiClient` (Huawei
Cloud CSMS), with an awaitable method for every operation of the blocking clients, named and
typed as theirs (generated from the same schemas).

A client owns a blocking client (the same arguments, the same C library) and a thread pool of
``max_workers`` threads (default 32): each awaited call runs the library's blocking call on one
of them, so the event loop never waits on the network and up to ``max_workers`` calls are in
flight at once on one client (the library's connection pool is shared by all of them).

Cancellation: cancelling the awaiting task (``asyncio.wait_for``, ``TaskGroup``) returns at
once; the call already handed to the library runs to its end on its thread and its result is
dropped. The client stays usable, and a change that reached the server stays made (a cache of
the same client still hears of it). :meth:`Client.aclose` waits for such calls before freeing
the client.

>>> import asyncio, secretmanager.aio                                         # doctest: +SKIP
>>> async def main() -> None:                                                 # doctest: +SKIP
...     async with secretmanager.aio.Client("https://ncloud.apigw.ntruss.com") as client:
...         chains = await asyncio.gather(*(client.get_secret_value(i) for i in ids))
"""

from __future__ import annotations

import asyncio
import inspect
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable, Dict, Optional, Union

from . import client as _blocking
from ._decode import AsyncOperations
from .huawei import AsyncHuaweiOperations
from .huawei_rotation import CommonRotation
from .models import SecretStr
from .ncp import AsyncNcpOperations
from .rotation import Produce

AsyncApply = Callable[[str, SecretStr], Union[None, Awaitable[None]]]
"""Sets the new value on the target system: a function or a coroutine function."""

DEFAULT_MAX_WORKERS = 32
"""The threads of a client's pool when ``max_workers`` is not given."""


class _AsyncClient(AsyncOperations):
    """What both asyncio clients share: the blocking client they drive, the thread pool, and
    closing."""

    _sync: Any

    def _start(self, sync: Any, max_workers: Optional[int]) -> None:
        if max_workers is not None and (not isinstance(max_workers, int) or max_workers < 1):
            raise ValueError(f"`max_workers` must be a positive int, not {max_workers!r}")
        self._sync = sync
        self._executor = ThreadPoolExecutor(
            max_workers=max_workers or DEFAULT_MAX_WORKERS, thread_name_prefix="secretmanager-aio"
        )

    def _call_json(self, operation: str, request: bytes) -> bytes:
        return self._sync._call_json(operation, request)  # type: ignore[no-any-return]

    def _next_page(self, operation: str, request: bytes, answer: bytes) -> Optional[bytes]:
        return self._sync._next_page(operation, request, answer)  # type: ignore[no-any-return]

    _closing = False

    def _ensure_open(self) -> None:
        if self._closing or self._sync.closed:
            raise ValueError("the secretmanager client is closed")

    async def _run_blocking(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self._ensure_open()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: function(*args, **kwargs))

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` (or :meth:`close`) was called."""
        return self._closing or bool(self._sync.closed)

    async def aclose(self) -> None:
        """Waits for the calls in flight (cancelled ones included), then frees the client.
        Idempotent; calls made afterwards raise ``ValueError``."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.close)

    def close(self) -> None:
        """As :meth:`aclose`, blocking the calling thread (not for use on the event loop)."""
        self._closing = True
        self._executor.shutdown(wait=True)
        self._sync.close()

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<secretmanager.aio.{type(self).__name__} {'closed' if self.closed else 'open'}>"


def _in_loop(apply: AsyncApply, loop: asyncio.AbstractEventLoop) -> Callable[[str, SecretStr], None]:
    """``apply`` as the blocking helper calls it on a pool thread: a coroutine function is run
    on the event loop (and waited for there); a plain function runs on the thread."""
    if not inspect.iscoroutinefunction(apply):
        return apply  # type: ignore[return-value]

    def run(secret_id: str, value: SecretStr) -> None:
        result = apply(secret_id, value)
        if inspect.isawaitable(result):
            asyncio.run_coroutine_threadsafe(_awaited(result), loop).result()

    return run


async def _awaited(awaitable: Awaitable[None]) -> None:
    await awaitable


class Client(_AsyncClient, AsyncNcpOperations):
    """An asyncio NCP Secret Manager client: the arguments of :class:`secretmanager.Client`,
    and ``max_workers`` (the calls in flight at once; default 32). Every operation is an
    awaitable method named as the blocking client's."""

    def __init__(self, *args: Any, max_workers: Optional[int] = None, **kwargs: Any) -> None:
        self._start(_blocking.Client(*args, **kwargs), max_workers)

    async def rotate(
        self,
        secret_id: str,
        job_token: Union[str, SecretStr],
        apply: AsyncApply,
        *,
        pending: Union[str, Produce] = "random",
        generate_options: Optional[Dict[str, Any]] = None,
    ) -> SecretStr:
        """:meth:`secretmanager.Client.rotate`, awaited: ``apply`` may be a coroutine function
        (it runs on the event loop) or a plain one (it runs on a pool thread)."""
        run = _in_loop(apply, asyncio.get_running_loop())
        result = await self._run_blocking(
            self._sync.rotate, secret_id, job_token, run, pending=pending, generate_options=generate_options
        )
        return result  # type: ignore[no-any-return]


class HuaweiClient(_AsyncClient, AsyncHuaweiOperations):
    """An asyncio Huawei Cloud CSMS client: the arguments of :class:`secretmanager.HuaweiClient`,
    and ``max_workers`` (the calls in flight at once; default 32)."""

    def __init__(self, *args: Any, max_workers: Optional[int] = None, **kwargs: Any) -> None:
        self._start(_blocking.HuaweiClient(*args, **kwargs), max_workers)

    async def wait_for_task(
        self, task_id: str, *, timeout: Optional[float] = None, interval: Optional[float] = None
    ) -> None:
        """:meth:`secretmanager.HuaweiClient.wait_for_task`, awaited."""
        await self._run_blocking(self._sync.wait_for_task, task_id, timeout=timeout, interval=interval)

    async def rotate_common(self, secret_name: str, apply: AsyncApply, **options: Any) -> CommonRotation:
        """:meth:`secretmanager.HuaweiClient.rotate_common`, awaited: ``apply`` may be a
        coroutine function (it runs on the event loop) or a plain one."""
        run = _in_loop(apply, asyncio.get_running_loop())
        result = await self._run_blocking(self._sync.rotate_common, secret_name, run, **options)
        return result  # type: ignore[no-any-return]


__all__ = ["AsyncApply", "Client", "DEFAULT_MAX_WORKERS", "HuaweiClient"]
