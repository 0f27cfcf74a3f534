from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mini_program_template_message_type import MiniProgramTemplateMessageType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mini_program_content import MiniProgramContent
    from ..models.template_fallback import TemplateFallback
    from ..models.template_variable import TemplateVariable


T = TypeVar("T", bound="MiniProgramTemplate")


@_attrs_define
class MiniProgramTemplate:
    """
    Attributes:
        created_at (datetime.datetime):
        current_version (int):
        name (str):
        template_id (str):
        updated_at (datetime.datetime):
        variables (list[TemplateVariable]):
        version (int): The version this answer shows (the current one unless asked otherwise).
        content (MiniProgramContent): `mini_program`: a mini program card.
        message_type (MiniProgramTemplateMessageType):
        fallback (TemplateFallback | Unset): Send `template_id` instead when the connector answers with one of
            `error_codes`.
    """

    created_at: datetime.datetime
    current_version: int
    name: str
    template_id: str
    updated_at: datetime.datetime
    variables: list[TemplateVariable]
    version: int
    content: MiniProgramContent
    message_type: MiniProgramTemplateMessageType
    fallback: TemplateFallback | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        current_version = self.current_version

        name = self.name

        template_id = self.template_id

        updated_at = self.updated_at.isoformat()

        variables = []
        for variables_item_data in self.variables:
            variables_item = variables_item_data.to_dict()
            variables.append(variables_item)

        version = self.version

        content = self.content.to_dict()

        message_type = self.message_type.value

        fallback: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fallback, Unset):
            fallback = self.fallback.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "current_version": current_version,
                "name": name,
                "template_id": template_id,
                "updated_at": updated_at,
                "variables": variables,
                "version": version,
                "content": content,
                "message_type": message_type,
            }
        )
        if fallback is not UNSET:
            field_dict["fallback"] = fallback

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mini_program_content import MiniProgramContent  # noqa: PLC0415
        from ..models.template_fallback import TemplateFallback  # noqa: PLC0415
        from ..models.template_variable import TemplateVariable  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        current_version = d.pop("current_version")

        name = d.pop("name")

        template_id = d.pop("template_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        variables = []
        _variables = d.pop("variables")
        for variables_item_data in _variables:
            variables_item = TemplateVariable.from_dict(variables_item_data)

            variables.append(variables_item)

        version = d.pop("version")

        content = MiniProgramContent.from_dict(d.pop("content"))

        message_type = MiniProgramTemplateMessageType(d.pop("message_type"))

        _fallback = d.pop("fallback", UNSET)
        fallback: TemplateFallback | Unset
        if isinstance(_fallback, Unset):
            fallback = UNSET
        else:
            fallback = TemplateFallback.from_dict(_fallback)

        mini_program_template = cls(
            created_at=created_at,
            current_version=current_version,
            name=name,
            template_id=template_id,
            updated_at=updated_at,
            variables=variables,
            version=version,
            content=content,
            message_type=message_type,
            fallback=fallback,
        )

        mini_program_template.additional_properties = d
        return mini_program_template

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
