from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_rule_source import AlertRuleSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alert_rule_spec import AlertRuleSpec


T = TypeVar("T", bound="AlertRule")


@_attrs_define
class AlertRule:
    """
    Attributes:
        enabled (bool):
        rule (AlertRuleSpec): A threshold rule: `aggregate(metric[window]) operator threshold`, held for `for`.
        rule_id (str): `rule_…` for the tenant's rules, `file:<name>` for rule files' rules (read-only).
        source (AlertRuleSource):
        created_at (datetime.datetime | Unset):
        updated_at (datetime.datetime | Unset):
    """

    enabled: bool
    rule: AlertRuleSpec
    rule_id: str
    source: AlertRuleSource
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        rule = self.rule.to_dict()

        rule_id = self.rule_id

        source = self.source.value

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enabled": enabled,
                "rule": rule,
                "rule_id": rule_id,
                "source": source,
            }
        )
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_rule_spec import AlertRuleSpec  # noqa: PLC0415

        d = dict(src_dict)
        enabled = d.pop("enabled")

        rule = AlertRuleSpec.from_dict(d.pop("rule"))

        rule_id = d.pop("rule_id")

        source = AlertRuleSource(d.pop("source"))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        alert_rule = cls(
            enabled=enabled,
            rule=rule,
            rule_id=rule_id,
            source=source,
            created_at=created_at,
            updated_at=updated_at,
        )

        alert_rule.additional_properties = d
        return alert_rule

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
