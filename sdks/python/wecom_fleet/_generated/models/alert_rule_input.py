from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alert_rule_spec import AlertRuleSpec


T = TypeVar("T", bound="AlertRuleInput")


@_attrs_define
class AlertRuleInput:
    """
    Attributes:
        rule (AlertRuleSpec): A threshold rule: `aggregate(metric[window]) operator threshold`, held for `for`.
        enabled (bool | Unset): Default true.
    """

    rule: AlertRuleSpec
    enabled: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule.to_dict()

        enabled = self.enabled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rule": rule,
            }
        )
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_rule_spec import AlertRuleSpec  # noqa: PLC0415

        d = dict(src_dict)
        rule = AlertRuleSpec.from_dict(d.pop("rule"))

        enabled = d.pop("enabled", UNSET)

        alert_rule_input = cls(
            rule=rule,
            enabled=enabled,
        )

        return alert_rule_input
