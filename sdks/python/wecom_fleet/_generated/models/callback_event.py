from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.callback_source import CallbackSource
from ..models.callback_status import CallbackStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.callback_event_payload import CallbackEventPayload


T = TypeVar("T", bound="CallbackEvent")


@_attrs_define
class CallbackEvent:
    """
    Attributes:
        attempts (int):
        event_id (str):
        kind (str): E.g. `provider.logged_in`, `wecom.inbound_message`, `wecom.contact_added`; kinds
            nobody handles are kept too.
        payload (CallbackEventPayload): The event as received (WeCom's XML decrypted into an object).
        received_at (datetime.datetime):
        source (CallbackSource):
        status (CallbackStatus):
        account_id (str | Unset):
        last_error (str | Unset):
        next_attempt_at (datetime.datetime | Unset): While pending: when the next attempt is due.
        processed_at (datetime.datetime | Unset):
    """

    attempts: int
    event_id: str
    kind: str
    payload: CallbackEventPayload
    received_at: datetime.datetime
    source: CallbackSource
    status: CallbackStatus
    account_id: str | Unset = UNSET
    last_error: str | Unset = UNSET
    next_attempt_at: datetime.datetime | Unset = UNSET
    processed_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        event_id = self.event_id

        kind = self.kind

        payload = self.payload.to_dict()

        received_at = self.received_at.isoformat()

        source = self.source.value

        status = self.status.value

        account_id = self.account_id

        last_error = self.last_error

        next_attempt_at: str | Unset = UNSET
        if not isinstance(self.next_attempt_at, Unset):
            next_attempt_at = self.next_attempt_at.isoformat()

        processed_at: str | Unset = UNSET
        if not isinstance(self.processed_at, Unset):
            processed_at = self.processed_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "event_id": event_id,
                "kind": kind,
                "payload": payload,
                "received_at": received_at,
                "source": source,
                "status": status,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if next_attempt_at is not UNSET:
            field_dict["next_attempt_at"] = next_attempt_at
        if processed_at is not UNSET:
            field_dict["processed_at"] = processed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.callback_event_payload import (
            CallbackEventPayload,  # noqa: PLC0415
        )

        d = dict(src_dict)
        attempts = d.pop("attempts")

        event_id = d.pop("event_id")

        kind = d.pop("kind")

        payload = CallbackEventPayload.from_dict(d.pop("payload"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        source = CallbackSource(d.pop("source"))

        status = CallbackStatus(d.pop("status"))

        account_id = d.pop("account_id", UNSET)

        last_error = d.pop("last_error", UNSET)

        _next_attempt_at = d.pop("next_attempt_at", UNSET)
        next_attempt_at: datetime.datetime | Unset
        if isinstance(_next_attempt_at, Unset):
            next_attempt_at = UNSET
        else:
            next_attempt_at = datetime.datetime.fromisoformat(_next_attempt_at)

        _processed_at = d.pop("processed_at", UNSET)
        processed_at: datetime.datetime | Unset
        if isinstance(_processed_at, Unset):
            processed_at = UNSET
        else:
            processed_at = datetime.datetime.fromisoformat(_processed_at)

        callback_event = cls(
            attempts=attempts,
            event_id=event_id,
            kind=kind,
            payload=payload,
            received_at=received_at,
            source=source,
            status=status,
            account_id=account_id,
            last_error=last_error,
            next_attempt_at=next_attempt_at,
            processed_at=processed_at,
        )

        callback_event.additional_properties = d
        return callback_event

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
