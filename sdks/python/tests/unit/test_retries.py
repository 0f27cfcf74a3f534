"""Retries: 429 / 503 / connection failures, Retry-After, max_retries, idempotency keys."""

from __future__ import annotations

import asyncio
import socket

import pytest
from conftest import Sleeps, policy
from stub import Reply, Stub, account, error, ok, page

from wecom_fleet import (
    AsyncFleet,
    BadRequestError,
    ConnectionError,
    Fleet,
    RateLimitError,
    ServiceUnavailableError,
)

ACCOUNTS = "/api/v1/accounts"
SEND = "/api/v1/messages/send"
SEND_BODY = {"account_id": "acc-0001", "conversation_id": "conv-1", "message_type": "text", "content": {"text": "hi"}}
ACCEPTED = {"message_id": "msg-1", "status": "pending"}


def rate_limited(retry_after: str = "2") -> Reply:
    return error(
        429, "rate_limited", "slow down", {"retry_after_seconds": int(retry_after)}, {"Retry-After": retry_after}
    )


def test_retry_after_is_honoured(fleet: Fleet, stub: Stub, sleeps: Sleeps) -> None:
    stub.on(
        "GET",
        ACCOUNTS,
        rate_limited("2"),
        error(503, "unavailable", headers={"Retry-After": "1"}),
        ok(page([account(1)], 1, 1, 20)),
    )
    listed = fleet.accounts.list()
    assert [a.account_id for a in listed.items] == ["acc-0001"]
    assert sleeps == [2.0, 1.0]
    assert len(stub.calls("GET", ACCOUNTS)) == 3


def test_http_date_retry_after(fleet: Fleet, stub: Stub, sleeps: Sleeps) -> None:
    stub.on(
        "GET",
        ACCOUNTS,
        error(503, "unavailable", headers={"Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"}),
        ok(page([], 0, 1, 20)),
    )
    fleet.accounts.list()
    assert sleeps == [0.0]  # a date in the past: try again now


def test_retries_stop_at_max_retries(fleet: Fleet, stub: Stub, sleeps: Sleeps) -> None:
    stub.on("GET", ACCOUNTS, rate_limited("1"))
    with pytest.raises(RateLimitError) as caught:
        fleet.accounts.list()
    assert len(stub.calls("GET", ACCOUNTS)) == 3  # the first attempt and max_retries=2 retries
    assert sleeps == [1.0, 1.0]
    assert caught.value.retry_after == 1.0
    assert caught.value.code == "rate_limited"


def test_backoff_without_retry_after_is_exponential_with_jitter(stub: Stub, sleeps: Sleeps) -> None:
    stub.on("GET", ACCOUNTS, error(503, "unavailable"))
    with Fleet(
        stub.url, api_key="k", retry_policy=policy(sleeps, max_retries=4, backoff_base=0.5, backoff_max=3.0)
    ) as fleet:
        with pytest.raises(ServiceUnavailableError):
            fleet.accounts.list()
    assert len(stub.calls()) == 5
    ceilings = [0.5, 1.0, 2.0, 3.0]  # doubling, capped at backoff_max
    assert len(sleeps) == 4
    for wait, ceiling in zip(sleeps, ceilings):
        assert ceiling / 2 <= wait <= ceiling


def test_retry_after_beyond_the_max_wait_is_not_slept(stub: Stub, sleeps: Sleeps) -> None:
    stub.on(
        "POST",
        SEND,
        error(
            429,
            "quota_exceeded",
            "daily quota used up",
            {"limit": 100, "used": 100, "resets_at": "2025-01-03T00:00:00Z"},
            {"Retry-After": "36000"},
        ),
    )
    with Fleet(stub.url, api_key="k", retry_policy=policy(sleeps, max_retry_wait=30)) as fleet:
        with pytest.raises(RateLimitError) as caught:
            fleet.messages.send(body=SEND_BODY)
    assert len(stub.calls()) == 1 and sleeps == []
    assert caught.value.code == "quota_exceeded"
    assert caught.value.retry_after == 36000.0
    assert caught.value.details["used"] == 100


def test_no_retries_when_max_retries_is_zero(stub: Stub) -> None:
    stub.on("GET", ACCOUNTS, rate_limited("1"))
    with Fleet(stub.url, api_key="k", max_retries=0) as fleet:
        with pytest.raises(RateLimitError):
            fleet.accounts.list()
    assert len(stub.calls()) == 1


@pytest.mark.parametrize(
    "status,code",
    [
        (400, "validation_failed"),
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "not_found"),
        (409, "invalid_state"),
        (413, "payload_too_large"),
        (422, "template_variables"),
    ],
)
def test_other_4xx_are_not_retried(fleet: Fleet, stub: Stub, sleeps: Sleeps, status: int, code: str) -> None:
    stub.on("POST", SEND, error(status, code))
    with pytest.raises(Exception) as caught:
        fleet.messages.send(body=SEND_BODY)
    assert getattr(caught.value, "status", None) == status
    assert len(stub.calls("POST", SEND)) == 1
    assert sleeps == []


