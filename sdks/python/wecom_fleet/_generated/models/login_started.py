from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_status import AccountStatus
from ..models.login_stage import LoginStage
from ..types import UNSET, Unset

T = TypeVar("T", bound="LoginStarted")


@_attrs_define
class LoginStarted:
    """A login in progress, or done at once (`wecom_api` accounts go straight `online`).

    Attributes:
        account_id (str):
        status (AccountStatus): An account's status as stored and shown: the state without its login details.
        expires_at (datetime.datetime | Unset): When the QR code stops working.
        login_stage (LoginStage | Unset): The step of a QR login.
        login_token (str | Unset): Identifies this login attempt.
        qrcode_data_url (str | Unset): The QR code to show the person who will scan it, as an SVG data URL
            (`data:image/svg+xml;base64,…`); also at `qrcode_url` as an image.
        qrcode_url (str | Unset): The QR code as an SVG image (`GET`, authenticated).
    """

    account_id: str
    status: AccountStatus
    expires_at: datetime.datetime | Unset = UNSET
    login_stage: LoginStage | Unset = UNSET
    login_token: str | Unset = UNSET
    qrcode_data_url: str | Unset = UNSET
    qrcode_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        status = self.status.value

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        login_stage: str | Unset = UNSET
        if not isinstance(self.login_stage, Unset):
            login_stage = self.login_stage.value

        login_token = self.login_token

        qrcode_data_url = self.qrcode_data_url

        qrcode_url = self.qrcode_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "status": status,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if login_stage is not UNSET:
            field_dict["login_stage"] = login_stage
        if login_token is not UNSET:
            field_dict["login_token"] = login_token
        if qrcode_data_url is not UNSET:
            field_dict["qrcode_data_url"] = qrcode_data_url
        if qrcode_url is not UNSET:
            field_dict["qrcode_url"] = qrcode_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        status = AccountStatus(d.pop("status"))

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        _login_stage = d.pop("login_stage", UNSET)
        login_stage: LoginStage | Unset
        if isinstance(_login_stage, Unset):
            login_stage = UNSET
        else:
            login_stage = LoginStage(_login_stage)

        login_token = d.pop("login_token", UNSET)

        qrcode_data_url = d.pop("qrcode_data_url", UNSET)

        qrcode_url = d.pop("qrcode_url", UNSET)

        login_started = cls(
            account_id=account_id,
            status=status,
            expires_at=expires_at,
            login_stage=login_stage,
            login_token=login_token,
            qrcode_data_url=qrcode_data_url,
            qrcode_url=qrcode_url,
        )

        login_started.additional_properties = d
        return login_started

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
