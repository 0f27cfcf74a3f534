from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountMessagingBody")


@_attrs_define
class AccountMessagingBody:
    """
    Attributes:
        max_daily_messages (int | Unset): The account's own daily cap under the tenant's quota; null for none.
        pacing_profile (str | Unset): A profile name; null to follow the tenant's.
    """

    max_daily_messages: int | Unset = UNSET
    pacing_profile: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        max_daily_messages = self.max_daily_messages

        pacing_profile = self.pacing_profile

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if max_daily_messages is not UNSET:
            field_dict["max_daily_messages"] = max_daily_messages
        if pacing_profile is not UNSET:
            field_dict["pacing_profile"] = pacing_profile

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        max_daily_messages = d.pop("max_daily_messages", UNSET)

        pacing_profile = d.pop("pacing_profile", UNSET)

        account_messaging_body = cls(
            max_daily_messages=max_daily_messages,
            pacing_profile=pacing_profile,
        )

        return account_messaging_body
