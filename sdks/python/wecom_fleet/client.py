"""`Fleet` and `AsyncFleet`: the API's operations grouped by tag, with authentication,
retries, typed errors and auto-paging around the generated client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    Generic,
    List,
    Optional,
    Protocol,
    TypeVar,
    Union,
)

import httpx

from ._auth import LOGIN_ROUTE, REFRESH_ROUTE, TokenAuth
from ._generated.client import AuthenticatedClient
from ._invoke import AsyncInvoker, SyncInvoker, captured
from ._paging import MAX_PAGE_SIZE, apaginate, paginate
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from ._version import __version__
from .resources import ROUTES, AsyncResources, Resources

__all__ = ["ApiResponse", "AsyncFleet", "Fleet"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

DEFAULT_TIMEOUT = 30.0


class Page(Protocol[T_co]):
    """What a list operation answers (`Page_*`)."""

    @property
    def items(self) -> Sequence[T_co]: ...


@dataclass(frozen=True)
class ApiResponse(Generic[T]):
    """An operation's parsed answer with its HTTP status and headers (`Fleet.with_response`)."""

    parsed: T
    status_code: int
    headers: httpx.Headers

    @property
    def request_id(self) -> Optional[str]:
        value = self.headers.get("X-Request-Id")
        return None if value is None else str(value)

    @property
    def replayed(self) -> bool:
        """True when the server answered a repeated `Idempotency-Key` with its first answer."""
        return str(self.headers.get("Idempotent-Replayed", "")).lower() == "true"


