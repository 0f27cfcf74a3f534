from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.at_mention_template import AtMentionTemplate
    from ..models.file_template import FileTemplate
    from ..models.image_template import ImageTemplate
    from ..models.markdown_template import MarkdownTemplate
    from ..models.mini_program_template import MiniProgramTemplate
    from ..models.text_template import TextTemplate


T = TypeVar("T", bound="PageTemplate")


@_attrs_define
class PageTemplate:
    """One page of a list, with how many items match in all.

    Attributes:
        items (list[AtMentionTemplate | FileTemplate | ImageTemplate | MarkdownTemplate | MiniProgramTemplate |
            TextTemplate]):
        page (int): This page's number, from 1.
        size (int): The most items a page holds.
        total (int): Items matching the request, on every page.
    """

    items: list[
        AtMentionTemplate
        | FileTemplate
        | ImageTemplate
        | MarkdownTemplate
        | MiniProgramTemplate
        | TextTemplate
    ]
    page: int
    size: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.at_mention_template import AtMentionTemplate  # noqa: PLC0415
        from ..models.file_template import FileTemplate  # noqa: PLC0415
        from ..models.image_template import ImageTemplate  # noqa: PLC0415
        from ..models.mini_program_template import MiniProgramTemplate  # noqa: PLC0415
        from ..models.text_template import TextTemplate  # noqa: PLC0415

        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if isinstance(items_item_data, TextTemplate):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, ImageTemplate):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, FileTemplate):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, AtMentionTemplate):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, MiniProgramTemplate):
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
        from ..models.at_mention_template import AtMentionTemplate  # noqa: PLC0415
        from ..models.file_template import FileTemplate  # noqa: PLC0415
        from ..models.image_template import ImageTemplate  # noqa: PLC0415
        from ..models.markdown_template import MarkdownTemplate  # noqa: PLC0415
        from ..models.mini_program_template import MiniProgramTemplate  # noqa: PLC0415
        from ..models.text_template import TextTemplate  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:

            def _parse_items_item(
                data: object,
            ) -> (
                AtMentionTemplate
                | FileTemplate
                | ImageTemplate
                | MarkdownTemplate
                | MiniProgramTemplate
                | TextTemplate
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_template_type_0 = TextTemplate.from_dict(data)

                    return componentsschemas_template_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_template_type_1 = ImageTemplate.from_dict(data)

                    return componentsschemas_template_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_template_type_2 = FileTemplate.from_dict(data)

                    return componentsschemas_template_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_template_type_3 = AtMentionTemplate.from_dict(
                        data
                    )

                    return componentsschemas_template_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_template_type_4 = MiniProgramTemplate.from_dict(
                        data
                    )

                    return componentsschemas_template_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_template_type_5 = MarkdownTemplate.from_dict(data)

                return componentsschemas_template_type_5

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)

        page = d.pop("page")

        size = d.pop("size")

        total = d.pop("total")

        page_template = cls(
            items=items,
            page=page,
            size=size,
            total=total,
        )

        page_template.additional_properties = d
        return page_template

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