def test_idempotency_key_is_kept_across_retries_and_new_per_call(fleet: Fleet, stub: Stub) -> None:
    stub.on(
        "POST",
        SEND,
        rate_limited("1"),
        error(503, "unavailable"),
        ok(ACCEPTED, 202),
        rate_limited("1"),
        ok(ACCEPTED, 202),
    )
    first = fleet.messages.send(body=SEND_BODY)
    second = fleet.messages.send(body=SEND_BODY)
    assert first.message_id == second.message_id == "msg-1"
    keys = [r.headers.get("idempotency-key") for r in stub.calls("POST", SEND)]
    assert len(keys) == 5 and all(keys)
    assert keys[0] == keys[1] == keys[2]  # one call, its retries
    assert keys[3] == keys[4]
    assert keys[0] != keys[3]  # another call
    # Every attempt sends the same body.
    assert all(r.json() == SEND_BODY for r in stub.calls("POST", SEND))


def test_an_explicit_idempotency_key_is_sent_as_is(fleet: Fleet, stub: Stub) -> None:
    stub.on("POST", SEND, error(503, "unavailable"), ok(ACCEPTED, 202))
    fleet.messages.send(body=SEND_BODY, idempotency_key="order-42")
    assert [r.headers["idempotency-key"] for r in stub.calls()] == ["order-42", "order-42"]


def test_gets_carry_no_idempotency_key(fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNTS, ok(page([], 0, 1, 20)))
    fleet.accounts.list()
    assert "idempotency-key" not in stub.calls()[0].headers


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_failures_are_retried_then_raised(sleeps: Sleeps) -> None:
    with Fleet(f"http://127.0.0.1:{closed_port()}", api_key="k", retry_policy=policy(sleeps, max_retries=3)) as fleet:
        with pytest.raises(ConnectionError) as caught:
            fleet.accounts.list()
    assert len(sleeps) == 3
    assert caught.value.status is None
    assert isinstance(caught.value, OSError)  # also the builtin ConnectionError


def test_a_dropped_connection_is_retried(fleet: Fleet, stub: Stub, sleeps: Sleeps) -> None:
    stub.on("GET", ACCOUNTS, Reply(drop=True), ok(page([account(7)], 1, 1, 20)))
    assert fleet.accounts.list().items[0].account_id == "acc-0007"
    assert len(stub.calls()) == 2 and len(sleeps) == 1


def test_a_dropped_post_keeps_its_key(fleet: Fleet, stub: Stub) -> None:
    stub.on("POST", SEND, Reply(drop=True), ok(ACCEPTED, 202))
    fleet.messages.send(body=SEND_BODY)
    keys = {r.headers["idempotency-key"] for r in stub.calls()}
    assert len(stub.calls()) == 2 and len(keys) == 1


def test_a_dropped_post_that_ignores_the_key_is_not_sent_again(fleet: Fleet, stub: Stub) -> None:
    # Only messages_send and messages_batch_send honour Idempotency-Key: creating a template
    # again after an answer was lost could create it twice.
    stub.on("POST", "/api/v1/templates", Reply(drop=True), ok({"template_id": "t"}, 201))
    with pytest.raises(ConnectionError):
        fleet.templates.create(body={"name": "x", "message_type": "text", "content": {"text": "hi"}})
    assert len(stub.calls()) == 1


def test_a_refused_connection_is_retried_for_any_post(sleeps: Sleeps) -> None:
    with Fleet(f"http://127.0.0.1:{closed_port()}", api_key="k", retry_policy=policy(sleeps, max_retries=2)) as fleet:
        with pytest.raises(ConnectionError):
            fleet.templates.create(body={"name": "x", "message_type": "text", "content": {"text": "hi"}})
    assert len(sleeps) == 2


def test_async_fleet_retries_the_same_way(stub: Stub, sleeps: Sleeps) -> None:
    stub.on(
        "POST",
        SEND,
        rate_limited("3"),
        ok(ACCEPTED, 202),
        error(400, "validation_failed", details={"field": "content"}),
    )

    async def main() -> None:
        async with AsyncFleet(stub.url, api_key="k", retry_policy=policy(sleeps)) as fleet:
            accepted = await fleet.messages.send(body=SEND_BODY)
            assert accepted.message_id == "msg-1"
            with pytest.raises(BadRequestError) as caught:
                await fleet.messages.send(body=SEND_BODY)
            assert caught.value.details == {"field": "content"}

    asyncio.run(main())
    assert sleeps == [3.0]
    keys = [r.headers["idempotency-key"] for r in stub.calls()]
    assert keys[0] == keys[1] != keys[2]
