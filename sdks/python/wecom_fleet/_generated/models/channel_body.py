from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel_kind import ChannelKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelBody")


@_attrs_define
class ChannelBody:
    """
    Attributes:
        kind (ChannelKind):
        name (str): 1–100 characters.
        enabled (bool | Unset): Default true.
        secret (str | Unset): `webhook`: `whsec_…` to sign with; generated on create when absent, kept on update
            when absent.
        to (list[str] | Unset): `email`: the recipients (1–20 addresses).
        url (str | Unset): `webhook`: the receiver; `wecom_robot`: the robot's send URL
            (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`). Private targets are
            refused with 400 `channel_url_forbidden` unless the operator allows them.
    """

    kind: ChannelKind
    name: str
    enabled: bool | Unset = UNSET
    secret: str | Unset = UNSET
    to: list[str] | Unset = UNSET
    url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        name = self.name

        enabled = self.enabled

        secret = self.secret

        to: list[str] | Unset = UNSET
        if not isinstance(self.to, Unset):
            to = self.to

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "name": name,
            }
        )
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if secret is not UNSET:
            field_dict["secret"] = secret
        if to is not UNSET:
            field_dict["to"] = to
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = ChannelKind(d.pop("kind"))

        name = d.pop("name")

        enabled = d.pop("enabled", UNSET)

        secret = d.pop("secret", UNSET)

        to = cast(list[str], d.pop("to", UNSET))

        url = d.pop("url", UNSET)

        channel_body = cls(
            kind=kind,
            name=name,
            enabled=enabled,
            secret=secret,
            to=to,
            url=url,
        )

        return channel_body
