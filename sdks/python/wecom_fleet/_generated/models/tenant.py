from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tenant_status import TenantStatus

T = TypeVar("T", bound="Tenant")


@_attrs_define
class Tenant:
    """
    Attributes:
        code (str):
        created_at (datetime.datetime):
        id (str):
        max_accounts (int):
        max_daily_messages (int):
        name (str):
        status (TenantStatus):
        timezone (str): IANA timezone; daily quotas and quiet hours follow it.
        updated_at (datetime.datetime):
    """

    code: str
    created_at: datetime.datetime
    id: str
    max_accounts: int
    max_daily_messages: int
    name: str
    status: TenantStatus
    timezone: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        max_accounts = self.max_accounts

        max_daily_messages = self.max_daily_messages

        name = self.name

        status = self.status.value

        timezone = self.timezone

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "created_at": created_at,
                "id": id,
                "max_accounts": max_accounts,
                "max_daily_messages": max_daily_messages,
                "name": name,
                "status": status,
                "timezone": timezone,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        max_accounts = d.pop("max_accounts")

        max_daily_messages = d.pop("max_daily_messages")

        name = d.pop("name")

        status = TenantStatus(d.pop("status"))

        timezone = d.pop("timezone")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        tenant = cls(
            code=code,
            created_at=created_at,
            id=id,
            max_accounts=max_accounts,
            max_daily_messages=max_daily_messages,
            name=name,
            status=status,
            timezone=timezone,
            updated_at=updated_at,
        )

        tenant.additional_properties = d
        return tenant

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
