from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_status import AccountStatus
from ..models.login_stage import LoginStage
from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountState")


@_attrs_define
class AccountState:
    """
    Attributes:
        account_id (str):
        online_duration (int): Seconds online since the last login; 0 when not online.
        status (AccountStatus): An account's status as stored and shown: the state without its login details.
        last_heartbeat (datetime.datetime | Unset):
        login_stage (LoginStage | Unset): The step of a QR login.
    """

    account_id: str
    online_duration: int
    status: AccountStatus
    last_heartbeat: datetime.datetime | Unset = UNSET
    login_stage: LoginStage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        online_duration = self.online_duration

        status = self.status.value

        last_heartbeat: str | Unset = UNSET
        if not isinstance(self.last_heartbeat, Unset):
            last_heartbeat = self.last_heartbeat.isoformat()

        login_stage: str | Unset = UNSET
        if not isinstance(self.login_stage, Unset):
            login_stage = self.login_stage.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "online_duration": online_duration,
                "status": status,
            }
        )
        if last_heartbeat is not UNSET:
            field_dict["last_heartbeat"] = last_heartbeat
        if login_stage is not UNSET:
            field_dict["login_stage"] = login_stage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        online_duration = d.pop("online_duration")

        status = AccountStatus(d.pop("status"))

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

        account_state = cls(
            account_id=account_id,
            online_duration=online_duration,
            status=status,
            last_heartbeat=last_heartbeat,
            login_stage=login_stage,
        )

        account_state.additional_properties = d
        return account_state

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
