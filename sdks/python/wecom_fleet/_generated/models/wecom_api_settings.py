from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WecomApiSettings")


@_attrs_define
class WecomApiSettings:
    """`wecom_api`: the corp app the account sends through. Stored encrypted, never returned.

    Attributes:
        agent_id (int): The app's agent id.
        corp_id (str): The corp id (`ww…`), 1–64 characters without spaces.
        secret (str): The app's secret, 1–256 characters.
    """

    agent_id: int
    corp_id: str
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_id = self.agent_id

        corp_id = self.corp_id

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent_id": agent_id,
                "corp_id": corp_id,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_id = d.pop("agent_id")

        corp_id = d.pop("corp_id")

        secret = d.pop("secret")

        wecom_api_settings = cls(
            agent_id=agent_id,
            corp_id=corp_id,
            secret=secret,
        )

        wecom_api_settings.additional_properties = d
        return wecom_api_settings

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
