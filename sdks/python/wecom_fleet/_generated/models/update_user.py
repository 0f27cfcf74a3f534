from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.tenant_role import TenantRole
from ..models.user_status import UserStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateUser")


@_attrs_define
class UpdateUser:
    """Fields to change. Absent fields stay; `null` clears `display_name` or `phone`. A new
    password or `status: disabled` ends the user's open sessions.

        Attributes:
            display_name (str | Unset):
            password (str | Unset): At least 10 characters.
            phone (str | Unset):
            role (TenantRole | Unset): A role inside a tenant, from most to least allowed.
            status (UserStatus | Unset):
    """

    display_name: str | Unset = UNSET
    password: str | Unset = UNSET
    phone: str | Unset = UNSET
    role: TenantRole | Unset = UNSET
    status: UserStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        password = self.password

        phone = self.phone

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if password is not UNSET:
            field_dict["password"] = password
        if phone is not UNSET:
            field_dict["phone"] = phone
        if role is not UNSET:
            field_dict["role"] = role
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_name = d.pop("display_name", UNSET)

        password = d.pop("password", UNSET)

        phone = d.pop("phone", UNSET)

        _role = d.pop("role", UNSET)
        role: TenantRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = TenantRole(_role)

        _status = d.pop("status", UNSET)
        status: UserStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = UserStatus(_status)

        update_user = cls(
            display_name=display_name,
            password=password,
            phone=phone,
            role=role,
            status=status,
        )

        return update_user
