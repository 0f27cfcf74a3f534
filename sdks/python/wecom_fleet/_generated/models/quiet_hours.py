from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="QuietHours")


@_attrs_define
class QuietHours:
    """
    Attributes:
        end (str | Unset): `HH:MM`; before `start` spans midnight (`22:00`–`07:00`).
        mute_critical (bool | Unset): Whether critical alerts wait too (default false: critical goes out at once).
        start (str | Unset): `HH:MM` in the tenant's timezone; absent with `end` to have no quiet hours.
    """

    end: str | Unset = UNSET
    mute_critical: bool | Unset = UNSET
    start: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        mute_critical = self.mute_critical

        start = self.start

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if end is not UNSET:
            field_dict["end"] = end
        if mute_critical is not UNSET:
            field_dict["mute_critical"] = mute_critical
        if start is not UNSET:
            field_dict["start"] = start

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        end = d.pop("end", UNSET)

        mute_critical = d.pop("mute_critical", UNSET)

        start = d.pop("start", UNSET)

        quiet_hours = cls(
            end=end,
            mute_critical=mute_critical,
            start=start,
        )

        return quiet_hours
