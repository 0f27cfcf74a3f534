from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MiniProgramContent")


@_attrs_define
class MiniProgramContent:
    """`mini_program`: a mini program card.

    Attributes:
        appid (str):
        pagepath (str):
        title (str): 1–64 characters.
        thumb_media_id (str | Unset):
    """

    appid: str
    pagepath: str
    title: str
    thumb_media_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        appid = self.appid

        pagepath = self.pagepath

        title = self.title

        thumb_media_id = self.thumb_media_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "appid": appid,
                "pagepath": pagepath,
                "title": title,
            }
        )
        if thumb_media_id is not UNSET:
            field_dict["thumb_media_id"] = thumb_media_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        appid = d.pop("appid")

        pagepath = d.pop("pagepath")

        title = d.pop("title")

        thumb_media_id = d.pop("thumb_media_id", UNSET)

        mini_program_content = cls(
            appid=appid,
            pagepath=pagepath,
            title=title,
            thumb_media_id=thumb_media_id,
        )

        mini_program_content.additional_properties = d
        return mini_program_content

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
