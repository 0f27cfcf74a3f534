from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_account_config import UpdateAccountConfig


T = TypeVar("T", bound="UpdateAccount")


@_attrs_define
class UpdateAccount:
    """Fields to change; absent fields stay, `phone: null` clears the phone.

    Attributes:
        account_name (str | Unset):
        config (UpdateAccountConfig | Unset):
        phone (str | Unset):
    """

    account_name: str | Unset = UNSET
    config: UpdateAccountConfig | Unset = UNSET
    phone: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        account_name = self.account_name

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        phone = self.phone

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if account_name is not UNSET:
            field_dict["account_name"] = account_name
        if config is not UNSET:
            field_dict["config"] = config
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.update_account_config import UpdateAccountConfig  # noqa: PLC0415

        d = dict(src_dict)
        account_name = d.pop("account_name", UNSET)

        _config = d.pop("config", UNSET)
        config: UpdateAccountConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = UpdateAccountConfig.from_dict(_config)

        phone = d.pop("phone", UNSET)

        update_account = cls(
            account_name=account_name,
            config=config,
            phone=phone,
        )

        return update_account
