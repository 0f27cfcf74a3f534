from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_status import AccountStatus
from ..models.connector_kind import ConnectorKind
from ..models.login_stage import LoginStage
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_config import AccountConfig


T = TypeVar("T", bound="Account")


@_attrs_define
class Account:
    """
    Attributes:
        account_id (str):
        account_name (str):
        config (AccountConfig):
        connector (ConnectorKind): Which connector drives an account.
        created_at (datetime.datetime):
        status (AccountStatus): An account's status as stored and shown: the state without its login details.
        updated_at (datetime.datetime):
        last_heartbeat (datetime.datetime | Unset):
        login_stage (LoginStage | Unset): The step of a QR login.
        phone (str | Unset): Stored encrypted.
        unreadable (list[str] | Unset): Fields that could not be decrypted with the configured keys (shown absent; the
            service logged it). Absent when every field reads.
    """

    account_id: str
    account_name: str
    config: AccountConfig
    connector: ConnectorKind
    created_at: datetime.datetime
    status: AccountStatus
    updated_at: datetime.datetime
    last_heartbeat: datetime.datetime | Unset = UNSET
    login_stage: LoginStage | Unset = UNSET
    phone: str | Unset = UNSET
    unreadable: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        account_name = self.account_name

        config = self.config.to_dict()

        connector = self.connector.value

        created_at = self.created_at.isoformat()

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        last_heartbeat: str | Unset = UNSET
        if not isinstance(self.last_heartbeat, Unset):
            last_heartbeat = self.last_heartbeat.isoformat()

        login_stage: str | Unset = UNSET
        if not isinstance(self.login_stage, Unset):
            login_stage = self.login_stage.value

        phone = self.phone

        unreadable: list[str] | Unset = UNSET
        if not isinstance(self.unreadable, Unset):
            unreadable = self.unreadable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "account_name": account_name,
                "config": config,
                "connector": connector,
                "created_at": created_at,
                "status": status,
                "updated_at": updated_at,
            }
        )
        if last_heartbeat is not UNSET:
            field_dict["last_heartbeat"] = last_heartbeat
        if login_stage is not UNSET:
            field_dict["login_stage"] = login_stage
        if phone is not UNSET:
            field_dict["phone"] = phone
        if unreadable is not UNSET:
            field_dict["unreadable"] = unreadable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_config import AccountConfig  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        account_name = d.pop("account_name")

        config = AccountConfig.from_dict(d.pop("config"))

        connector = ConnectorKind(d.pop("connector"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        status = AccountStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        _last_heartbeat = d.pop("last_heartbeat", UNSET)
        last_heartbeat: datetime.datetime | Unset
        if isinstance(_last_heartbeat, Unset):
            last_heartbeat = UNSET
        else:
            last_heartbeat = datetime.datetime.fromisoformat(_last_heartbeat)

        _login_stage = d.pop("login_stage", UNSET)
        login_stage: LoginStage | Unset
        if isinstance(_login_stage, Unset):
            login_stage = UNSET
        else:
            login_stage = LoginStage(_login_stage)

        phone = d.pop("phone", UNSET)

        unreadable = cast(list[str], d.pop("unreadable", UNSET))

        account = cls(
            account_id=account_id,
            account_name=account_name,
            config=config,
            connector=connector,
            created_at=created_at,
            status=status,
            updated_at=updated_at,
            last_heartbeat=last_heartbeat,
            login_stage=login_stage,
            phone=phone,
            unreadable=unreadable,
        )

        account.additional_properties = d
        return account

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
