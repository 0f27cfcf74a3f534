from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.image_template_body_message_type import ImageTemplateBodyMessageType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.image_content import ImageContent
    from ..models.template_fallback import TemplateFallback
    from ..models.template_variable import TemplateVariable


T = TypeVar("T", bound="ImageTemplateBody")


@_attrs_define
class ImageTemplateBody:
    """
    Attributes:
        name (str): Unique among the tenant's templates; 1–100 characters.
        content (ImageContent): `image`: exactly one of `media_id` (uploaded to WeCom) and `url` (fetched from there).
        message_type (ImageTemplateBodyMessageType):
        fallback (TemplateFallback | Unset): Send `template_id` instead when the connector answers with one of
            `error_codes`.
        variables (list[TemplateVariable] | Unset): At most 50.
    """

    name: str
    content: ImageContent
    message_type: ImageTemplateBodyMessageType
    fallback: TemplateFallback | Unset = UNSET
    variables: list[TemplateVariable] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        content = self.content.to_dict()

        message_type = self.message_type.value

        fallback: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fallback, Unset):
            fallback = self.fallback.to_dict()

        variables: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = []
            for variables_item_data in self.variables:
                variables_item = variables_item_data.to_dict()
                variables.append(variables_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "content": content,
                "message_type": message_type,
            }
        )
        if fallback is not UNSET:
            field_dict["fallback"] = fallback
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_content import ImageContent  # noqa: PLC0415
        from ..models.template_fallback import TemplateFallback  # noqa: PLC0415
        from ..models.template_variable import TemplateVariable  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        content = ImageContent.from_dict(d.pop("content"))

        message_type = ImageTemplateBodyMessageType(d.pop("message_type"))

        _fallback = d.pop("fallback", UNSET)
        fallback: TemplateFallback | Unset
        if isinstance(_fallback, Unset):
            fallback = UNSET
        else:
            fallback = TemplateFallback.from_dict(_fallback)

        _variables = d.pop("variables", UNSET)
        variables: list[TemplateVariable] | Unset = UNSET
        if _variables is not UNSET:
            variables = []
            for variables_item_data in _variables:
                variables_item = TemplateVariable.from_dict(variables_item_data)

                variables.append(variables_item)

        image_template_body = cls(
            name=name,
            content=content,
            message_type=message_type,
            fallback=fallback,
            variables=variables,
        )

        image_template_body.additional_properties = d
        return image_template_body

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
