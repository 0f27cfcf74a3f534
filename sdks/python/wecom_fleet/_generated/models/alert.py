from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_state import AlertState
from ..models.severity import Severity
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alert_annotations import AlertAnnotations
    from ..models.alert_labels import AlertLabels


T = TypeVar("T", bound="Alert")


@_attrs_define
class Alert:
    """
    Attributes:
        active_at (datetime.datetime):
        alert_id (str):
        annotations (AlertAnnotations):
        fingerprint (str): Identifies the alert (rule and labels) across incidents.
        labels (AlertLabels):
        rule (str): The rule's name (the `alertname` label).
        severity (Severity):
        silenced_by (list[str]): Silences keeping it out of notifications now.
        state (AlertState):
        fired_at (datetime.datetime | Unset):
        resolved_at (datetime.datetime | Unset):
        value (float | Unset): The aggregate at the last evaluation; absent without data.
    """

    active_at: datetime.datetime
    alert_id: str
    annotations: AlertAnnotations
    fingerprint: str
    labels: AlertLabels
    rule: str
    severity: Severity
    silenced_by: list[str]
    state: AlertState
    fired_at: datetime.datetime | Unset = UNSET
    resolved_at: datetime.datetime | Unset = UNSET
    value: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active_at = self.active_at.isoformat()

        alert_id = self.alert_id

        annotations = self.annotations.to_dict()

        fingerprint = self.fingerprint

        labels = self.labels.to_dict()

        rule = self.rule

        severity = self.severity.value

        silenced_by = self.silenced_by

        state = self.state.value

        fired_at: str | Unset = UNSET
        if not isinstance(self.fired_at, Unset):
            fired_at = self.fired_at.isoformat()

        resolved_at: str | Unset = UNSET
        if not isinstance(self.resolved_at, Unset):
            resolved_at = self.resolved_at.isoformat()

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active_at": active_at,
                "alert_id": alert_id,
                "annotations": annotations,
                "fingerprint": fingerprint,
                "labels": labels,
                "rule": rule,
                "severity": severity,
                "silenced_by": silenced_by,
                "state": state,
            }
        )
        if fired_at is not UNSET:
            field_dict["fired_at"] = fired_at
        if resolved_at is not UNSET:
            field_dict["resolved_at"] = resolved_at
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_annotations import AlertAnnotations  # noqa: PLC0415
        from ..models.alert_labels import AlertLabels  # noqa: PLC0415

        d = dict(src_dict)
        active_at = datetime.datetime.fromisoformat(d.pop("active_at"))

        alert_id = d.pop("alert_id")

        annotations = AlertAnnotations.from_dict(d.pop("annotations"))

        fingerprint = d.pop("fingerprint")

        labels = AlertLabels.from_dict(d.pop("labels"))

        rule = d.pop("rule")

        severity = Severity(d.pop("severity"))

        silenced_by = cast(list[str], d.pop("silenced_by"))

        state = AlertState(d.pop("state"))

        _fired_at = d.pop("fired_at", UNSET)
        fired_at: datetime.datetime | Unset
        if isinstance(_fired_at, Unset):
            fired_at = UNSET
        else:
            fired_at = datetime.datetime.fromisoformat(_fired_at)

        _resolved_at = d.pop("resolved_at", UNSET)
        resolved_at: datetime.datetime | Unset
        if isinstance(_resolved_at, Unset):
            resolved_at = UNSET
        else:
            resolved_at = datetime.datetime.fromisoformat(_resolved_at)

        value = d.pop("value", UNSET)

        alert = cls(
            active_at=active_at,
            alert_id=alert_id,
            annotations=annotations,
            fingerprint=fingerprint,
            labels=labels,
            rule=rule,
            severity=severity,
            silenced_by=silenced_by,
            state=state,
            fired_at=fired_at,
            resolved_at=resolved_at,
            value=value,
        )

        alert.additional_properties = d
        return alert

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
