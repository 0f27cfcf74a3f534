from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PacingProfile")


@_attrs_define
class PacingProfile:
    """
    Attributes:
        default (bool): Used when neither the account nor its tenant chose a profile.
        max_gap_ms (int):
        min_gap_ms (int): Gap between two sends of one account: drawn from min..=max milliseconds.
        name (str):
        recipient_gap_ms (int): Least time between two sends to the same conversation.
        daily_cap (int | Unset): Sends per account per day; absent for no cap.
    """

    default: bool
    max_gap_ms: int
    min_gap_ms: int
    name: str
    recipient_gap_ms: int
    daily_cap: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        default = self.default

        max_gap_ms = self.max_gap_ms

        min_gap_ms = self.min_gap_ms

        name = self.name

        recipient_gap_ms = self.recipient_gap_ms

        daily_cap = self.daily_cap

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "default": default,
                "max_gap_ms": max_gap_ms,
                "min_gap_ms": min_gap_ms,
                "name": name,
                "recipient_gap_ms": recipient_gap_ms,
            }
        )
        if daily_cap is not UNSET:
            field_dict["daily_cap"] = daily_cap

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        default = d.pop("default")

        max_gap_ms = d.pop("max_gap_ms")

        min_gap_ms = d.pop("min_gap_ms")

        name = d.pop("name")

        recipient_gap_ms = d.pop("recipient_gap_ms")

        daily_cap = d.pop("daily_cap", UNSET)

        pacing_profile = cls(
            default=default,
            max_gap_ms=max_gap_ms,
            min_gap_ms=min_gap_ms,
            name=name,
            recipient_gap_ms=recipient_gap_ms,
            daily_cap=daily_cap,
        )

        pacing_profile.additional_properties = d
        return pacing_profile

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
