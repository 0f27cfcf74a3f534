from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_received_stream_event_type import MessageReceivedStreamEventType

if TYPE_CHECKING:
    from ..models.conversation_event_data import ConversationEventData


T = TypeVar("T", bound="MessageReceivedStreamEvent")


@_attrs_define
class MessageReceivedStreamEvent:
    """
    Attributes:
        id (str): The event's id (also the SSE `id`, which `Last-Event-ID` resumes after); the same id
            as the webhook delivery's `event_id`.
        timestamp (datetime.datetime): When it happened.
        data (ConversationEventData): `message.received`, `contact.added`, `contact.removed`, `group.member_joined`,
            `group.member_left`: a conversation event reported by WeCom or a provider.
        type_ (MessageReceivedStreamEventType):
    """

    id: str
    timestamp: datetime.datetime
    data: ConversationEventData
    type_: MessageReceivedStreamEventType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        timestamp = self.timestamp.isoformat()

        data = self.data.to_dict()

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "timestamp": timestamp,
                "data": data,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conversation_event_data import (
            ConversationEventData,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = ConversationEventData.from_dict(d.pop("data"))

        type_ = MessageReceivedStreamEventType(d.pop("type"))

        message_received_stream_event = cls(
            id=id,
            timestamp=timestamp,
            data=data,
            type_=type_,
        )

        message_received_stream_event.additional_properties = d
        return message_received_stream_event

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
