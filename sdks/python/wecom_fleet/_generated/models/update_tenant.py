from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateTenant")


@_attrs_define
class UpdateTenant:
    """Fields to change; absent fields stay as they are.

    Attributes:
        max_accounts (int | Unset):
        max_daily_messages (int | Unset):
        name (str | Unset):
        timezone (str | Unset):
    """

    max_accounts: int | Unset = UNSET
    max_daily_messages: int | Unset = UNSET
    name: str | Unset = UNSET
    timezone: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        max_accounts = self.max_accounts

        max_daily_messages = self.max_daily_messages

        name = self.name

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if max_accounts is not UNSET:
            field_dict["max_accounts"] = max_accounts
        if max_daily_messages is not UNSET:
            field_dict["max_daily_messages"] = max_daily_messages
        if name is not UNSET:
            field_dict["name"] = name
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        max_accounts = d.pop("max_accounts", UNSET)

        max_daily_messages = d.pop("max_daily_messages", UNSET)

        name = d.pop("name", UNSET)

        timezone = d.pop("timezone", UNSET)

        update_tenant = cls(
            max_accounts=max_accounts,
            max_daily_messages=max_daily_messages,
            name=name,
            timezone=timezone,
        )

        return update_tenant
