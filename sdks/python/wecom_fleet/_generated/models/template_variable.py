from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.variable_type import VariableType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplateVariable")


@_attrs_define
class TemplateVariable:
    """A declared variable of a template.

    Attributes:
        name (str): Used in the content as `{{name}}`: a letter or `_`, then letters, digits or `_`.
        type_ (VariableType): The JSON type a variable's value must have.
        default (bool | float | str | Unset): A string (at most 2048 bytes), a number or a boolean.
        required (bool | Unset): A required variable without a default must be given at render time (default false).
    """

    name: str
    type_: VariableType
    default: bool | float | str | Unset = UNSET
    required: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_.value

        default: bool | float | str | Unset
        if isinstance(self.default, Unset):
            default = UNSET
        else:
            default = self.default

        required = self.required

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "type": type_,
            }
        )
        if default is not UNSET:
            field_dict["default"] = default
        if required is not UNSET:
            field_dict["required"] = required

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = VariableType(d.pop("type"))

        def _parse_default(data: object) -> bool | float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | float | str | Unset, data)

        default = _parse_default(d.pop("default", UNSET))

        required = d.pop("required", UNSET)

        template_variable = cls(
            name=name,
            type_=type_,
            default=default,
            required=required,
        )

        return template_variable
