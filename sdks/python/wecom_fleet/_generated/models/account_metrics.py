from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.metric_series import MetricSeries


T = TypeVar("T", bound="AccountMetrics")


@_attrs_define
class AccountMetrics:
    """
    Attributes:
        account_id (str):
        end_time (datetime.datetime):
        series (list[MetricSeries]):
        start_time (datetime.datetime):
    """

    account_id: str
    end_time: datetime.datetime
    series: list[MetricSeries]
    start_time: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        end_time = self.end_time.isoformat()

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        start_time = self.start_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "end_time": end_time,
                "series": series,
                "start_time": start_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metric_series import MetricSeries  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = MetricSeries.from_dict(series_item_data)

            series.append(series_item)

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        account_metrics = cls(
            account_id=account_id,
            end_time=end_time,
            series=series,
            start_time=start_time,
        )

        account_metrics.additional_properties = d
        return account_metrics

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
