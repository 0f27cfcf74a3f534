from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preview_body_variables import PreviewBodyVariables


T = TypeVar("T", bound="PreviewBody")


@_attrs_define
class PreviewBody:
    """
    Attributes:
        variables (PreviewBodyVariables | Unset): Values of the template's variables.
        version (int | Unset): A version other than the current one.
    """

    variables: PreviewBodyVariables | Unset = UNSET
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if variables is not UNSET:
            field_dict["variables"] = variables
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_body_variables import (
            PreviewBodyVariables,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _variables = d.pop("variables", UNSET)
        variables: PreviewBodyVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = PreviewBodyVariables.from_dict(_variables)

        version = d.pop("version", UNSET)

        preview_body = cls(
            variables=variables,
            version=version,
        )

        return preview_body