class _Settings:
    """What `Fleet` and `AsyncFleet` build alike from their arguments."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str],
        access_token: Optional[str],
        email: Optional[str],
        password: Optional[str],
        timeout: Union[float, httpx.Timeout, None],
        max_retries: int,
        max_retry_wait: float,
        retry_policy: Optional[RetryPolicy],
        headers: Optional[Mapping[str, str]],
    ) -> None:
        ways = [api_key is not None, access_token is not None, email is not None or password is not None]
        if sum(ways) != 1:
            raise ValueError("give exactly one of api_key, access_token, or email and password")
        if (email is None) != (password is None):
            raise ValueError("signing in needs both email and password")
        login, refresh = ROUTES.get(LOGIN_ROUTE), ROUTES.get(REFRESH_ROUTE)
        if email is not None and login is None:
            raise ValueError(f"the API document has no `{LOGIN_ROUTE}` operation: use an API key")
        self.base_url = normalize_base_url(base_url)
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.policy = retry_policy or RetryPolicy(max_retries=max_retries, max_retry_wait=max_retry_wait)
        self.headers = {"User-Agent": f"wecom-fleet-python/{__version__}", **dict(headers or {})}
        self.auth = TokenAuth(
            token=api_key if api_key is not None else access_token,
            email=email,
            password=password,
            login=login,
            refresh=refresh,
        )

    def generated_client(self) -> AuthenticatedClient:
        # The token lives in `auth`; the generated client only carries the httpx clients.
        return AuthenticatedClient(base_url=self.base_url, token="", timeout=self.timeout)


def normalize_base_url(base_url: str) -> str:
    """The server's root: the document's paths start with /api/v1, so a trailing /api/v1 goes."""
    url = base_url.rstrip("/")
    if url.endswith("/api/v1"):
        url = url[: -len("/api/v1")]
    return url


class Fleet(Resources):
    """The WeCom Fleet API.

    Sign in with one of: an API key (``api_key=``), an access token (``access_token=``), or an
    email and password (signs in with auth_login, and keeps the access token fresh with
    auth_refresh)::

        fleet = Fleet("https://fleet.example.com", email="admin@acme.test", password="...")
        account = fleet.accounts.create(body={"account_name": "sales-01", "connector": "simulator"})
        for account in fleet.accounts.list_all(status="online"):
            ...

    Every operation is ``fleet.<tag>.<operation>(...)``: it returns the parsed 2xx answer and
    raises a `wecom_fleet.errors.FleetError` subclass otherwise. Requests answered 429 or 503,
    or that fail to connect, are retried up to ``max_retries`` times with exponential backoff
    and jitter, honouring `Retry-After` up to ``max_retry_wait`` seconds; each POST carries an
    `Idempotency-Key` (yours, or a uuid4) that its retries reuse.

    Args:
        base_url: the server's address, e.g. ``http://127.0.0.1:8080`` (a trailing ``/api/v1``
            is accepted too).
        timeout: seconds for each request (or an `httpx.Timeout`).
        headers: more headers for every request.
        transport: the httpx transport under the retries (proxies, tests).
        retry_policy: a `RetryPolicy`, instead of ``max_retries`` and ``max_retry_wait``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str] = None,
        access_token: Optional[str] = None,
        email: Optional[str] = None,
        password: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None] = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        retry_policy: Optional[RetryPolicy] = None,
        headers: Optional[Mapping[str, str]] = None,
        transport: Optional[httpx.BaseTransport] = None,
    ) -> None:
        settings = _Settings(
            base_url,
            api_key=api_key,
            access_token=access_token,
            email=email,
            password=password,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            retry_policy=retry_policy,
            headers=headers,
        )
        http = httpx.Client(
            base_url=settings.base_url,
            timeout=settings.timeout,
            headers=settings.headers,
            auth=settings.auth,
            transport=RetryTransport(transport or httpx.HTTPTransport(), settings.policy),
            follow_redirects=False,
        )
        settings.auth.bind(http.build_request)
        self.auth_state = settings.auth
        #: The generated low-level client, with the same authentication and retries: pass it
        #: to the modules of `wecom_fleet._generated.api` for their `sync_detailed` answers.
        self.client = settings.generated_client().set_httpx_client(http)
        super().__init__(SyncInvoker(self.client))

    def paginate(self, method: Callable[..., Page[T]], *, size: int = MAX_PAGE_SIZE, **filters: Any) -> Iterator[T]:
        """Every item of a list operation, page after page: ``fleet.paginate(fleet.accounts.list)``."""
        return paginate(method, size=size, **filters)

    def with_response(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> ApiResponse[T]:
        """Calls ``method(*args, **kwargs)`` and returns its answer with status and headers.

        ``fleet.with_response(fleet.messages.send, body=..., idempotency_key="k1").replayed``
        """
        capture: List[httpx.Response] = []
        token = captured.set(capture)
        try:
            parsed = method(*args, **kwargs)
        finally:
            captured.reset(token)
        return ApiResponse(parsed, capture[-1].status_code, capture[-1].headers)

    def close(self) -> None:
        self.client.get_httpx_client().close()

    def __enter__(self) -> Fleet:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class AsyncFleet(AsyncResources):
    """`Fleet` for asyncio: the same arguments and resources, each operation awaited.

    ::

        async with AsyncFleet(url, api_key=key) as fleet:
            account = await fleet.accounts.get(account_id)
            async for message in fleet.messages.list_all(status="failed"):
                ...
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str] = None,
        access_token: Optional[str] = None,
        email: Optional[str] = None,
        password: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None] = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        retry_policy: Optional[RetryPolicy] = None,
        headers: Optional[Mapping[str, str]] = None,
        transport: Optional[httpx.AsyncBaseTransport] = None,
    ) -> None:
        settings = _Settings(
            base_url,
            api_key=api_key,
            access_token=access_token,
            email=email,
            password=password,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            retry_policy=retry_policy,
            headers=headers,
        )
        http = httpx.AsyncClient(
            base_url=settings.base_url,
            timeout=settings.timeout,
            headers=settings.headers,
            auth=settings.auth,
            transport=AsyncRetryTransport(transport or httpx.AsyncHTTPTransport(), settings.policy),
            follow_redirects=False,
        )
        settings.auth.bind(http.build_request)
        self.auth_state = settings.auth
        self.client = settings.generated_client().set_async_httpx_client(http)
        super().__init__(AsyncInvoker(self.client))

    def paginate(
        self, method: Callable[..., Awaitable[Page[T]]], *, size: int = MAX_PAGE_SIZE, **filters: Any
    ) -> AsyncIterator[T]:
        """Every item of a list operation: ``async for a in fleet.paginate(fleet.accounts.list)``."""
        return apaginate(method, size=size, **filters)

    async def with_response(self, method: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> ApiResponse[T]:
        """`Fleet.with_response`, awaited."""
        capture: List[httpx.Response] = []
        token = captured.set(capture)
        try:
            parsed = await method(*args, **kwargs)
        finally:
            captured.reset(token)
        return ApiResponse(parsed, capture[-1].status_code, capture[-1].headers)

    async def aclose(self) -> None:
        await self.client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> AsyncFleet:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()
