from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.aggregate import Aggregate
from ..models.no_data import NoData
from ..models.operator import Operator
from ..models.severity import Severity
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alert_rule_spec_annotations import AlertRuleSpecAnnotations
    from ..models.alert_rule_spec_labels import AlertRuleSpecLabels
    from ..models.alert_rule_spec_matchers import AlertRuleSpecMatchers


T = TypeVar("T", bound="AlertRuleSpec")


@_attrs_define
class AlertRuleSpec:
    """A threshold rule: `aggregate(metric[window]) operator threshold`, held for `for`.

    Attributes:
        aggregate (Aggregate):
        for_ (str): How long the condition must hold before the alert fires (default `0s`).
        metric (str): e.g. `account_offline_seconds`, `message_failed`, `api_response_ms`, `queue_backlog`,
            `login_success` (see the README's metric list).
        name (str): Becomes the `alertname` label; unique per tenant. 1–100 of letters, digits, `_`, `-`.
        operator (Operator):
        severity (Severity):
        threshold (float):
        window (str): How far back the aggregate looks: `90s`, `5m`, `1h30m`.
        annotations (AlertRuleSpecAnnotations | Unset): Templates: `{{ $value }}` and `{{ $labels.<name> }}` are filled
            in.
        labels (AlertRuleSpecLabels | Unset):
        matchers (AlertRuleSpecMatchers | Unset): Only series whose labels equal these (e.g. `{"account": "…"}`).
            `tenant` is always
            yours and cannot be named.
        no_data (NoData | Unset): What a series with no samples in the window means.
    """

    aggregate: Aggregate
    for_: str
    metric: str
    name: str
    operator: Operator
    severity: Severity
    threshold: float
    window: str
    annotations: AlertRuleSpecAnnotations | Unset = UNSET
    labels: AlertRuleSpecLabels | Unset = UNSET
    matchers: AlertRuleSpecMatchers | Unset = UNSET
    no_data: NoData | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        aggregate = self.aggregate.value

        for_ = self.for_

        metric = self.metric

        name = self.name

        operator = self.operator.value

        severity = self.severity.value

        threshold = self.threshold

        window = self.window

        annotations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.annotations, Unset):
            annotations = self.annotations.to_dict()

        labels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels.to_dict()

        matchers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.matchers, Unset):
            matchers = self.matchers.to_dict()

        no_data: str | Unset = UNSET
        if not isinstance(self.no_data, Unset):
            no_data = self.no_data.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "aggregate": aggregate,
                "for": for_,
                "metric": metric,
                "name": name,
                "operator": operator,
                "severity": severity,
                "threshold": threshold,
                "window": window,
            }
        )
        if annotations is not UNSET:
            field_dict["annotations"] = annotations
        if labels is not UNSET:
            field_dict["labels"] = labels
        if matchers is not UNSET:
            field_dict["matchers"] = matchers
        if no_data is not UNSET:
            field_dict["no_data"] = no_data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_rule_spec_annotations import (
            AlertRuleSpecAnnotations,  # noqa: PLC0415
        )
        from ..models.alert_rule_spec_labels import AlertRuleSpecLabels  # noqa: PLC0415
        from ..models.alert_rule_spec_matchers import (
            AlertRuleSpecMatchers,  # noqa: PLC0415
        )

        d = dict(src_dict)
        aggregate = Aggregate(d.pop("aggregate"))

        for_ = d.pop("for")

        metric = d.pop("metric")

        name = d.pop("name")

        operator = Operator(d.pop("operator"))

        severity = Severity(d.pop("severity"))

        threshold = d.pop("threshold")

        window = d.pop("window")

        _annotations = d.pop("annotations", UNSET)
        annotations: AlertRuleSpecAnnotations | Unset
        if isinstance(_annotations, Unset):
            annotations = UNSET
        else:
            annotations = AlertRuleSpecAnnotations.from_dict(_annotations)

        _labels = d.pop("labels", UNSET)
        labels: AlertRuleSpecLabels | Unset
        if isinstance(_labels, Unset):
            labels = UNSET
        else:
            labels = AlertRuleSpecLabels.from_dict(_labels)

        _matchers = d.pop("matchers", UNSET)
        matchers: AlertRuleSpecMatchers | Unset
        if isinstance(_matchers, Unset):
            matchers = UNSET
        else:
            matchers = AlertRuleSpecMatchers.from_dict(_matchers)

        _no_data = d.pop("no_data", UNSET)
        no_data: NoData | Unset
        if isinstance(_no_data, Unset):
            no_data = UNSET
        else:
            no_data = NoData(_no_data)

        alert_rule_spec = cls(
            aggregate=aggregate,
            for_=for_,
            metric=metric,
            name=name,
            operator=operator,
            severity=severity,
            threshold=threshold,
            window=window,
            annotations=annotations,
            labels=labels,
            matchers=matchers,
            no_data=no_data,
        )

        return alert_rule_spec
