from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.email_channel import EmailChannel
    from ..models.webhook_channel import WebhookChannel
    from ..models.wecom_robot_channel import WecomRobotChannel


T = TypeVar("T", bound="PageChannel")


@_attrs_define
class PageChannel:
    """One page of a list, with how many items match in all.

    Attributes:
        items (list[EmailChannel | WebhookChannel | WecomRobotChannel]):
        page (int): This page's number, from 1.
        size (int): The most items a page holds.
        total (int): Items matching the request, on every page.
    """

    items: list[EmailChannel | WebhookChannel | WecomRobotChannel]
    page: int
    size: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.email_channel import EmailChannel  # noqa: PLC0415
        from ..models.webhook_channel import WebhookChannel  # noqa: PLC0415

        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if isinstance(items_item_data, EmailChannel):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, WebhookChannel):
                items_item = items_item_data.to_dict()
            else:
                items_item = items_item_data.to_dict()

            items.append(items_item)

        page = self.page

        size = self.size

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "page": page,
                "size": size,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.email_channel import EmailChannel  # noqa: PLC0415
        from ..models.webhook_channel import WebhookChannel  # noqa: PLC0415
        from ..models.wecom_robot_channel import WecomRobotChannel  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:

            def _parse_items_item(
                data: object,
            ) -> EmailChannel | WebhookChannel | WecomRobotChannel:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_channel_type_0 = EmailChannel.from_dict(data)

                    return componentsschemas_channel_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_channel_type_1 = WebhookChannel.from_dict(data)

                    return componentsschemas_channel_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_channel_type_2 = WecomRobotChannel.from_dict(data)

                return componentsschemas_channel_type_2

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)

        page = d.pop("page")

        size = d.pop("size")

        total = d.pop("total")

        page_channel = cls(
            items=items,
            page=page,
            size=size,
            total=total,
        )

        page_channel.additional_properties = d
        return page_channel

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
