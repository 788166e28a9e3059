"""``secretmanager.aio`` against the emulator: 100 concurrent calls on one client, a rotation
whose apply is a coroutine and whose Complete answer is lost, cancelled calls that leave the
client usable, CSMS operations, pages and rotation tasks awaited, typed errors."""

from __future__ import annotations

import asyncio
import time
from typing import Callable, List

import pytest

import secretmanager
import secretmanager.aio
from secretmanager import NewSecretValue, SecretStr

from .conftest import Emulator
from .test_ncp_flow import VALUE

FUNCTION_URN = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate-db:latest"


def ncp(emulator: Emulator, **settings: object) -> secretmanager.aio.Client:
    return secretmanager.aio.Client(
        emulator.url, emulator.access_key, emulator.secret_key, timeout=30, max_retries=2, **settings  # type: ignore[arg-type]
    )


def huawei(emulator: Emulator) -> secretmanager.aio.HuaweiClient:
    return secretmanager.aio.HuaweiClient(
        endpoint=emulator.url,
        project_id=emulator.facts["huawei_project_id"],
        access_key=emulator.facts["huawei_access_key"],
        secret_key=emulator.facts["huawei_secret_key"],
        timeout=30,
        max_retries=2,
    )


async def rotatable(client: secretmanager.aio.Client, emulator: Emulator, name: str) -> str:
    secret = await client.create_secret(
        name,
        NewSecretValue(VALUE, ("password",)),  # type: ignore[arg-type]
        auto_rotation=True,
        auto_rotation_period=30,
        trigger_id=emulator.trigger_id,
    )
    return secret.secret_id


def test_a_hundred_concurrent_calls_on_one_client(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    async def main() -> List[secretmanager.SecretValueChain]:
        async with ncp(emulator) as client:
            sid = await rotatable(client, emulator, unique_name())
            return await asyncio.gather(*(client.get_secret_value(sid) for _ in range(100)))

    chains = asyncio.run(main())
    assert len(chains) == 100
    assert all(chain.chain.active is not None and chain.chain.active.reveal_json() == VALUE for chain in chains)


def test_a_rotation_with_a_coroutine_apply_and_a_lost_answer(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    applied: List[str] = []

    async def main() -> SecretStr:
        async with ncp(emulator) as client:
            sid = await rotatable(client, emulator, unique_name())
            await client.execute_rotation_job(sid)
            logs = await client.get_secret_logs(sid)
            token = next(e.job_token for e in logs.entries if e.action == "Execute Rotation Job" and e.job_token)

            async def apply(secret_id: str, value: SecretStr) -> None:
                await asyncio.sleep(0)  # runs on the event loop, which stays free
                applied.append(secret_id)
                emulator.inject(fault="lose-answer", path="/complete", count=1)

            new = await client.rotate(sid, token, apply)
            chain = await client.get_secret_value(sid)
            assert chain.chain.active == new
            assert applied == [sid]
            return new

    new = asyncio.run(main())
    assert new.reveal_json()["password"] != VALUE["password"]


def test_a_cancelled_call_leaves_the_client_usable(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    async def main() -> None:
        client = ncp(emulator)
        sid = await rotatable(client, emulator, unique_name())
        emulator.inject(fault="delay", ms=1500, count=1)
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.get_secret_detail(sid), timeout=0.2)
        assert time.monotonic() - started < 1.0, "the cancellation returned at once"
        # The loop is free and the client usable while the abandoned call finishes.
        details = await asyncio.gather(*(client.get_secret_detail(sid) for _ in range(4)))
        assert {d.secret_id for d in details} == {sid}
        with pytest.raises(secretmanager.NotFoundError) as caught:
            await client.get_secret_value("0123456789abcdef0123")
        assert caught.value.request_id
        await client.aclose()
        assert client.closed
        with pytest.raises(ValueError):
            await client.get_secret_detail(sid)

    asyncio.run(main())


def test_csms_operations_pages_and_tasks_are_awaited(emulator: Emulator, unique_name: Callable[[], str]) -> None:
    async def main() -> None:
        async with huawei(emulator) as client:
            names = [unique_name() for _ in range(3)]
            event = unique_name()
            await asyncio.gather(
                *(client.create_secret(n, secret_string='{"password":"hw-1"}', rotation_func_urn=FUNCTION_URN) for n in names)
            )
            rotated = await client.rotate_secret(names[0])
            if rotated.rotation_task_id:
                await client.wait_for_task(rotated.rotation_task_id, timeout=10, interval=0.05)
            current = await client.show_secret_version(names[0], "latest")
            assert current.version.version_metadata.id == rotated.version_id
            seen = []
            async for page in client.list_secrets_pages(limit=2):
                seen.extend(s.name for s in page.secrets)
            assert set(names) <= set(seen)
            with pytest.raises(secretmanager.NotFoundError):
                await client.show_secret(event)

    asyncio.run(main())
