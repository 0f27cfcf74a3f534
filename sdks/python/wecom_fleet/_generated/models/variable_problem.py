from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.variable_problem_code import VariableProblemCode

T = TypeVar("T", bound="VariableProblem")


@_attrs_define
class VariableProblem:
    """Why one variable (or the rendered content, under the name `content`) does not fit.

    Attributes:
        code (VariableProblemCode):
        message (str):
        name (str):
    """

    code: VariableProblemCode
    message: str
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        message = self.message

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = VariableProblemCode(d.pop("code"))

        message = d.pop("message")

        name = d.pop("name")

        variable_problem = cls(
            code=code,
            message=message,
            name=name,
        )

        variable_problem.additional_properties = d
        return variable_problem

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
