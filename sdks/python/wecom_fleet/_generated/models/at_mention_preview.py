from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.at_mention_preview_message_type import AtMentionPreviewMessageType

if TYPE_CHECKING:
    from ..models.at_mention_content import AtMentionContent


T = TypeVar("T", bound="AtMentionPreview")


@_attrs_define
class AtMentionPreview:
    """
    Attributes:
        template_id (str):
        version (int):
        content (AtMentionContent): `at_mention`: text that notifies members.
        message_type (AtMentionPreviewMessageType):
    """

    template_id: str
    version: int
    content: AtMentionContent
    message_type: AtMentionPreviewMessageType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        template_id = self.template_id

        version = self.version

        content = self.content.to_dict()

        message_type = self.message_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "template_id": template_id,
                "version": version,
                "content": content,
                "message_type": message_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.at_mention_content import AtMentionContent  # noqa: PLC0415

        d = dict(src_dict)
        template_id = d.pop("template_id")

        version = d.pop("version")

        content = AtMentionContent.from_dict(d.pop("content"))

        message_type = AtMentionPreviewMessageType(d.pop("message_type"))

        at_mention_preview = cls(
            template_id=template_id,
            version=version,
            content=content,
            message_type=message_type,
        )

        at_mention_preview.additional_properties = d
        return at_mention_preview

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
