from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.audit_action import AuditAction
from ...models.page_audit_entry import PageAuditEntry
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    action: AuditAction | Unset = UNSET,
    target_kind: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    tenant_id: UUID | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    json_action: str | Unset = UNSET
    if not isinstance(action, Unset):
        json_action = action.value

    params["action"] = json_action

    params["target_kind"] = target_kind

    params["target_id"] = target_id

    json_tenant_id: str | Unset = UNSET
    if not isinstance(tenant_id, Unset):
        json_tenant_id = str(tenant_id)
    params["tenant_id"] = json_tenant_id

    params["page"] = page

    params["size"] = size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audit-log",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | PageAuditEntry | None:
    if response.status_code == 200:
        response_200 = PageAuditEntry.from_dict(response.json())

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
) -> Response[ApiError | PageAuditEntry]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    action: AuditAction | Unset = UNSET,
    target_kind: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    tenant_id: UUID | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> Response[ApiError | PageAuditEntry]:
    """The audit log, newest first. Tenant admins see their tenant's entries; platform admins
    see platform-level entries, or one tenant's with `tenant_id`.

    Args:
        action (AuditAction | Unset):
        target_kind (str | Unset):
        target_id (str | Unset):
        tenant_id (UUID | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PageAuditEntry]
    """

    kwargs = _get_kwargs(
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        tenant_id=tenant_id,
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
    action: AuditAction | Unset = UNSET,
    target_kind: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    tenant_id: UUID | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> ApiError | PageAuditEntry | None:
    """The audit log, newest first. Tenant admins see their tenant's entries; platform admins
    see platform-level entries, or one tenant's with `tenant_id`.

    Args:
        action (AuditAction | Unset):
        target_kind (str | Unset):
        target_id (str | Unset):
        tenant_id (UUID | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PageAuditEntry
    """

    return sync_detailed(
        client=client,
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        tenant_id=tenant_id,
        page=page,
        size=size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    action: AuditAction | Unset = UNSET,
    target_kind: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    tenant_id: UUID | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> Response[ApiError | PageAuditEntry]:
    """The audit log, newest first. Tenant admins see their tenant's entries; platform admins
    see platform-level entries, or one tenant's with `tenant_id`.

    Args:
        action (AuditAction | Unset):
        target_kind (str | Unset):
        target_id (str | Unset):
        tenant_id (UUID | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PageAuditEntry]
    """

    kwargs = _get_kwargs(
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        tenant_id=tenant_id,
        page=page,
        size=size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    action: AuditAction | Unset = UNSET,
    target_kind: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    tenant_id: UUID | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> ApiError | PageAuditEntry | None:
    """The audit log, newest first. Tenant admins see their tenant's entries; platform admins
    see platform-level entries, or one tenant's with `tenant_id`.

    Args:
        action (AuditAction | Unset):
        target_kind (str | Unset):
        target_id (str | Unset):
        tenant_id (UUID | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PageAuditEntry
    """

    return (
        await asyncio_detailed(
            client=client,
            action=action,
            target_kind=target_kind,
            target_id=target_id,
            tenant_id=tenant_id,
            page=page,
            size=size,
        )
    ).parsed
