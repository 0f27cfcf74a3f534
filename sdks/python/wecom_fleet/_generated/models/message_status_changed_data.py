from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_status import MessageStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageStatusChangedData")


@_attrs_define
class MessageStatusChangedData:
    """`message.status_changed`.

    Attributes:
        account_id (str):
        message_id (str):
        new_status (MessageStatus):
        batch_id (str | Unset):
        error_code (str | Unset): The connector's error code, on a failure.
        old_status (MessageStatus | Unset):
        send_latency_ms (int | Unset): From when the message was due to the end of its send (on `sent` and `failed`).
    """

    account_id: str
    message_id: str
    new_status: MessageStatus
    batch_id: str | Unset = UNSET
    error_code: str | Unset = UNSET
    old_status: MessageStatus | Unset = UNSET
    send_latency_ms: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        message_id = self.message_id

        new_status = self.new_status.value

        batch_id = self.batch_id

        error_code = self.error_code

        old_status: str | Unset = UNSET
        if not isinstance(self.old_status, Unset):
            old_status = self.old_status.value

        send_latency_ms = self.send_latency_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "message_id": message_id,
                "new_status": new_status,
            }
        )
        if batch_id is not UNSET:
            field_dict["batch_id"] = batch_id
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if old_status is not UNSET:
            field_dict["old_status"] = old_status
        if send_latency_ms is not UNSET:
            field_dict["send_latency_ms"] = send_latency_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        message_id = d.pop("message_id")

        new_status = MessageStatus(d.pop("new_status"))

        batch_id = d.pop("batch_id", UNSET)

        error_code = d.pop("error_code", UNSET)

        _old_status = d.pop("old_status", UNSET)
        old_status: MessageStatus | Unset
        if isinstance(_old_status, Unset):
            old_status = UNSET
        else:
            old_status = MessageStatus(_old_status)

        send_latency_ms = d.pop("send_latency_ms", UNSET)

        message_status_changed_data = cls(
            account_id=account_id,
            message_id=message_id,
            new_status=new_status,
            batch_id=batch_id,
            error_code=error_code,
            old_status=old_status,
            send_latency_ms=send_latency_ms,
        )

        message_status_changed_data.additional_properties = d
        return message_status_changed_data

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
