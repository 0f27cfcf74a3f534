from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.batch_item import BatchItem


T = TypeVar("T", bound="BatchSend")


@_attrs_define
class BatchSend:
    """
    Attributes:
        account_id (str):
        messages (list[BatchItem]): 1 to 1,000 messages.
    """

    account_id: str
    messages: list[BatchItem]

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "account_id": account_id,
                "messages": messages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_item import BatchItem  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = BatchItem.from_dict(messages_item_data)

            messages.append(messages_item)

        batch_send = cls(
            account_id=account_id,
            messages=messages,
        )

        return batch_send
