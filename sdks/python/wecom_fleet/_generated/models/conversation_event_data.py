from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.callback_source import CallbackSource

if TYPE_CHECKING:
    from ..models.conversation_event_data_details import ConversationEventDataDetails


T = TypeVar("T", bound="ConversationEventData")


@_attrs_define
class ConversationEventData:
    """`message.received`, `contact.added`, `contact.removed`, `group.member_joined`,
    `group.member_left`: a conversation event reported by WeCom or a provider.

        Attributes:
            account_id (str):
            callback_event_id (str): The stored callback it came from (`GET /callbacks/events/{id}`).
            details (ConversationEventDataDetails): The event's fields as its source reported them.
            source (CallbackSource):
    """

    account_id: str
    callback_event_id: str
    details: ConversationEventDataDetails
    source: CallbackSource
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        callback_event_id = self.callback_event_id

        details = self.details.to_dict()

        source = self.source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "callback_event_id": callback_event_id,
                "details": details,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conversation_event_data_details import (
            ConversationEventDataDetails,  # noqa: PLC0415
        )

        d = dict(src_dict)
        account_id = d.pop("account_id")

        callback_event_id = d.pop("callback_event_id")

        details = ConversationEventDataDetails.from_dict(d.pop("details"))

        source = CallbackSource(d.pop("source"))

        conversation_event_data = cls(
            account_id=account_id,
            callback_event_id=callback_event_id,
            details=details,
            source=source,
        )

        conversation_event_data.additional_properties = d
        return conversation_event_data

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
