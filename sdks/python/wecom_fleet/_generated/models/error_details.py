from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.template_problem import TemplateProblem
    from ..models.variable_problem import VariableProblem


T = TypeVar("T", bound="ErrorDetails")


@_attrs_define
class ErrorDetails:
    """What an error's code refers to; which fields appear depends on the code.

    Attributes:
        action (str | Unset): The action that did not apply (`invalid_state` on messages).
        connector (str | Unset): The connector kind (`connector_unavailable`).
        connector_code (str | Unset): The connector's own error code, e.g. WeCom's `45009`.
        event (str | Unset): The lifecycle event that did not apply (`invalid_state` on accounts).
        field (str | Unset): The request field at fault, as a path such as `messages[3].content` or a parameter name.
        limit (int | Unset): The limit that was reached (quota, rate limit, account limit).
        limit_bytes (int | Unset): The largest body accepted.
        login_stage (str | Unset): The account's login stage (`invalid_state` on accounts).
        name (str | Unset): The name already taken (`name_taken`).
        problems (list[TemplateProblem] | Unset): Why a template does not compile (`template_invalid`).
        reason (str | Unset): Why the field was refused.
        resets_at (datetime.datetime | Unset): When the quota starts afresh.
        retry_after_seconds (int | Unset): The same wait as the `Retry-After` header.
        scope (str | Unset): Whose quota: `tenant` or `account`.
        status (str | Unset): The object's current status (`invalid_state`).
        templates (list[str] | Unset): Templates that fall back to this one (`template_in_use`).
        used (int | Unset): How much of the limit is used.
        variables (list[VariableProblem] | Unset): Why variables do not fit a template (`template_variables`).
    """

    action: str | Unset = UNSET
    connector: str | Unset = UNSET
    connector_code: str | Unset = UNSET
    event: str | Unset = UNSET
    field: str | Unset = UNSET
    limit: int | Unset = UNSET
    limit_bytes: int | Unset = UNSET
    login_stage: str | Unset = UNSET
    name: str | Unset = UNSET
    problems: list[TemplateProblem] | Unset = UNSET
    reason: str | Unset = UNSET
    resets_at: datetime.datetime | Unset = UNSET
    retry_after_seconds: int | Unset = UNSET
    scope: str | Unset = UNSET
    status: str | Unset = UNSET
    templates: list[str] | Unset = UNSET
    used: int | Unset = UNSET
    variables: list[VariableProblem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        connector = self.connector

        connector_code = self.connector_code

        event = self.event

        field = self.field

        limit = self.limit

        limit_bytes = self.limit_bytes

        login_stage = self.login_stage

        name = self.name

        problems: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.problems, Unset):
            problems = []
            for problems_item_data in self.problems:
                problems_item = problems_item_data.to_dict()
                problems.append(problems_item)

        reason = self.reason

        resets_at: str | Unset = UNSET
        if not isinstance(self.resets_at, Unset):
            resets_at = self.resets_at.isoformat()

        retry_after_seconds = self.retry_after_seconds

        scope = self.scope

        status = self.status

        templates: list[str] | Unset = UNSET
        if not isinstance(self.templates, Unset):
            templates = self.templates

        used = self.used

        variables: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = []
            for variables_item_data in self.variables:
                variables_item = variables_item_data.to_dict()
                variables.append(variables_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if action is not UNSET:
            field_dict["action"] = action
        if connector is not UNSET:
            field_dict["connector"] = connector
        if connector_code is not UNSET:
            field_dict["connector_code"] = connector_code
        if event is not UNSET:
            field_dict["event"] = event
        if field is not UNSET:
            field_dict["field"] = field
        if limit is not UNSET:
            field_dict["limit"] = limit
        if limit_bytes is not UNSET:
            field_dict["limit_bytes"] = limit_bytes
        if login_stage is not UNSET:
            field_dict["login_stage"] = login_stage
        if name is not UNSET:
            field_dict["name"] = name
        if problems is not UNSET:
            field_dict["problems"] = problems
        if reason is not UNSET:
            field_dict["reason"] = reason
        if resets_at is not UNSET:
            field_dict["resets_at"] = resets_at
        if retry_after_seconds is not UNSET:
            field_dict["retry_after_seconds"] = retry_after_seconds
        if scope is not UNSET:
            field_dict["scope"] = scope
        if status is not UNSET:
            field_dict["status"] = status
        if templates is not UNSET:
            field_dict["templates"] = templates
        if used is not UNSET:
            field_dict["used"] = used
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_problem import TemplateProblem  # noqa: PLC0415
        from ..models.variable_problem import VariableProblem  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action", UNSET)

        connector = d.pop("connector", UNSET)

        connector_code = d.pop("connector_code", UNSET)

        event = d.pop("event", UNSET)

        field = d.pop("field", UNSET)

        limit = d.pop("limit", UNSET)

        limit_bytes = d.pop("limit_bytes", UNSET)

        login_stage = d.pop("login_stage", UNSET)

        name = d.pop("name", UNSET)

        _problems = d.pop("problems", UNSET)
        problems: list[TemplateProblem] | Unset = UNSET
        if _problems is not UNSET:
            problems = []
            for problems_item_data in _problems:
                problems_item = TemplateProblem.from_dict(problems_item_data)

                problems.append(problems_item)

        reason = d.pop("reason", UNSET)

        _resets_at = d.pop("resets_at", UNSET)
        resets_at: datetime.datetime | Unset
        if isinstance(_resets_at, Unset):
            resets_at = UNSET
        else:
            resets_at = datetime.datetime.fromisoformat(_resets_at)

        retry_after_seconds = d.pop("retry_after_seconds", UNSET)

        scope = d.pop("scope", UNSET)

        status = d.pop("status", UNSET)

        templates = cast(list[str], d.pop("templates", UNSET))

        used = d.pop("used", UNSET)

        _variables = d.pop("variables", UNSET)
        variables: list[VariableProblem] | Unset = UNSET
        if _variables is not UNSET:
            variables = []
            for variables_item_data in _variables:
                variables_item = VariableProblem.from_dict(variables_item_data)

                variables.append(variables_item)

        error_details = cls(
            action=action,
            connector=connector,
            connector_code=connector_code,
            event=event,
            field=field,
            limit=limit,
            limit_bytes=limit_bytes,
            login_stage=login_stage,
            name=name,
            problems=problems,
            reason=reason,
            resets_at=resets_at,
            retry_after_seconds=retry_after_seconds,
            scope=scope,
            status=status,
            templates=templates,
            used=used,
            variables=variables,
        )

        error_details.additional_properties = d
        return error_details

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
