from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.email_channel_kind import EmailChannelKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.email_channel_config import EmailChannelConfig


T = TypeVar("T", bound="EmailChannel")


@_attrs_define
class EmailChannel:
    """
    Attributes:
        channel_id (str):
        created_at (datetime.datetime):
        enabled (bool):
        name (str):
        updated_at (datetime.datetime):
        config (EmailChannelConfig): `email`: who receives the alerts.
        kind (EmailChannelKind):
        signing_secret (str | Unset): Only when a webhook channel is created without a secret: the one generated. Keep
            it;
            it is not shown again.
        unreadable (list[str] | Unset): Fields that could not be decrypted with the configured keys (`config`: shown
            empty;
            the channel cannot send until saved again). Absent when everything reads.
    """

    channel_id: str
    created_at: datetime.datetime
    enabled: bool
    name: str
    updated_at: datetime.datetime
    config: EmailChannelConfig
    kind: EmailChannelKind
    signing_secret: str | Unset = UNSET
    unreadable: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel_id = self.channel_id

        created_at = self.created_at.isoformat()

        enabled = self.enabled

        name = self.name

        updated_at = self.updated_at.isoformat()

        config = self.config.to_dict()

        kind = self.kind.value

        signing_secret = self.signing_secret

        unreadable: list[str] | Unset = UNSET
        if not isinstance(self.unreadable, Unset):
            unreadable = self.unreadable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel_id": channel_id,
                "created_at": created_at,
                "enabled": enabled,
                "name": name,
                "updated_at": updated_at,
                "config": config,
                "kind": kind,
            }
        )
        if signing_secret is not UNSET:
            field_dict["signing_secret"] = signing_secret
        if unreadable is not UNSET:
            field_dict["unreadable"] = unreadable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.email_channel_config import EmailChannelConfig  # noqa: PLC0415

        d = dict(src_dict)
        channel_id = d.pop("channel_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        enabled = d.pop("enabled")

        name = d.pop("name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        config = EmailChannelConfig.from_dict(d.pop("config"))

        kind = EmailChannelKind(d.pop("kind"))

        signing_secret = d.pop("signing_secret", UNSET)

        unreadable = cast(list[str], d.pop("unreadable", UNSET))

        email_channel = cls(
            channel_id=channel_id,
            created_at=created_at,
            enabled=enabled,
            name=name,
            updated_at=updated_at,
            config=config,
            kind=kind,
            signing_secret=signing_secret,
            unreadable=unreadable,
        )

        email_channel.additional_properties = d
        return email_channel

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
