from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.attempt_outcome import AttemptOutcome
from ..models.message_type import MessageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Attempt")


@_attrs_define
class Attempt:
    """
    Attributes:
        client_message_id (str):
        finished_at (datetime.datetime):
        message_type (MessageType): The kind of a message; decides the shape of its content (see
            [`super::check_content`]).
        outcome (AttemptOutcome):
        started_at (datetime.datetime):
        error (str | Unset):
        error_code (str | Unset):
        template_id (str | Unset):
        template_version (int | Unset):
    """

    client_message_id: str
    finished_at: datetime.datetime
    message_type: MessageType
    outcome: AttemptOutcome
    started_at: datetime.datetime
    error: str | Unset = UNSET
    error_code: str | Unset = UNSET
    template_id: str | Unset = UNSET
    template_version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_message_id = self.client_message_id

        finished_at = self.finished_at.isoformat()

        message_type = self.message_type.value

        outcome = self.outcome.value

        started_at = self.started_at.isoformat()

        error = self.error

        error_code = self.error_code

        template_id = self.template_id

        template_version = self.template_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_message_id": client_message_id,
                "finished_at": finished_at,
                "message_type": message_type,
                "outcome": outcome,
                "started_at": started_at,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if template_version is not UNSET:
            field_dict["template_version"] = template_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_message_id = d.pop("client_message_id")

        finished_at = datetime.datetime.fromisoformat(d.pop("finished_at"))

        message_type = MessageType(d.pop("message_type"))

        outcome = AttemptOutcome(d.pop("outcome"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        error = d.pop("error", UNSET)

        error_code = d.pop("error_code", UNSET)

        template_id = d.pop("template_id", UNSET)

        template_version = d.pop("template_version", UNSET)

        attempt = cls(
            client_message_id=client_message_id,
            finished_at=finished_at,
            message_type=message_type,
            outcome=outcome,
            started_at=started_at,
            error=error,
            error_code=error_code,
            template_id=template_id,
            template_version=template_version,
        )

        attempt.additional_properties = d
        return attempt

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
