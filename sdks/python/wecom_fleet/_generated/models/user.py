from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tenant_role import TenantRole
from ..models.user_status import UserStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """
    Attributes:
        created_at (datetime.datetime):
        email (str):
        id (str):
        role (TenantRole): A role inside a tenant, from most to least allowed.
        status (UserStatus):
        updated_at (datetime.datetime):
        display_name (str | Unset):
        last_login_at (datetime.datetime | Unset):
        phone (str | Unset): Stored encrypted; shown to tenant admins.
        unreadable (list[str] | Unset): Fields that could not be decrypted with the configured keys (shown absent; the
            service logged it). Absent when every field reads.
    """

    created_at: datetime.datetime
    email: str
    id: str
    role: TenantRole
    status: UserStatus
    updated_at: datetime.datetime
    display_name: str | Unset = UNSET
    last_login_at: datetime.datetime | Unset = UNSET
    phone: str | Unset = UNSET
    unreadable: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        id = self.id

        role = self.role.value

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        display_name = self.display_name

        last_login_at: str | Unset = UNSET
        if not isinstance(self.last_login_at, Unset):
            last_login_at = self.last_login_at.isoformat()

        phone = self.phone

        unreadable: list[str] | Unset = UNSET
        if not isinstance(self.unreadable, Unset):
            unreadable = self.unreadable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "id": id,
                "role": role,
                "status": status,
                "updated_at": updated_at,
            }
        )
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if last_login_at is not UNSET:
            field_dict["last_login_at"] = last_login_at
        if phone is not UNSET:
            field_dict["phone"] = phone
        if unreadable is not UNSET:
            field_dict["unreadable"] = unreadable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        id = d.pop("id")

        role = TenantRole(d.pop("role"))

        status = UserStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        display_name = d.pop("display_name", UNSET)

        _last_login_at = d.pop("last_login_at", UNSET)
        last_login_at: datetime.datetime | Unset
        if isinstance(_last_login_at, Unset):
            last_login_at = UNSET
        else:
            last_login_at = datetime.datetime.fromisoformat(_last_login_at)

        phone = d.pop("phone", UNSET)

        unreadable = cast(list[str], d.pop("unreadable", UNSET))

        user = cls(
            created_at=created_at,
            email=email,
            id=id,
            role=role,
            status=status,
            updated_at=updated_at,
            display_name=display_name,
            last_login_at=last_login_at,
            phone=phone,
            unreadable=unreadable,
        )

        user.additional_properties = d
        return user

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
