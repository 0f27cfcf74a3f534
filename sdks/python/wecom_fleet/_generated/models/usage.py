from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.day_usage import DayUsage


T = TypeVar("T", bound="Usage")


@_attrs_define
class Usage:
    """
    Attributes:
        daily_limit (int):
        days (list[DayUsage]):
        timezone (str):
    """

    daily_limit: int
    days: list[DayUsage]
    timezone: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        daily_limit = self.daily_limit

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.to_dict()
            days.append(days_item)

        timezone = self.timezone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "daily_limit": daily_limit,
                "days": days,
                "timezone": timezone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.day_usage import DayUsage  # noqa: PLC0415

        d = dict(src_dict)
        daily_limit = d.pop("daily_limit")

        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = DayUsage.from_dict(days_item_data)

            days.append(days_item)

        timezone = d.pop("timezone")

        usage = cls(
            daily_limit=daily_limit,
            days=days,
            timezone=timezone,
        )

        usage.additional_properties = d
        return usage

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
