"""Calling a generated operation: send its request, raise on an error answer, parse a 2xx one.

The generated modules (`_generated/api/<tag>/<operation>.py`) build each request in
`_get_kwargs` and read the answer in `_build_response`; `sync_detailed` is those two around
`client.request`. The invoker does the same with one step between: an answer outside 2xx
becomes a typed `FleetError` from its raw status, headers and body, before the generated parser
sees it (which would otherwise fail on an error code it does not know, or on a body that is not
the `ApiError` schema, such as a proxy's HTML page).
"""

from __future__ import annotations

import contextvars
from collections.abc import AsyncIterator, Iterator, Mapping
from enum import Enum
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Type, TypeVar

import httpx

from ._paging import apaginate, paginate
from .errors import ConnectionError, error_from_response

#: Set by `Fleet.with_response`: the raw answers of the calls made meanwhile.
captured: contextvars.ContextVar[Optional[List[httpx.Response]]] = contextvars.ContextVar(
    "wecom_fleet_captured", default=None
)


class JsonBody:
    """A plain mapping passed where the generated code wants a model (it calls `to_dict`)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def to_dict(self) -> Dict[str, Any]:
        return dict(self._data)


def json_body(body: Any) -> Any:
    """Models pass through; dicts are wrapped so the generated code can serialise them."""
    if isinstance(body, Mapping):
        return JsonBody(body)
    return body


E = TypeVar("E", bound=Enum)


def enum_value(enum: Type[E], value: Any) -> Any:
    """A plain string where the generated code wants an enumeration member: its member."""
    if isinstance(value, str) and not isinstance(value, enum):
        return enum(value)
    return value


def _finish(operation: ModuleType, client: Any, response: httpx.Response) -> Any:
    capture = captured.get()
    if capture is not None:
        capture.append(response)
    if not response.is_success:
        raise error_from_response(response.status_code, response.headers, response.content)
    return operation._build_response(client=client, response=response).parsed  # noqa: SLF001


def _connection_error(error: httpx.TransportError) -> ConnectionError:
    request = getattr(error, "_request", None)
    where = f" ({request.method} {request.url})" if request is not None else ""
    return ConnectionError(f"{type(error).__name__}: {error}{where}")


class SyncInvoker:
    def __init__(self, client: Any) -> None:
        self.client = client

    def call(self, operation: ModuleType, kwargs: Dict[str, Any]) -> Any:
        request = operation._get_kwargs(**kwargs)  # noqa: SLF001
        try:
            response = self.client.get_httpx_client().request(**request)
        except httpx.TransportError as error:
            raise _connection_error(error) from error
        return _finish(operation, self.client, response)


class AsyncInvoker:
    def __init__(self, client: Any) -> None:
        self.client = client

    async def call(self, operation: ModuleType, kwargs: Dict[str, Any]) -> Any:
        request = operation._get_kwargs(**kwargs)  # noqa: SLF001
        try:
            response = await self.client.get_async_httpx_client().request(**request)
        except httpx.TransportError as error:
            raise _connection_error(error) from error
        return _finish(operation, self.client, response)


class SyncResource:
    """Base of the generated resource classes (resources.py)."""

    def __init__(self, invoker: SyncInvoker) -> None:
        self._invoker = invoker

    def _call(self, operation: ModuleType, **kwargs: Any) -> Any:
        return self._invoker.call(operation, kwargs)

    def _paginate(self, method: Callable[..., Any], **filters: Any) -> Iterator[Any]:
        return paginate(method, **filters)


class AsyncResource:
    """Base of the generated async resource classes (resources.py)."""

    def __init__(self, invoker: AsyncInvoker) -> None:
        self._invoker = invoker

    async def _call(self, operation: ModuleType, **kwargs: Any) -> Any:
        return await self._invoker.call(operation, kwargs)

    def _paginate(self, method: Callable[..., Any], **filters: Any) -> AsyncIterator[Any]:
        return apaginate(method, **filters)
