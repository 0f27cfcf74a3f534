from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.webhook_event_type import WebhookEventType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateEndpoint")


@_attrs_define
class CreateEndpoint:
    """
    Attributes:
        url (str): `https://…` (or `http://`). Private, loopback and link-local targets are refused
            with 400 `webhook_url_forbidden` unless the operator allows them.
        description (str | Unset):
        enabled (bool | Unset): Default true.
        event_types (list[WebhookEventType] | Unset): Event types to receive (default: every type).
        secret (str | Unset): `whsec_` + base64 of 24–64 bytes; generated when absent.
    """

    url: str
    description: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    event_types: list[WebhookEventType] | Unset = UNSET
    secret: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        description = self.description

        enabled = self.enabled

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = []
            for event_types_item_data in self.event_types:
                event_types_item = event_types_item_data.value
                event_types.append(event_types_item)

        secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if event_types is not UNSET:
            field_dict["event_types"] = event_types
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        description = d.pop("description", UNSET)

        enabled = d.pop("enabled", UNSET)

        _event_types = d.pop("event_types", UNSET)
        event_types: list[WebhookEventType] | Unset = UNSET
        if _event_types is not UNSET:
            event_types = []
            for event_types_item_data in _event_types:
                event_types_item = WebhookEventType(event_types_item_data)

                event_types.append(event_types_item)

        secret = d.pop("secret", UNSET)

        create_endpoint = cls(
            url=url,
            description=description,
            enabled=enabled,
            event_types=event_types,
            secret=secret,
        )

        return create_endpoint
