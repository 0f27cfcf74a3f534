from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DayUsage")


@_attrs_define
class DayUsage:
    """
    Attributes:
        cancelled (int):
        date (str): `YYYY-MM-DD` in the tenant's timezone.
        delivered (int):
        failed (int):
        pending (int):
        sent (int):
        used (int): Charged to the quota (cancelled messages are given back).
    """

    cancelled: int
    date: str
    delivered: int
    failed: int
    pending: int
    sent: int
    used: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancelled = self.cancelled

        date = self.date

        delivered = self.delivered

        failed = self.failed

        pending = self.pending

        sent = self.sent

        used = self.used

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancelled": cancelled,
                "date": date,
                "delivered": delivered,
                "failed": failed,
                "pending": pending,
                "sent": sent,
                "used": used,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancelled = d.pop("cancelled")

        date = d.pop("date")

        delivered = d.pop("delivered")

        failed = d.pop("failed")

        pending = d.pop("pending")

        sent = d.pop("sent")

        used = d.pop("used")

        day_usage = cls(
            cancelled=cancelled,
            date=date,
            delivered=delivered,
            failed=failed,
            pending=pending,
            sent=sent,
            used=used,
        )

        day_usage.additional_properties = d
        return day_usage

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
