from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.silence_matchers import SilenceMatchers


T = TypeVar("T", bound="Silence")


@_attrs_define
class Silence:
    """
    Attributes:
        active (bool): Whether it is in force now.
        comment (str):
        created_at (datetime.datetime):
        created_by (str): Who created it (`user:<id>` or `api_key:<id>`).
        ends_at (datetime.datetime):
        matchers (SilenceMatchers):
        silence_id (str):
        starts_at (datetime.datetime):
    """

    active: bool
    comment: str
    created_at: datetime.datetime
    created_by: str
    ends_at: datetime.datetime
    matchers: SilenceMatchers
    silence_id: str
    starts_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        comment = self.comment

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        ends_at = self.ends_at.isoformat()

        matchers = self.matchers.to_dict()

        silence_id = self.silence_id

        starts_at = self.starts_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "comment": comment,
                "created_at": created_at,
                "created_by": created_by,
                "ends_at": ends_at,
                "matchers": matchers,
                "silence_id": silence_id,
                "starts_at": starts_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.silence_matchers import SilenceMatchers  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        comment = d.pop("comment")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        matchers = SilenceMatchers.from_dict(d.pop("matchers"))

        silence_id = d.pop("silence_id")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        silence = cls(
            active=active,
            comment=comment,
            created_at=created_at,
            created_by=created_by,
            ends_at=ends_at,
            matchers=matchers,
            silence_id=silence_id,
            starts_at=starts_at,
        )

        silence.additional_properties = d
        return silence

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
