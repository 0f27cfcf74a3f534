from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_message_message_type import FileMessageMessageType
from ..models.message_status import MessageStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_content import FileContent


T = TypeVar("T", bound="FileMessage")


@_attrs_define
class FileMessage:
    """
    Attributes:
        account_id (str):
        attempts (int): Attempts at the current content.
        client_message_id (str): The id the connector deduplicates resends by.
        conversation_id (str):
        created_at (datetime.datetime):
        dead_lettered (bool): True when it failed after its last retry (replay it with `POST /messages/{id}/retry`).
        due_at (datetime.datetime): When it is due (next attempt, or the scheduled send time).
        fallback_depth (int): How many fallbacks replaced the content.
        message_id (str):
        quota_day (str): The day (`YYYY-MM-DD`, tenant timezone) whose quota it was charged to.
        status (MessageStatus):
        updated_at (datetime.datetime):
        content (FileContent): `file`: as `image`, with an optional file name.
        message_type (FileMessageMessageType):
        batch_id (str | Unset):
        delivered_at (datetime.datetime | Unset):
        last_error (str | Unset):
        last_error_code (str | Unset):
        provider_message_id (str | Unset):
        send_time (datetime.datetime | Unset):
        sent_at (datetime.datetime | Unset):
        template_id (str | Unset):
        template_version (int | Unset): The template version the content was rendered from.
    """

    account_id: str
    attempts: int
    client_message_id: str
    conversation_id: str
    created_at: datetime.datetime
    dead_lettered: bool
    due_at: datetime.datetime
    fallback_depth: int
    message_id: str
    quota_day: str
    status: MessageStatus
    updated_at: datetime.datetime
    content: FileContent
    message_type: FileMessageMessageType
    batch_id: str | Unset = UNSET
    delivered_at: datetime.datetime | Unset = UNSET
    last_error: str | Unset = UNSET
    last_error_code: str | Unset = UNSET
    provider_message_id: str | Unset = UNSET
    send_time: datetime.datetime | Unset = UNSET
    sent_at: datetime.datetime | Unset = UNSET
    template_id: str | Unset = UNSET
    template_version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        attempts = self.attempts

        client_message_id = self.client_message_id

        conversation_id = self.conversation_id

        created_at = self.created_at.isoformat()

        dead_lettered = self.dead_lettered

        due_at = self.due_at.isoformat()

        fallback_depth = self.fallback_depth

        message_id = self.message_id

        quota_day = self.quota_day

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        content = self.content.to_dict()

        message_type = self.message_type.value

        batch_id = self.batch_id

        delivered_at: str | Unset = UNSET
        if not isinstance(self.delivered_at, Unset):
            delivered_at = self.delivered_at.isoformat()

        last_error = self.last_error

        last_error_code = self.last_error_code

        provider_message_id = self.provider_message_id

        send_time: str | Unset = UNSET
        if not isinstance(self.send_time, Unset):
            send_time = self.send_time.isoformat()

        sent_at: str | Unset = UNSET
        if not isinstance(self.sent_at, Unset):
            sent_at = self.sent_at.isoformat()

        template_id = self.template_id

        template_version = self.template_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "attempts": attempts,
                "client_message_id": client_message_id,
                "conversation_id": conversation_id,
                "created_at": created_at,
                "dead_lettered": dead_lettered,
                "due_at": due_at,
                "fallback_depth": fallback_depth,
                "message_id": message_id,
                "quota_day": quota_day,
                "status": status,
                "updated_at": updated_at,
                "content": content,
                "message_type": message_type,
            }
        )
        if batch_id is not UNSET:
            field_dict["batch_id"] = batch_id
        if delivered_at is not UNSET:
            field_dict["delivered_at"] = delivered_at
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if last_error_code is not UNSET:
            field_dict["last_error_code"] = last_error_code
        if provider_message_id is not UNSET:
            field_dict["provider_message_id"] = provider_message_id
        if send_time is not UNSET:
            field_dict["send_time"] = send_time
        if sent_at is not UNSET:
            field_dict["sent_at"] = sent_at
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if template_version is not UNSET:
            field_dict["template_version"] = template_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_content import FileContent  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        attempts = d.pop("attempts")

        client_message_id = d.pop("client_message_id")

        conversation_id = d.pop("conversation_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        dead_lettered = d.pop("dead_lettered")

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        fallback_depth = d.pop("fallback_depth")

        message_id = d.pop("message_id")

        quota_day = d.pop("quota_day")

        status = MessageStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        content = FileContent.from_dict(d.pop("content"))

        message_type = FileMessageMessageType(d.pop("message_type"))

        batch_id = d.pop("batch_id", UNSET)

        _delivered_at = d.pop("delivered_at", UNSET)
        delivered_at: datetime.datetime | Unset
        if isinstance(_delivered_at, Unset):
            delivered_at = UNSET
        else:
            delivered_at = datetime.datetime.fromisoformat(_delivered_at)

        last_error = d.pop("last_error", UNSET)

        last_error_code = d.pop("last_error_code", UNSET)

        provider_message_id = d.pop("provider_message_id", UNSET)

        _send_time = d.pop("send_time", UNSET)
        send_time: datetime.datetime | Unset
        if isinstance(_send_time, Unset):
            send_time = UNSET
        else:
            send_time = datetime.datetime.fromisoformat(_send_time)

        _sent_at = d.pop("sent_at", UNSET)
        sent_at: datetime.datetime | Unset
        if isinstance(_sent_at, Unset):
            sent_at = UNSET
        else:
            sent_at = datetime.datetime.fromisoformat(_sent_at)

        template_id = d.pop("template_id", UNSET)

        template_version = d.pop("template_version", UNSET)

        file_message = cls(
            account_id=account_id,
            attempts=attempts,
            client_message_id=client_message_id,
            conversation_id=conversation_id,
            created_at=created_at,
            dead_lettered=dead_lettered,
            due_at=due_at,
            fallback_depth=fallback_depth,
            message_id=message_id,
            quota_day=quota_day,
            status=status,
            updated_at=updated_at,
            content=content,
            message_type=message_type,
            batch_id=batch_id,
            delivered_at=delivered_at,
            last_error=last_error,
            last_error_code=last_error_code,
            provider_message_id=provider_message_id,
            send_time=send_time,
            sent_at=sent_at,
            template_id=template_id,
            template_version=template_version,
        )

        file_message.additional_properties = d
        return file_message

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
