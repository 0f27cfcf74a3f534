from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.notification_outcome import NotificationOutcome
from ..models.notification_status import NotificationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertNotification")


@_attrs_define
class AlertNotification:
    """
    Attributes:
        alert_count (int):
        attempts (int):
        channel_id (str):
        created_at (datetime.datetime):
        group_key (str):
        notification_id (str):
        outcome (NotificationOutcome):
        status (NotificationStatus):
        test (bool): Sent by the test action.
        detail (str | Unset): What the channel answered.
        finished_at (datetime.datetime | Unset):
        last_error (str | Unset):
        next_attempt_at (datetime.datetime | Unset):
    """

    alert_count: int
    attempts: int
    channel_id: str
    created_at: datetime.datetime
    group_key: str
    notification_id: str
    outcome: NotificationOutcome
    status: NotificationStatus
    test: bool
    detail: str | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    last_error: str | Unset = UNSET
    next_attempt_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        alert_count = self.alert_count

        attempts = self.attempts

        channel_id = self.channel_id

        created_at = self.created_at.isoformat()

        group_key = self.group_key

        notification_id = self.notification_id

        outcome = self.outcome.value

        status = self.status.value

        test = self.test

        detail = self.detail

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        last_error = self.last_error

        next_attempt_at: str | Unset = UNSET
        if not isinstance(self.next_attempt_at, Unset):
            next_attempt_at = self.next_attempt_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "alert_count": alert_count,
                "attempts": attempts,
                "channel_id": channel_id,
                "created_at": created_at,
                "group_key": group_key,
                "notification_id": notification_id,
                "outcome": outcome,
                "status": status,
                "test": test,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if next_attempt_at is not UNSET:
            field_dict["next_attempt_at"] = next_attempt_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        alert_count = d.pop("alert_count")

        attempts = d.pop("attempts")

        channel_id = d.pop("channel_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        group_key = d.pop("group_key")

        notification_id = d.pop("notification_id")

        outcome = NotificationOutcome(d.pop("outcome"))

        status = NotificationStatus(d.pop("status"))

        test = d.pop("test")

        detail = d.pop("detail", UNSET)

        _finished_at = d.pop("finished_at", UNSET)
        finished_at: datetime.datetime | Unset
        if isinstance(_finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = datetime.datetime.fromisoformat(_finished_at)

        last_error = d.pop("last_error", UNSET)

        _next_attempt_at = d.pop("next_attempt_at", UNSET)
        next_attempt_at: datetime.datetime | Unset
        if isinstance(_next_attempt_at, Unset):
            next_attempt_at = UNSET
        else:
            next_attempt_at = datetime.datetime.fromisoformat(_next_attempt_at)

        alert_notification = cls(
            alert_count=alert_count,
            attempts=attempts,
            channel_id=channel_id,
            created_at=created_at,
            group_key=group_key,
            notification_id=notification_id,
            outcome=outcome,
            status=status,
            test=test,
            detail=detail,
            finished_at=finished_at,
            last_error=last_error,
            next_attempt_at=next_attempt_at,
        )

        alert_notification.additional_properties = d
        return alert_notification

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
