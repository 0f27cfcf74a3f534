from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TenantPacing")


@_attrs_define
class TenantPacing:
    """
    Attributes:
        pacing_profile (str | Unset): A profile name; null for the default.
    """

    pacing_profile: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        pacing_profile = self.pacing_profile

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if pacing_profile is not UNSET:
            field_dict["pacing_profile"] = pacing_profile

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pacing_profile = d.pop("pacing_profile", UNSET)

        tenant_pacing = cls(
            pacing_profile=pacing_profile,
        )

        return tenant_pacing
