from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_event import AccountEvent
from ..models.account_status import AccountStatus
from ..models.login_stage import LoginStage
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_status_changed_data_detail import (
        AccountStatusChangedDataDetail,
    )


T = TypeVar("T", bound="AccountStatusChangedData")


@_attrs_define
class AccountStatusChangedData:
    """`account.status_changed`.

    Attributes:
        account_id (str):
        detail (AccountStatusChangedDataDetail):
        new_status (AccountStatus): An account's status as stored and shown: the state without its login details.
        old_status (AccountStatus): An account's status as stored and shown: the state without its login details.
        reason (AccountEvent): Something that happened to an account.
        new_stage (LoginStage | Unset): The step of a QR login.
        old_stage (LoginStage | Unset): The step of a QR login.
    """

    account_id: str
    detail: AccountStatusChangedDataDetail
    new_status: AccountStatus
    old_status: AccountStatus
    reason: AccountEvent
    new_stage: LoginStage | Unset = UNSET
    old_stage: LoginStage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        detail = self.detail.to_dict()

        new_status = self.new_status.value

        old_status = self.old_status.value

        reason = self.reason.value

        new_stage: str | Unset = UNSET
        if not isinstance(self.new_stage, Unset):
            new_stage = self.new_stage.value

        old_stage: str | Unset = UNSET
        if not isinstance(self.old_stage, Unset):
            old_stage = self.old_stage.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "detail": detail,
                "new_status": new_status,
                "old_status": old_status,
                "reason": reason,
            }
        )
        if new_stage is not UNSET:
            field_dict["new_stage"] = new_stage
        if old_stage is not UNSET:
            field_dict["old_stage"] = old_stage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_status_changed_data_detail import (
            AccountStatusChangedDataDetail,  # noqa: PLC0415
        )

        d = dict(src_dict)
        account_id = d.pop("account_id")

        detail = AccountStatusChangedDataDetail.from_dict(d.pop("detail"))

        new_status = AccountStatus(d.pop("new_status"))

        old_status = AccountStatus(d.pop("old_status"))

        reason = AccountEvent(d.pop("reason"))

        _new_stage = d.pop("new_stage", UNSET)
        new_stage: LoginStage | Unset
        if isinstance(_new_stage, Unset):
            new_stage = UNSET
        else:
            new_stage = LoginStage(_new_stage)

        _old_stage = d.pop("old_stage", UNSET)
        old_stage: LoginStage | Unset
        if isinstance(_old_stage, Unset):
            old_stage = UNSET
        else:
            old_stage = LoginStage(_old_stage)

        account_status_changed_data = cls(
            account_id=account_id,
            detail=detail,
            new_status=new_status,
            old_status=old_status,
            reason=reason,
            new_stage=new_stage,
            old_stage=old_stage,
        )

        account_status_changed_data.additional_properties = d
        return account_status_changed_data

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
