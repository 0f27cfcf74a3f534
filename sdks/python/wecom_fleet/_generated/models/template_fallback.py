from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TemplateFallback")


@_attrs_define
class TemplateFallback:
    """Send `template_id` instead when the connector answers with one of `error_codes`.

    Attributes:
        error_codes (list[str]): Connector error codes, e.g. WeCom's `45047`; 1–20 of them.
        template_id (str):
    """

    error_codes: list[str]
    template_id: str

    def to_dict(self) -> dict[str, Any]:
        error_codes = self.error_codes

        template_id = self.template_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error_codes": error_codes,
                "template_id": template_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error_codes = cast(list[str], d.pop("error_codes"))

        template_id = d.pop("template_id")

        template_fallback = cls(
            error_codes=error_codes,
            template_id=template_id,
        )

        return template_fallback
