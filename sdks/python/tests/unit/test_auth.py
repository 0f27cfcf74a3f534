"""Signing in with email and password: auth_login, refresh before expiry and on 401 token_expired,
single-use refresh tokens; API keys and access tokens sent as they are."""

from __future__ import annotations

import asyncio
import itertools
import threading
from typing import Any, Dict, List, Set

import pytest
from stub import Reply, Request, Stub, account, error, ok, page, token_pair

from wecom_fleet import AsyncFleet, AuthenticationError, ConnectionError, Fleet

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
ACCOUNTS = "/api/v1/accounts"
SEND = "/api/v1/messages/send"
EMAIL, PASSWORD = "admin@demo.local", "s3cret"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TokenServer:
    """Issues token pairs like the API: refresh tokens are single use, and presenting a spent
    one revokes the session."""

    def __init__(self, stub: Stub, expires_in: int = 3600) -> None:
        self.expires_in = expires_in
        self.valid: Set[str] = set()
        self.expired: Set[str] = set()
        self.refresh_valid: Set[str] = set()
        self.refresh_spent: Set[str] = set()
        self.reuses = 0
        self.counter = itertools.count(1)
        self.lock = threading.Lock()
        stub.on("POST", LOGIN, self.login)
        stub.on("POST", REFRESH, self.refresh)
        stub.on("GET", ACCOUNTS, self.protected(ok(page([account(1)], 1, 1, 20))))
        stub.on("POST", SEND, self.protected(ok({"message_id": "msg-1", "status": "pending"}, 202)))

    def issue(self) -> Reply:
        n = next(self.counter)
        access, refresh = f"access-{n}", f"refresh-{n}"
        self.valid.add(access)
        self.refresh_valid.add(refresh)
        return ok(token_pair(access, refresh, self.expires_in))

    def login(self, request: Request) -> Reply:
        body = request.json()
        if body != {"email": EMAIL, "password": PASSWORD}:
            return error(401, "invalid_credentials", "wrong email or password")
        with self.lock:
            return self.issue()

    def refresh(self, request: Request) -> Reply:
        token = request.json()["refresh_token"]
        with self.lock:
            if token in self.refresh_spent:
                self.reuses += 1
                self.valid.clear()  # the whole session is revoked
                self.refresh_valid.clear()
                return error(401, "refresh_token_reused", "refresh token already used")
            if token not in self.refresh_valid:
                return error(401, "invalid_refresh_token")
            self.refresh_valid.discard(token)
            self.refresh_spent.add(token)
            return self.issue()

    def protected(self, reply: Reply):  # type: ignore[no-untyped-def]
        def handle(request: Request) -> Reply:
            with self.lock:
                if request.bearer in self.valid or request.bearer == "fk_api_key":
                    return reply
                if request.bearer in self.expired:
                    return error(401, "token_expired", "access token expired")
            return error(401, "invalid_token")

        return handle

    def expire_all(self) -> None:
        with self.lock:
            self.expired |= self.valid
            self.valid.clear()


def paths(stub: Stub) -> List[str]:
    return [f"{r.method} {r.path}" for r in stub.calls()]


def refresh_tokens_sent(stub: Stub) -> List[str]:
    return [r.json()["refresh_token"] for r in stub.calls("POST", REFRESH)]


@pytest.fixture
def server(stub: Stub) -> TokenServer:
    return TokenServer(stub)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def signed_in(stub: Stub, server: TokenServer, clock: Clock):  # type: ignore[no-untyped-def]
    fleet = Fleet(stub.url, email=EMAIL, password=PASSWORD, max_retries=0)
    fleet.auth_state._clock = clock
    yield fleet
    fleet.close()


def test_signs_in_before_the_first_call(signed_in: Fleet, stub: Stub) -> None:
    assert signed_in.accounts.list().total == 1
    assert paths(stub) == [f"POST {LOGIN}", f"GET {ACCOUNTS}"]
    login, listing = stub.calls()
    assert login.json() == {"email": EMAIL, "password": PASSWORD}
    assert "authorization" not in login.headers
    assert listing.bearer == "access-1"
    signed_in.accounts.list()
    assert len(stub.calls("POST", LOGIN)) == 1  # once


def test_refreshes_shortly_before_expiry(signed_in: Fleet, stub: Stub, clock: Clock) -> None:
    signed_in.accounts.list()
    clock.now += 3600 - 120  # two minutes left: still fine
    signed_in.accounts.list()
    assert stub.calls("POST", REFRESH) == []
    clock.now += 90  # thirty seconds left: refresh first
    signed_in.accounts.list()
    assert paths(stub)[-2:] == [f"POST {REFRESH}", f"GET {ACCOUNTS}"]
    assert refresh_tokens_sent(stub) == ["refresh-1"]
    assert stub.calls("GET", ACCOUNTS)[-1].bearer == "access-2"
    assert signed_in.auth_state.refresh_token == "refresh-2"


