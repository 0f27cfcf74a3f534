from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.http_instance_create_account_connector import (
    HttpInstanceCreateAccountConnector,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.new_account_fields_config import NewAccountFieldsConfig


T = TypeVar("T", bound="HttpInstanceCreateAccount")


@_attrs_define
class HttpInstanceCreateAccount:
    """
    Attributes:
        account_name (str): 1–100 characters.
        connector (HttpInstanceCreateAccountConnector):
        config (NewAccountFieldsConfig | Unset):
        phone (str | Unset): A phone number: 5–20 digits, an optional leading `+`, spaces or dashes; stored encrypted.
    """

    account_name: str
    connector: HttpInstanceCreateAccountConnector
    config: NewAccountFieldsConfig | Unset = UNSET
    phone: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_name = self.account_name

        connector = self.connector.value

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        phone = self.phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_name": account_name,
                "connector": connector,
            }
        )
        if config is not UNSET:
            field_dict["config"] = config
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_account_fields_config import (
            NewAccountFieldsConfig,  # noqa: PLC0415
        )

        d = dict(src_dict)
        account_name = d.pop("account_name")

        connector = HttpInstanceCreateAccountConnector(d.pop("connector"))

        _config = d.pop("config", UNSET)
        config: NewAccountFieldsConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = NewAccountFieldsConfig.from_dict(_config)

        phone = d.pop("phone", UNSET)

        http_instance_create_account = cls(
            account_name=account_name,
            connector=connector,
            config=config,
            phone=phone,
        )

        http_instance_create_account.additional_properties = d
        return http_instance_create_account

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
