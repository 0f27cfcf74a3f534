from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.account_status import AccountStatus
from ...models.api_error import ApiError
from ...models.page_account import PageAccount
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: AccountStatus | Unset = UNSET,
    name: str | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["name"] = name

    params["page"] = page

    params["size"] = size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/accounts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | PageAccount | None:
    if response.status_code == 200:
        response_200 = PageAccount.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ApiError.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ApiError.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ApiError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | PageAccount]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: AccountStatus | Unset = UNSET,
    name: str | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> Response[ApiError | PageAccount]:
    """The tenant's accounts, oldest first.

    Args:
        status (AccountStatus | Unset): An account's status as stored and shown: the state without
            its login details.
        name (str | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PageAccount]
    """

    kwargs = _get_kwargs(
        status=status,
        name=name,
        page=page,
        size=size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: AccountStatus | Unset = UNSET,
    name: str | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> ApiError | PageAccount | None:
    """The tenant's accounts, oldest first.

    Args:
        status (AccountStatus | Unset): An account's status as stored and shown: the state without
            its login details.
        name (str | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PageAccount
    """

    return sync_detailed(
        client=client,
        status=status,
        name=name,
        page=page,
        size=size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: AccountStatus | Unset = UNSET,
    name: str | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> Response[ApiError | PageAccount]:
    """The tenant's accounts, oldest first.

    Args:
        status (AccountStatus | Unset): An account's status as stored and shown: the state without
            its login details.
        name (str | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PageAccount]
    """

    kwargs = _get_kwargs(
        status=status,
        name=name,
        page=page,
        size=size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: AccountStatus | Unset = UNSET,
    name: str | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> ApiError | PageAccount | None:
    """The tenant's accounts, oldest first.

    Args:
        status (AccountStatus | Unset): An account's status as stored and shown: the state without
            its login details.
        name (str | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PageAccount
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            name=name,
            page=page,
            size=size,
        )
    ).parsed
