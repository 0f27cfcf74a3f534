from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.tenant_role import TenantRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUser")


@_attrs_define
class CreateUser:
    """
    Attributes:
        email (str):
        password (str): At least 10 characters.
        role (TenantRole): A role inside a tenant, from most to least allowed.
        display_name (str | Unset): 1–100 characters.
        phone (str | Unset): 5–20 digits, an optional leading `+`, spaces or dashes; stored encrypted.
    """

    email: str
    password: str
    role: TenantRole
    display_name: str | Unset = UNSET
    phone: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        role = self.role.value

        display_name = self.display_name

        phone = self.phone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "password": password,
                "role": role,
            }
        )
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        role = TenantRole(d.pop("role"))

        display_name = d.pop("display_name", UNSET)

        phone = d.pop("phone", UNSET)

        create_user = cls(
            email=email,
            password=password,
            role=role,
            display_name=display_name,
            phone=phone,
        )

        return create_user
