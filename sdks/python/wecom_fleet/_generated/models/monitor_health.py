from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_status import HealthStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dependency_state import DependencyState
    from ..models.monitor_health_metrics_writer import MonitorHealthMetricsWriter


T = TypeVar("T", bound="MonitorHealth")


@_attrs_define
class MonitorHealth:
    """
    Attributes:
        dependencies (list[DependencyState]): The database, Redis (when configured) and the metric store.
        status (HealthStatus):
        uptime_seconds (int):
        metrics_writer (MonitorHealthMetricsWriter | Unset): This process's metric writer.
    """

    dependencies: list[DependencyState]
    status: HealthStatus
    uptime_seconds: int
    metrics_writer: MonitorHealthMetricsWriter | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dependencies = []
        for dependencies_item_data in self.dependencies:
            dependencies_item = dependencies_item_data.to_dict()
            dependencies.append(dependencies_item)

        status = self.status.value

        uptime_seconds = self.uptime_seconds

        metrics_writer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics_writer, Unset):
            metrics_writer = self.metrics_writer.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dependencies": dependencies,
                "status": status,
                "uptime_seconds": uptime_seconds,
            }
        )
        if metrics_writer is not UNSET:
            field_dict["metrics_writer"] = metrics_writer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dependency_state import DependencyState  # noqa: PLC0415
        from ..models.monitor_health_metrics_writer import (
            MonitorHealthMetricsWriter,  # noqa: PLC0415
        )

        d = dict(src_dict)
        dependencies = []
        _dependencies = d.pop("dependencies")
        for dependencies_item_data in _dependencies:
            dependencies_item = DependencyState.from_dict(dependencies_item_data)

            dependencies.append(dependencies_item)

        status = HealthStatus(d.pop("status"))

        uptime_seconds = d.pop("uptime_seconds")

        _metrics_writer = d.pop("metrics_writer", UNSET)
        metrics_writer: MonitorHealthMetricsWriter | Unset
        if isinstance(_metrics_writer, Unset):
            metrics_writer = UNSET
        else:
            metrics_writer = MonitorHealthMetricsWriter.from_dict(_metrics_writer)

        monitor_health = cls(
            dependencies=dependencies,
            status=status,
            uptime_seconds=uptime_seconds,
            metrics_writer=metrics_writer,
        )

        monitor_health.additional_properties = d
        return monitor_health

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
