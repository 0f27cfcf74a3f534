from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageStats")


@_attrs_define
class MessageStats:
    """
    Attributes:
        end_time (datetime.datetime):
        failure_count (int):
        start_time (datetime.datetime):
        success_count (int):
        total (int): Messages whose send ended (sent or failed) in the range.
        avg_response_time_ms (float | Unset): Mean milliseconds from a message being due to its send ending; absent
            without sends.
        success_rate (float | Unset): `success_count / total`; absent without messages.
    """

    end_time: datetime.datetime
    failure_count: int
    start_time: datetime.datetime
    success_count: int
    total: int
    avg_response_time_ms: float | Unset = UNSET
    success_rate: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end_time = self.end_time.isoformat()

        failure_count = self.failure_count

        start_time = self.start_time.isoformat()

        success_count = self.success_count

        total = self.total

        avg_response_time_ms = self.avg_response_time_ms

        success_rate = self.success_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end_time": end_time,
                "failure_count": failure_count,
                "start_time": start_time,
                "success_count": success_count,
                "total": total,
            }
        )
        if avg_response_time_ms is not UNSET:
            field_dict["avg_response_time_ms"] = avg_response_time_ms
        if success_rate is not UNSET:
            field_dict["success_rate"] = success_rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        failure_count = d.pop("failure_count")

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        success_count = d.pop("success_count")

        total = d.pop("total")

        avg_response_time_ms = d.pop("avg_response_time_ms", UNSET)

        success_rate = d.pop("success_rate", UNSET)

        message_stats = cls(
            end_time=end_time,
            failure_count=failure_count,
            start_time=start_time,
            success_count=success_count,
            total=total,
            avg_response_time_ms=avg_response_time_ms,
            success_rate=success_rate,
        )

        message_stats.additional_properties = d
        return message_stats

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
