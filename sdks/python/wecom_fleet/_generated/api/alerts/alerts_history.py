import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.alert_state import AlertState
from ...models.api_error import ApiError
from ...models.page_alert import PageAlert
from ...models.severity import Severity
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: AlertState | Unset = UNSET,
    rule: str | Unset = UNSET,
    severity: Severity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    params["rule"] = rule

    json_severity: str | Unset = UNSET
    if not isinstance(severity, Unset):
        json_severity = severity.value

    params["severity"] = json_severity

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params["page"] = page

    params["size"] = size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/alerts/history",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | PageAlert | None:
    if response.status_code == 200:
        response_200 = PageAlert.from_dict(response.json())

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
) -> Response[ApiError | PageAlert]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    state: AlertState | Unset = UNSET,
    rule: str | Unset = UNSET,
    severity: Severity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> Response[ApiError | PageAlert]:
    """Every alert incident, newest first.

    Args:
        state (AlertState | Unset):
        rule (str | Unset):
        severity (Severity | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PageAlert]
    """

    kwargs = _get_kwargs(
        state=state,
        rule=rule,
        severity=severity,
        since=since,
        until=until,
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
    state: AlertState | Unset = UNSET,
    rule: str | Unset = UNSET,
    severity: Severity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> ApiError | PageAlert | None:
    """Every alert incident, newest first.

    Args:
        state (AlertState | Unset):
        rule (str | Unset):
        severity (Severity | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PageAlert
    """

    return sync_detailed(
        client=client,
        state=state,
        rule=rule,
        severity=severity,
        since=since,
        until=until,
        page=page,
        size=size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    state: AlertState | Unset = UNSET,
    rule: str | Unset = UNSET,
    severity: Severity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> Response[ApiError | PageAlert]:
    """Every alert incident, newest first.

    Args:
        state (AlertState | Unset):
        rule (str | Unset):
        severity (Severity | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | PageAlert]
    """

    kwargs = _get_kwargs(
        state=state,
        rule=rule,
        severity=severity,
        since=since,
        until=until,
        page=page,
        size=size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    state: AlertState | Unset = UNSET,
    rule: str | Unset = UNSET,
    severity: Severity | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    size: int | Unset = 20,
) -> ApiError | PageAlert | None:
    """Every alert incident, newest first.

    Args:
        state (AlertState | Unset):
        rule (str | Unset):
        severity (Severity | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | PageAlert
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
            rule=rule,
            severity=severity,
            since=since,
            until=until,
            page=page,
            size=size,
        )
    ).parsed
