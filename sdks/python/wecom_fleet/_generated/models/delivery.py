from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_status import DeliveryStatus
from ..models.webhook_event_type import WebhookEventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_status_changed_webhook_event import (
        AccountStatusChangedWebhookEvent,
    )
    from ..models.contact_added_webhook_event import ContactAddedWebhookEvent
    from ..models.contact_removed_webhook_event import ContactRemovedWebhookEvent
    from ..models.group_member_joined_webhook_event import GroupMemberJoinedWebhookEvent
    from ..models.group_member_left_webhook_event import GroupMemberLeftWebhookEvent
    from ..models.message_received_webhook_event import MessageReceivedWebhookEvent
    from ..models.message_status_changed_webhook_event import (
        MessageStatusChangedWebhookEvent,
    )
    from ..models.webhook_attempt import WebhookAttempt


T = TypeVar("T", bound="Delivery")


@_attrs_define
class Delivery:
    """
    Attributes:
        attempts (int): Attempts since it was queued or resent.
        created_at (datetime.datetime):
        delivery_id (str):
        endpoint_id (str):
        event_id (str): The `webhook-id` header: the same on every attempt.
        event_type (WebhookEventType): The kinds of event an endpoint can subscribe to.
        payload (AccountStatusChangedWebhookEvent | ContactAddedWebhookEvent | ContactRemovedWebhookEvent |
            GroupMemberJoinedWebhookEvent | GroupMemberLeftWebhookEvent | MessageReceivedWebhookEvent |
            MessageStatusChangedWebhookEvent): The body of a webhook (Standard Webhooks): `type`, `timestamp` and `data`,
            whose shape `type` decides. New types may be added; ignore the ones you do not know.
        status (DeliveryStatus):
        attempt_log (list[WebhookAttempt] | Unset): Every attempt, oldest first (only on `GET /deliveries/{id}`).
        finished_at (datetime.datetime | Unset):
        last_error (str | Unset):
        last_response_body (str | Unset): The first 1 KiB of the last answer.
        last_response_code (int | Unset):
        next_attempt_at (datetime.datetime | Unset):
    """

    attempts: int
    created_at: datetime.datetime
    delivery_id: str
    endpoint_id: str
    event_id: str
    event_type: WebhookEventType
    payload: (
        AccountStatusChangedWebhookEvent
        | ContactAddedWebhookEvent
        | ContactRemovedWebhookEvent
        | GroupMemberJoinedWebhookEvent
        | GroupMemberLeftWebhookEvent
        | MessageReceivedWebhookEvent
        | MessageStatusChangedWebhookEvent
    )
    status: DeliveryStatus
    attempt_log: list[WebhookAttempt] | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    last_error: str | Unset = UNSET
    last_response_body: str | Unset = UNSET
    last_response_code: int | Unset = UNSET
    next_attempt_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.account_status_changed_webhook_event import (
            AccountStatusChangedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.contact_added_webhook_event import (
            ContactAddedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.contact_removed_webhook_event import (
            ContactRemovedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.group_member_joined_webhook_event import (
            GroupMemberJoinedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.message_received_webhook_event import (
            MessageReceivedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.message_status_changed_webhook_event import (
            MessageStatusChangedWebhookEvent,  # noqa: PLC0415
        )

        attempts = self.attempts

        created_at = self.created_at.isoformat()

        delivery_id = self.delivery_id

        endpoint_id = self.endpoint_id

        event_id = self.event_id

        event_type = self.event_type.value

        payload: dict[str, Any]
        if isinstance(self.payload, AccountStatusChangedWebhookEvent):
            payload = self.payload.to_dict()
        elif isinstance(self.payload, MessageStatusChangedWebhookEvent):
            payload = self.payload.to_dict()
        elif isinstance(self.payload, MessageReceivedWebhookEvent):
            payload = self.payload.to_dict()
        elif isinstance(self.payload, ContactAddedWebhookEvent):
            payload = self.payload.to_dict()
        elif isinstance(self.payload, ContactRemovedWebhookEvent):
            payload = self.payload.to_dict()
        elif isinstance(self.payload, GroupMemberJoinedWebhookEvent):
            payload = self.payload.to_dict()
        else:
            payload = self.payload.to_dict()

        status = self.status.value

        attempt_log: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attempt_log, Unset):
            attempt_log = []
            for attempt_log_item_data in self.attempt_log:
                attempt_log_item = attempt_log_item_data.to_dict()
                attempt_log.append(attempt_log_item)

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        last_error = self.last_error

        last_response_body = self.last_response_body

        last_response_code = self.last_response_code

        next_attempt_at: str | Unset = UNSET
        if not isinstance(self.next_attempt_at, Unset):
            next_attempt_at = self.next_attempt_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "delivery_id": delivery_id,
                "endpoint_id": endpoint_id,
                "event_id": event_id,
                "event_type": event_type,
                "payload": payload,
                "status": status,
            }
        )
        if attempt_log is not UNSET:
            field_dict["attempt_log"] = attempt_log
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if last_response_body is not UNSET:
            field_dict["last_response_body"] = last_response_body
        if last_response_code is not UNSET:
            field_dict["last_response_code"] = last_response_code
        if next_attempt_at is not UNSET:
            field_dict["next_attempt_at"] = next_attempt_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_status_changed_webhook_event import (
            AccountStatusChangedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.contact_added_webhook_event import (
            ContactAddedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.contact_removed_webhook_event import (
            ContactRemovedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.group_member_joined_webhook_event import (
            GroupMemberJoinedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.group_member_left_webhook_event import (
            GroupMemberLeftWebhookEvent,  # noqa: PLC0415
        )
        from ..models.message_received_webhook_event import (
            MessageReceivedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.message_status_changed_webhook_event import (
            MessageStatusChangedWebhookEvent,  # noqa: PLC0415
        )
        from ..models.webhook_attempt import WebhookAttempt  # noqa: PLC0415

        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        delivery_id = d.pop("delivery_id")

        endpoint_id = d.pop("endpoint_id")

        event_id = d.pop("event_id")

        event_type = WebhookEventType(d.pop("event_type"))

        def _parse_payload(
            data: object,
        ) -> (
            AccountStatusChangedWebhookEvent
            | ContactAddedWebhookEvent
            | ContactRemovedWebhookEvent
            | GroupMemberJoinedWebhookEvent
            | GroupMemberLeftWebhookEvent
            | MessageReceivedWebhookEvent
            | MessageStatusChangedWebhookEvent
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_webhook_event_type_0 = (
                    AccountStatusChangedWebhookEvent.from_dict(data)
                )

                return componentsschemas_webhook_event_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_webhook_event_type_1 = (
                    MessageStatusChangedWebhookEvent.from_dict(data)
                )

                return componentsschemas_webhook_event_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_webhook_event_type_2 = (
                    MessageReceivedWebhookEvent.from_dict(data)
                )

                return componentsschemas_webhook_event_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_webhook_event_type_3 = (
                    ContactAddedWebhookEvent.from_dict(data)
                )

                return componentsschemas_webhook_event_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_webhook_event_type_4 = (
                    ContactRemovedWebhookEvent.from_dict(data)
                )

                return componentsschemas_webhook_event_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_webhook_event_type_5 = (
                    GroupMemberJoinedWebhookEvent.from_dict(data)
                )

                return componentsschemas_webhook_event_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_webhook_event_type_6 = (
                GroupMemberLeftWebhookEvent.from_dict(data)
            )

            return componentsschemas_webhook_event_type_6

        payload = _parse_payload(d.pop("payload"))

        status = DeliveryStatus(d.pop("status"))

        _attempt_log = d.pop("attempt_log", UNSET)
        attempt_log: list[WebhookAttempt] | Unset = UNSET
        if _attempt_log is not UNSET:
            attempt_log = []
            for attempt_log_item_data in _attempt_log:
                attempt_log_item = WebhookAttempt.from_dict(attempt_log_item_data)

                attempt_log.append(attempt_log_item)

        _finished_at = d.pop("finished_at", UNSET)
        finished_at: datetime.datetime | Unset
        if isinstance(_finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = datetime.datetime.fromisoformat(_finished_at)

        last_error = d.pop("last_error", UNSET)

        last_response_body = d.pop("last_response_body", UNSET)

        last_response_code = d.pop("last_response_code", UNSET)

        _next_attempt_at = d.pop("next_attempt_at", UNSET)
        next_attempt_at: datetime.datetime | Unset
        if isinstance(_next_attempt_at, Unset):
            next_attempt_at = UNSET
        else:
            next_attempt_at = datetime.datetime.fromisoformat(_next_attempt_at)

        delivery = cls(
            attempts=attempts,
            created_at=created_at,
            delivery_id=delivery_id,
            endpoint_id=endpoint_id,
            event_id=event_id,
            event_type=event_type,
            payload=payload,
            status=status,
            attempt_log=attempt_log,
            finished_at=finished_at,
            last_error=last_error,
            last_response_body=last_response_body,
            last_response_code=last_response_code,
            next_attempt_at=next_attempt_at,
        )

        delivery.additional_properties = d
        return delivery

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
