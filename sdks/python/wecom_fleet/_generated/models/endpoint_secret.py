from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndpointSecret")


@_attrs_define
class EndpointSecret:
    """
    Attributes:
        secret (str): `whsec_…`: verify our `webhook-signature` with it.
        previous_expires_at (datetime.datetime | Unset): After a rotation: until when the previous secret also signs.
    """

    secret: str
    previous_expires_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret = self.secret

        previous_expires_at: str | Unset = UNSET
        if not isinstance(self.previous_expires_at, Unset):
            previous_expires_at = self.previous_expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secret": secret,
            }
        )
        if previous_expires_at is not UNSET:
            field_dict["previous_expires_at"] = previous_expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        secret = d.pop("secret")

        _previous_expires_at = d.pop("previous_expires_at", UNSET)
        previous_expires_at: datetime.datetime | Unset
        if isinstance(_previous_expires_at, Unset):
            previous_expires_at = UNSET
        else:
            previous_expires_at = datetime.datetime.fromisoformat(_previous_expires_at)

        endpoint_secret = cls(
            secret=secret,
            previous_expires_at=previous_expires_at,
        )

        endpoint_secret.additional_properties = d
        return endpoint_secret

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
