from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateTenant")


@_attrs_define
class CreateTenant:
    """A new tenant and its first tenant admin.

    Attributes:
        admin_email (str):
        admin_password (str): At least 10 characters.
        code (str): Unique short code: 2–50 of a-z, 0-9 and '-', starting with a letter.
        name (str): 1–100 characters.
        admin_display_name (str | Unset):
        max_accounts (int | Unset): Default 10.
        max_daily_messages (int | Unset): Default 10,000.
        timezone (str | Unset): An IANA timezone; default Asia/Shanghai.
    """

    admin_email: str
    admin_password: str
    code: str
    name: str
    admin_display_name: str | Unset = UNSET
    max_accounts: int | Unset = UNSET
    max_daily_messages: int | Unset = UNSET
    timezone: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        admin_email = self.admin_email

        admin_password = self.admin_password

        code = self.code

        name = self.name

        admin_display_name = self.admin_display_name

        max_accounts = self.max_accounts

        max_daily_messages = self.max_daily_messages

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "admin_email": admin_email,
                "admin_password": admin_password,
                "code": code,
                "name": name,
            }
        )
        if admin_display_name is not UNSET:
            field_dict["admin_display_name"] = admin_display_name
        if max_accounts is not UNSET:
            field_dict["max_accounts"] = max_accounts
        if max_daily_messages is not UNSET:
            field_dict["max_daily_messages"] = max_daily_messages
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        admin_email = d.pop("admin_email")

        admin_password = d.pop("admin_password")

        code = d.pop("code")

        name = d.pop("name")

        admin_display_name = d.pop("admin_display_name", UNSET)

        max_accounts = d.pop("max_accounts", UNSET)

        max_daily_messages = d.pop("max_daily_messages", UNSET)

        timezone = d.pop("timezone", UNSET)

        create_tenant = cls(
            admin_email=admin_email,
            admin_password=admin_password,
            code=code,
            name=name,
            admin_display_name=admin_display_name,
            max_accounts=max_accounts,
            max_daily_messages=max_daily_messages,
            timezone=timezone,
        )

        return create_tenant