def test_refreshes_on_401_token_expired_and_resends(signed_in: Fleet, stub: Stub, server: TokenServer) -> None:
    signed_in.messages.send(
        body={"account_id": "a", "conversation_id": "c", "message_type": "text", "content": {"text": "1"}}
    )
    server.expire_all()  # the server decided the token is expired, earlier than announced
    accepted = signed_in.messages.send(
        body={"account_id": "a", "conversation_id": "c", "message_type": "text", "content": {"text": "2"}}
    )
    assert accepted.message_id == "msg-1"
    assert paths(stub)[-3:] == [f"POST {SEND}", f"POST {REFRESH}", f"POST {SEND}"]
    rejected, resent = stub.calls("POST", SEND)[-2:]
    assert (rejected.bearer, resent.bearer) == ("access-1", "access-2")
    assert rejected.headers["idempotency-key"] == resent.headers["idempotency-key"]  # the same call


def test_a_spent_refresh_token_is_never_reused(signed_in: Fleet, stub: Stub, server: TokenServer, clock: Clock) -> None:
    signed_in.accounts.list()
    for _ in range(3):
        clock.now += 3600  # expired by the clock
        signed_in.accounts.list()
        server.expire_all()  # and by the server
        signed_in.accounts.list()
    sent = refresh_tokens_sent(stub)
    assert sent == ["refresh-1", "refresh-2", "refresh-3", "refresh-4", "refresh-5", "refresh-6"]
    assert len(set(sent)) == len(sent)
    assert server.reuses == 0
    assert len(stub.calls("POST", LOGIN)) == 1


def test_concurrent_calls_refresh_once(signed_in: Fleet, stub: Stub, server: TokenServer) -> None:
    signed_in.accounts.list()
    server.expire_all()
    errors: List[BaseException] = []

    def call() -> None:
        try:
            signed_in.accounts.list()
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert refresh_tokens_sent(stub) == ["refresh-1"]
    assert server.reuses == 0


def test_a_failed_refresh_signs_in_again(signed_in: Fleet, stub: Stub, server: TokenServer) -> None:
    signed_in.accounts.list()
    server.refresh_spent.add("refresh-1")  # say the session's refresh token was used elsewhere
    server.expire_all()
    assert signed_in.accounts.list().total == 1
    assert paths(stub)[-4:] == [f"GET {ACCOUNTS}", f"POST {REFRESH}", f"POST {LOGIN}", f"GET {ACCOUNTS}"]
    assert stub.calls("GET", ACCOUNTS)[-1].bearer == "access-2"


def test_a_refresh_whose_answer_was_lost_is_not_resent(stub: Stub, server: TokenServer) -> None:
    # The connection drops after the refresh was sent: the server may have spent the token, so
    # sending it again could revoke the session. The call fails; the next one signs in again.
    with Fleet(stub.url, email=EMAIL, password=PASSWORD, max_retries=3) as fleet:
        fleet.accounts.list()
        server.expire_all()
        stub.on("POST", REFRESH, Reply(drop=True), server.refresh)
        with pytest.raises(ConnectionError):
            fleet.accounts.list()
        assert fleet.accounts.list().total == 1
    assert refresh_tokens_sent(stub) == ["refresh-1"]
    assert len(stub.calls("POST", LOGIN)) == 2
    assert server.reuses == 0


def test_wrong_password(stub: Stub, server: TokenServer) -> None:
    with Fleet(stub.url, email=EMAIL, password="nope") as fleet:
        with pytest.raises(AuthenticationError) as caught:
            fleet.accounts.list()
    assert caught.value.code == "invalid_credentials"
    assert paths(stub) == [f"POST {LOGIN}"]


def test_an_api_key_is_sent_as_is_and_never_refreshed(stub: Stub, server: TokenServer) -> None:
    with Fleet(stub.url, api_key="fk_api_key") as fleet:
        fleet.accounts.list()
        assert stub.calls()[0].bearer == "fk_api_key"
    with Fleet(stub.url, access_token="access-old") as fleet:
        server.expired.add("access-old")
        with pytest.raises(AuthenticationError) as caught:
            fleet.accounts.list()
    assert caught.value.code == "token_expired"
    assert stub.calls("POST", REFRESH) == [] and stub.calls("POST", LOGIN) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"api_key": "k", "access_token": "t"},
        {"email": EMAIL},
        {"api_key": "k", "email": EMAIL, "password": PASSWORD},
    ],
)
def test_exactly_one_way_in(kwargs: Dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Fleet("http://127.0.0.1:1", **kwargs)


def test_async_fleet_refreshes_too(stub: Stub, server: TokenServer) -> None:
    async def main() -> None:
        async with AsyncFleet(stub.url, email=EMAIL, password=PASSWORD, max_retries=0) as fleet:
            await fleet.accounts.list()
            server.expire_all()
            results = await asyncio.gather(*(fleet.accounts.list() for _ in range(5)))
            assert all(r.total == 1 for r in results)

    asyncio.run(main())
    assert refresh_tokens_sent(stub) == ["refresh-1"]
    assert stub.calls("GET", ACCOUNTS)[-1].bearer == "access-2"
