from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.account_status_changed_stream_event import (
    AccountStatusChangedStreamEvent,
)
from ...models.api_error import ApiError
from ...models.contact_added_stream_event import ContactAddedStreamEvent
from ...models.contact_removed_stream_event import ContactRemovedStreamEvent
from ...models.gap_stream_event import GapStreamEvent
from ...models.group_member_joined_stream_event import GroupMemberJoinedStreamEvent
from ...models.group_member_left_stream_event import GroupMemberLeftStreamEvent
from ...models.message_received_stream_event import MessageReceivedStreamEvent
from ...models.message_status_changed_stream_event import (
    MessageStatusChangedStreamEvent,
)
from ...models.webhook_event_type import WebhookEventType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: list[WebhookEventType] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    params: dict[str, Any] = {}

    json_type_: list[str] | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = []
        for type_item_data in type_:
            type_item = type_item_data.value
            json_type_.append(type_item)

    params["type"] = json_type_

    params["account_id"] = account_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/events",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ApiError
    | list[
        AccountStatusChangedStreamEvent
        | ContactAddedStreamEvent
        | ContactRemovedStreamEvent
        | GapStreamEvent
        | GroupMemberJoinedStreamEvent
        | GroupMemberLeftStreamEvent
        | MessageReceivedStreamEvent
        | MessageStatusChangedStreamEvent
    ]
    | None
):
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.text
        for response_200_item_data in _response_200:

            def _parse_response_200_item(
                data: object,
            ) -> (
                AccountStatusChangedStreamEvent
                | ContactAddedStreamEvent
                | ContactRemovedStreamEvent
                | GapStreamEvent
                | GroupMemberJoinedStreamEvent
                | GroupMemberLeftStreamEvent
                | MessageReceivedStreamEvent
                | MessageStatusChangedStreamEvent
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_stream_event_type_0 = (
                        AccountStatusChangedStreamEvent.from_dict(data)
                    )

                    return componentsschemas_stream_event_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_stream_event_type_1 = (
                        MessageStatusChangedStreamEvent.from_dict(data)
                    )

                    return componentsschemas_stream_event_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_stream_event_type_2 = (
                        MessageReceivedStreamEvent.from_dict(data)
                    )

                    return componentsschemas_stream_event_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_stream_event_type_3 = (
                        ContactAddedStreamEvent.from_dict(data)
                    )

                    return componentsschemas_stream_event_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_stream_event_type_4 = (
                        ContactRemovedStreamEvent.from_dict(data)
                    )

                    return componentsschemas_stream_event_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_stream_event_type_5 = (
                        GroupMemberJoinedStreamEvent.from_dict(data)
                    )

                    return componentsschemas_stream_event_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_stream_event_type_6 = (
                        GroupMemberLeftStreamEvent.from_dict(data)
                    )

                    return componentsschemas_stream_event_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_7 = GapStreamEvent.from_dict(data)

                return componentsschemas_stream_event_type_7

            response_200_item = _parse_response_200_item(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[
    ApiError
    | list[
        AccountStatusChangedStreamEvent
        | ContactAddedStreamEvent
        | ContactRemovedStreamEvent
        | GapStreamEvent
        | GroupMemberJoinedStreamEvent
        | GroupMemberLeftStreamEvent
        | MessageReceivedStreamEvent
        | MessageStatusChangedStreamEvent
    ]
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: list[WebhookEventType] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[
    ApiError
    | list[
        AccountStatusChangedStreamEvent
        | ContactAddedStreamEvent
        | ContactRemovedStreamEvent
        | GapStreamEvent
        | GroupMemberJoinedStreamEvent
        | GroupMemberLeftStreamEvent
        | MessageReceivedStreamEvent
        | MessageStatusChangedStreamEvent
    ]
]:
    """Follow the tenant's events (Server-Sent Events).

     Each SSE message has the event's id as `id`, its type as `event` and a `StreamEvent` as
    `data`. Reconnect with `Last-Event-ID` to resume; the window is the node's latest
    10,000 events of at most 15 minutes. A comment line is sent every 15 s while idle.

    Args:
        type_ (list[WebhookEventType] | Unset):
        account_id (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[AccountStatusChangedStreamEvent | ContactAddedStreamEvent | ContactRemovedStreamEvent | GapStreamEvent | GroupMemberJoinedStreamEvent | GroupMemberLeftStreamEvent | MessageReceivedStreamEvent | MessageStatusChangedStreamEvent]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        account_id=account_id,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: list[WebhookEventType] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> (
    ApiError
    | list[
        AccountStatusChangedStreamEvent
        | ContactAddedStreamEvent
        | ContactRemovedStreamEvent
        | GapStreamEvent
        | GroupMemberJoinedStreamEvent
        | GroupMemberLeftStreamEvent
        | MessageReceivedStreamEvent
        | MessageStatusChangedStreamEvent
    ]
    | None
):
    """Follow the tenant's events (Server-Sent Events).

     Each SSE message has the event's id as `id`, its type as `event` and a `StreamEvent` as
    `data`. Reconnect with `Last-Event-ID` to resume; the window is the node's latest
    10,000 events of at most 15 minutes. A comment line is sent every 15 s while idle.

    Args:
        type_ (list[WebhookEventType] | Unset):
        account_id (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[AccountStatusChangedStreamEvent | ContactAddedStreamEvent | ContactRemovedStreamEvent | GapStreamEvent | GroupMemberJoinedStreamEvent | GroupMemberLeftStreamEvent | MessageReceivedStreamEvent | MessageStatusChangedStreamEvent]
    """

    return sync_detailed(
        client=client,
        type_=type_,
        account_id=account_id,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: list[WebhookEventType] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[
    ApiError
    | list[
        AccountStatusChangedStreamEvent
        | ContactAddedStreamEvent
        | ContactRemovedStreamEvent
        | GapStreamEvent
        | GroupMemberJoinedStreamEvent
        | GroupMemberLeftStreamEvent
        | MessageReceivedStreamEvent
        | MessageStatusChangedStreamEvent
    ]
]:
    """Follow the tenant's events (Server-Sent Events).

     Each SSE message has the event's id as `id`, its type as `event` and a `StreamEvent` as
    `data`. Reconnect with `Last-Event-ID` to resume; the window is the node's latest
    10,000 events of at most 15 minutes. A comment line is sent every 15 s while idle.

    Args:
        type_ (list[WebhookEventType] | Unset):
        account_id (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | list[AccountStatusChangedStreamEvent | ContactAddedStreamEvent | ContactRemovedStreamEvent | GapStreamEvent | GroupMemberJoinedStreamEvent | GroupMemberLeftStreamEvent | MessageReceivedStreamEvent | MessageStatusChangedStreamEvent]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        account_id=account_id,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: list[WebhookEventType] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> (
    ApiError
    | list[
        AccountStatusChangedStreamEvent
        | ContactAddedStreamEvent
        | ContactRemovedStreamEvent
        | GapStreamEvent
        | GroupMemberJoinedStreamEvent
        | GroupMemberLeftStreamEvent
        | MessageReceivedStreamEvent
        | MessageStatusChangedStreamEvent
    ]
    | None
):
    """Follow the tenant's events (Server-Sent Events).

     Each SSE message has the event's id as `id`, its type as `event` and a `StreamEvent` as
    `data`. Reconnect with `Last-Event-ID` to resume; the window is the node's latest
    10,000 events of at most 15 minutes. A comment line is sent every 15 s while idle.

    Args:
        type_ (list[WebhookEventType] | Unset):
        account_id (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | list[AccountStatusChangedStreamEvent | ContactAddedStreamEvent | ContactRemovedStreamEvent | GapStreamEvent | GroupMemberJoinedStreamEvent | GroupMemberLeftStreamEvent | MessageReceivedStreamEvent | MessageStatusChangedStreamEvent]
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            account_id=account_id,
            last_event_id=last_event_id,
        )
    ).parsed
