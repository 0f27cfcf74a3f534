"""Authentication as an `httpx.Auth` flow, shared by `Fleet` and `AsyncFleet`.

Three ways in: an API key or an access token (sent as they are), or an email and password.
With a password the flow signs in (auth_login) before the first request, refreshes the access
token (auth_refresh) shortly before it expires and again when a request is answered
`401 token_expired`, then sends that request once more. Refresh tokens are single use: the
one in hand is dropped the moment it is sent and only the newest is kept; when a refresh fails
(spent, expired, revoked, or its answer lost) the flow signs in again with the password.

The login and refresh requests are built by the generated operations (found by their routes,
which the document keeps whatever their operationIds) and go through the same retrying
transport; renewals are serialised by a lock so that two concurrent calls never spend the
same refresh token.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator, Generator
from types import ModuleType
from typing import Any, Callable, Dict, Optional

import httpx

from ._invoke import json_body
from ._retry import NO_RESEND
from .errors import AuthenticationError, error_from_response

LOGIN_ROUTE = "POST /api/v1/auth/login"
REFRESH_ROUTE = "POST /api/v1/auth/refresh"
#: Renew this long before the access token expires (at most a tenth of its lifetime).
REFRESH_MARGIN_SECONDS = 60.0

Flow = Generator[httpx.Request, httpx.Response, None]


class TokenAuth(httpx.Auth):
    def __init__(
        self,
        *,
        token: Optional[str] = None,
        email: Optional[str] = None,
        password: Optional[str] = None,
        login: Optional[ModuleType] = None,
        refresh: Optional[ModuleType] = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._email = email
        self._password = password
        self._login_op = login
        self._refresh_op = refresh
        self._clock = clock
        self._build_request: Optional[Callable[..., httpx.Request]] = None
        self._access_token = token
        self._access_renew_at: Optional[float] = None
        self._refresh_token: Optional[str] = None
        self._refresh_expires_at: Optional[float] = None
        self._lock = threading.Lock()
        self._async_lock: Optional[asyncio.Lock] = None
        #: The last token pair the server issued (`TokenPair` as JSON), for the curious.
        self.token_pair: Optional[Dict[str, Any]] = None

    def bind(self, build_request: Callable[..., httpx.Request]) -> None:
        """How to build requests (the client's `build_request`: base URL, headers, timeout)."""
        self._build_request = build_request

    @property
    def access_token(self) -> Optional[str]:
        return self._access_token

    @property
    def refresh_token(self) -> Optional[str]:
        return self._refresh_token

    # ---- the decisions, shared by both flows -------------------------------------------------

    @property
    def _renewable(self) -> bool:
        return self._password is not None

    def _needs_renewal(self) -> bool:
        if not self._renewable:
            return False
        if self._access_token is None:
            return True
        return self._access_renew_at is not None and self._clock() >= self._access_renew_at

    def _authorize(self, request: httpx.Request) -> Optional[str]:
        token = self._access_token
        if token is not None:
            request.headers["Authorization"] = f"Bearer {token}"
        return token

    def _expired(self, response: httpx.Response) -> bool:
        if response.status_code != 401 or not self._renewable:
            return False
        try:
            code = response.json().get("code")
        except (ValueError, AttributeError):
            return False
        return bool(code == "token_expired")

    def _renew(self) -> Flow:
        """Refresh (or sign in again); yields the requests, receives their answers."""
        refresh = self._refresh_token
        if refresh is not None and (self._refresh_expires_at is None or self._clock() < self._refresh_expires_at):
            self._refresh_token = None  # single use: spent as soon as it is sent
            request = self._operation(self._refresh_op, REFRESH_ROUTE, {"refresh_token": refresh})
            request.extensions = {**request.extensions, NO_RESEND: True}
            response = yield request
            if response.is_success:
                self._adopt(response)
                return
        self._access_token = None
        response = yield self._operation(
            self._login_op, LOGIN_ROUTE, {"email": self._email, "password": self._password}
        )
        if not response.is_success:
            raise error_from_response(response.status_code, response.headers, response.content)
        self._adopt(response)

    def _operation(self, module: Optional[ModuleType], route: str, body: Dict[str, Any]) -> httpx.Request:
        if module is None:
            raise AuthenticationError(f"the API document has no `{route}` operation: sign in with an API key")
        if self._build_request is None:  # pragma: no cover - Fleet binds it
            raise RuntimeError("TokenAuth is not bound to a client")
        kwargs = module._get_kwargs(body=json_body(body))  # noqa: SLF001 - the generated request
        return self._build_request(**kwargs)

    def _adopt(self, response: httpx.Response) -> None:
        try:
            pair = response.json()
            access = pair["access_token"]
            refresh = pair.get("refresh_token")
            expires_in = float(pair.get("expires_in") or 0)
            refresh_expires_in = pair.get("refresh_expires_in")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise AuthenticationError(f"unexpected sign-in answer: {error}", status=response.status_code) from error
        now = self._clock()
        self.token_pair = pair
        self._access_token = access
        self._access_renew_at = now + expires_in - min(REFRESH_MARGIN_SECONDS, expires_in / 10) if expires_in else None
        self._refresh_token = refresh
        self._refresh_expires_at = now + float(refresh_expires_in) if refresh_expires_in else None

    # ---- the flow, written once; httpx's sync and async flows drive it ----------------------

    def _flow(self, request: httpx.Request) -> Generator[Any, Optional[httpx.Response], None]:
        """Yields requests to send (and receives their answers), and _LOCK / _UNLOCK."""
        if self._needs_renewal():
            yield _LOCK
            if self._needs_renewal():
                yield from self._renew()
            yield _UNLOCK
        used = self._authorize(request)
        response = yield request
        assert response is not None
        if self._expired(response):
            yield _LOCK
            if self._access_token == used:  # nobody renewed it meanwhile
                yield from self._renew()
            yield _UNLOCK
            self._authorize(request)
            yield request

    def sync_auth_flow(self, request: httpx.Request) -> Flow:
        flow = self._flow(request)
        locked = False
        try:
            step = next(flow)
            while True:
                if step is _LOCK:
                    self._lock.acquire()
                    locked = True
                    step = next(flow)
                elif step is _UNLOCK:
                    self._lock.release()
                    locked = False
                    step = next(flow)
                else:
                    response = yield step
                    response.read()  # the flow reads answers (we replace httpx's reading flow)
                    step = flow.send(response)
        except StopIteration:
            return
        finally:
            flow.close()
            if locked:
                self._lock.release()

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        flow = self._flow(request)
        locked = False
        try:
            step = next(flow)
            while True:
                if step is _LOCK:
                    await self._async_lock.acquire()
                    locked = True
                    step = next(flow)
                elif step is _UNLOCK:
                    self._async_lock.release()
                    locked = False
                    step = next(flow)
                else:
                    response = yield step
                    await response.aread()
                    step = flow.send(response)
        except StopIteration:
            return
        finally:
            flow.close()
            if locked:
                self._async_lock.release()


_LOCK = object()
_UNLOCK = object()
