"""Auto-paging over the list operations' Page envelopes."""

from __future__ import annotations

import asyncio
from typing import List

import pytest
from stub import Reply, Request, Stub, account, ok, page

from wecom_fleet import AsyncFleet, Fleet, paginate

ACCOUNTS = "/api/v1/accounts"
ALL = [account(i) for i in range(1, 251)]


def serve_accounts(request: Request) -> Reply:
    number, size = int(request.query.get("page", 1)), min(int(request.query.get("size", 20)), 200)
    wanted = [a for a in ALL if request.query.get("status") in (None, a["status"])]
    return ok(page(wanted[(number - 1) * size : number * size], len(wanted), number, size))


def test_list_all_iterates_250_items_over_2_pages(fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNTS, serve_accounts)
    ids = [a.account_id for a in fleet.accounts.list_all()]
    assert ids == [a["account_id"] for a in ALL]
    calls = stub.calls("GET", ACCOUNTS)
    assert [(c.query["page"], c.query["size"]) for c in calls] == [("1", "200"), ("2", "200")]


def test_filters_are_passed_on(fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNTS, serve_accounts)
    assert len(list(fleet.accounts.list_all(status="online"))) == 250
    assert list(fleet.accounts.list_all(status="offline")) == []
    assert all(c.query["status"] in ("online", "offline") for c in stub.calls())
    assert len(stub.calls()) == 3  # 2 pages, then 1 empty one


def test_paginate_any_list_method(fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNTS, serve_accounts)
    assert sum(1 for _ in fleet.paginate(fleet.accounts.list)) == 250
    assert sum(1 for _ in paginate(fleet.accounts.list, size=100)) == 250
    assert [c.query["size"] for c in stub.calls()][-3:] == ["100", "100", "100"]


def test_the_server_page_size_decides(fleet: Fleet, stub: Stub) -> None:
    # A server that serves at most 100 per page whatever was asked: three pages.
    def serve(request: Request) -> Reply:
        number = int(request.query["page"])
        return ok(page(ALL[(number - 1) * 100 : number * 100], 250, number, 100))

    stub.on("GET", ACCOUNTS, serve)
    assert len(list(fleet.accounts.list_all())) == 250
    assert [c.query["page"] for c in stub.calls()] == ["1", "2", "3"]


def test_an_empty_page_stops(fleet: Fleet, stub: Stub) -> None:
    # A total that overstates what is there (rows deleted meanwhile): stop at the empty page.
    stub.on("GET", ACCOUNTS, ok(page(ALL[:200], 1000, 1, 200)), ok(page([], 1000, 2, 200)))
    assert len(list(fleet.accounts.list_all())) == 200
    assert len(stub.calls()) == 2


def test_list_all_is_lazy(fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNTS, serve_accounts)
    iterator = fleet.accounts.list_all()
    assert stub.calls() == []
    first: List[str] = [next(iterator).account_id]
    assert first == ["acc-0001"] and len(stub.calls()) == 1


def test_async_list_all(stub: Stub) -> None:
    stub.on("GET", ACCOUNTS, serve_accounts)

    async def main() -> int:
        async with AsyncFleet(stub.url, api_key="k") as fleet:
            count = 0
            async for _ in fleet.accounts.list_all():
                count += 1
            async for _ in fleet.paginate(fleet.accounts.list, status="online"):
                count += 1
            return count

    assert asyncio.run(main()) == 500


@pytest.mark.parametrize(
    "resource,method",
    [("accounts", "history_all"), ("accounts", "conversations_all"), ("webhooks", "list_all_deliveries")],
)
def test_every_list_operation_has_an_iterator(fleet: Fleet, resource: str, method: str) -> None:
    assert callable(getattr(getattr(fleet, resource), method))
