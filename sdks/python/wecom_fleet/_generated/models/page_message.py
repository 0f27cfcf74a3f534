from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.at_mention_message import AtMentionMessage
    from ..models.file_message import FileMessage
    from ..models.image_message import ImageMessage
    from ..models.markdown_message import MarkdownMessage
    from ..models.mini_program_message import MiniProgramMessage
    from ..models.text_message import TextMessage


T = TypeVar("T", bound="PageMessage")


@_attrs_define
class PageMessage:
    """One page of a list, with how many items match in all.

    Attributes:
        items (list[AtMentionMessage | FileMessage | ImageMessage | MarkdownMessage | MiniProgramMessage |
            TextMessage]):
        page (int): This page's number, from 1.
        size (int): The most items a page holds.
        total (int): Items matching the request, on every page.
    """

    items: list[
        AtMentionMessage
        | FileMessage
        | ImageMessage
        | MarkdownMessage
        | MiniProgramMessage
        | TextMessage
    ]
    page: int
    size: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.at_mention_message import AtMentionMessage  # noqa: PLC0415
        from ..models.file_message import FileMessage  # noqa: PLC0415
        from ..models.image_message import ImageMessage  # noqa: PLC0415
        from ..models.mini_program_message import MiniProgramMessage  # noqa: PLC0415
        from ..models.text_message import TextMessage  # noqa: PLC0415

        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if isinstance(items_item_data, TextMessage):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, ImageMessage):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, FileMessage):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, AtMentionMessage):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, MiniProgramMessage):
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
        from ..models.at_mention_message import AtMentionMessage  # noqa: PLC0415
        from ..models.file_message import FileMessage  # noqa: PLC0415
        from ..models.image_message import ImageMessage  # noqa: PLC0415
        from ..models.markdown_message import MarkdownMessage  # noqa: PLC0415
        from ..models.mini_program_message import MiniProgramMessage  # noqa: PLC0415
        from ..models.text_message import TextMessage  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:

            def _parse_items_item(
                data: object,
            ) -> (
                AtMentionMessage
                | FileMessage
                | ImageMessage
                | MarkdownMessage
                | MiniProgramMessage
                | TextMessage
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = TextMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = ImageMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = FileMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_3 = AtMentionMessage.from_dict(data)

                    return componentsschemas_message_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_4 = MiniProgramMessage.from_dict(
                        data
                    )

                    return componentsschemas_message_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_type_5 = MarkdownMessage.from_dict(data)

                return componentsschemas_message_type_5

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)

        page = d.pop("page")

        size = d.pop("size")

        total = d.pop("total")

        page_message = cls(
            items=items,
            page=page,
            size=size,
            total=total,
        )

        page_message.additional_properties = d
        return page_message

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
