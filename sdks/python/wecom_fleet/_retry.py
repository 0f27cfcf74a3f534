"""Retries at the HTTP transport: 429, 503 and connection failures, with backoff and jitter.

`RetryTransport` (and `AsyncRetryTransport`) wrap httpx's own transport, so every request the
SDK sends goes through them, generated operations and sign-in alike. Each POST gets an
`Idempotency-Key` (uuid4) unless the caller set one; the retries of that call resend the very
same request, so the key stays the same. The operations that honour the key (those that declare
it in the document: messages_send and messages_batch_send) answer a repeat with the first
answer; the others ignore it, so after a failure that may have reached the server (a read
timeout, a dropped connection) only those, and the methods that are safe to repeat, are sent
again. Other 4xx (and 2xx, 5xx other than 503) are returned at once.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, FrozenSet, Optional, Pattern, Tuple

import httpx

from .errors import parse_retry_after

IDEMPOTENCY_HEADER = "Idempotency-Key"
#: A request extension: True when the request must not be sent twice (a single-use refresh
#: token): it is then retried only when it certainly never left (the connection failed).
NO_RESEND = "wecom_fleet.no_resend"

#: Failures where the request never reached the server.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Failures where it may have: retried only for requests that can safely be sent twice.
MAYBE_SENT_ERRORS = (
    httpx.ReadError,
    httpx.WriteError,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.RemoteProtocolError,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Attributes:
        max_retries: retries after the first attempt (0 turns retrying off).
        backoff_base: the first backoff in seconds; it doubles with each retry ...
        backoff_max: ... up to this, and each wait is jittered to between half and all of it.
        max_retry_wait: the longest `Retry-After` honoured: when the server asks for a longer
            wait (a daily quota used up), the error is raised at once with its `retry_after`.
        retry_statuses: the statuses retried.
        sleep, async_sleep: how to wait (tests replace them).
    """

    max_retries: int = 2
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    max_retry_wait: float = 60.0
    retry_statuses: FrozenSet[int] = frozenset({429, 503})
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def backoff(self, attempt: int) -> float:
        """The jittered wait before retry number `attempt + 1`."""
        ceiling = min(self.backoff_max, self.backoff_base * (2.0**attempt))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def delay_after_response(self, response: httpx.Response, attempt: int) -> Optional[float]:
        """Seconds to wait before retrying after `response`, or None not to retry."""
        if attempt >= self.max_retries or response.status_code not in self.retry_statuses:
            return None
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is None:
            return self.backoff(attempt)
        if retry_after > self.max_retry_wait:
            return None  # a longer wait than we may sleep: let the caller decide
        return retry_after

    def delay_after_error(self, error: Exception, request: httpx.Request, attempt: int) -> Optional[float]:
        """Seconds to wait before retrying after a transport failure, or None not to retry."""
        if attempt >= self.max_retries:
            return None
        if isinstance(error, NOT_SENT_ERRORS):
            return self.backoff(attempt)
        if isinstance(error, MAYBE_SENT_ERRORS) and resendable(request):
            return self.backoff(attempt)
        return None


@lru_cache(maxsize=1)
def _idempotent_routes() -> Tuple[Tuple[str, Pattern[str]], ...]:
    from .resources import IDEMPOTENT_ROUTES  # generated from the document

    routes = []
    for route in sorted(IDEMPOTENT_ROUTES):
        method, path = route.split(" ", 1)
        template = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", path))
        routes.append((method, re.compile(template + "$")))
    return tuple(routes)


def honours_idempotency(request: httpx.Request) -> bool:
    """Whether the request's operation answers a repeated `Idempotency-Key` with its first answer."""
    path = request.url.path
    return any(method == request.method and pattern.search(path) for method, pattern in _idempotent_routes())


def resendable(request: httpx.Request) -> bool:
    """Whether the request may be sent again when it may already have reached the server."""
    if request.extensions.get(NO_RESEND):
        return False
    if request.method in SAFE_METHODS:
        return True
    return IDEMPOTENCY_HEADER in request.headers and honours_idempotency(request)


def prepare(request: httpx.Request) -> None:
    """One idempotency key per POST call (kept when the caller chose one)."""
    if request.method == "POST" and IDEMPOTENCY_HEADER not in request.headers:
        request.headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())


class RetryTransport(httpx.BaseTransport):
    """Retries requests through `wrapped` according to `policy`."""

    def __init__(self, wrapped: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self.wrapped = wrapped
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        prepare(request)
        attempt = 0
        while True:
            try:
                response = self.wrapped.handle_request(request)
            except httpx.TransportError as error:
                delay = self.policy.delay_after_error(error, request, attempt)
                if delay is None:
                    raise
            else:
                delay = self.policy.delay_after_response(response, attempt)
                if delay is None:
                    return response
                response.close()
            self.policy.sleep(delay)
            attempt += 1

    def close(self) -> None:
        self.wrapped.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """`RetryTransport` for `httpx.AsyncClient`: the same policy, awaited."""

    def __init__(self, wrapped: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self.wrapped = wrapped
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        prepare(request)
        attempt = 0
        while True:
            try:
                response = await self.wrapped.handle_async_request(request)
            except httpx.TransportError as error:
                delay = self.policy.delay_after_error(error, request, attempt)
                if delay is None:
                    raise
            else:
                delay = self.policy.delay_after_response(response, attempt)
                if delay is None:
                    return response
                await response.aclose()
            await self.policy.async_sleep(delay)
            attempt += 1

    async def aclose(self) -> None:
        await self.wrapped.aclose()
