from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_silence_matchers import CreateSilenceMatchers


T = TypeVar("T", bound="CreateSilence")


@_attrs_define
class CreateSilence:
    """
    Attributes:
        ends_at (datetime.datetime): In the future; at most 90 days after `starts_at`.
        matchers (CreateSilenceMatchers): Alerts whose labels carry every one of these values are silenced, e.g.
            `{"alertname": "AccountOffline", "account": "…"}`.
        comment (str | Unset):
        starts_at (datetime.datetime | Unset): Default now.
    """

    ends_at: datetime.datetime
    matchers: CreateSilenceMatchers
    comment: str | Unset = UNSET
    starts_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        ends_at = self.ends_at.isoformat()

        matchers = self.matchers.to_dict()

        comment = self.comment

        starts_at: str | Unset = UNSET
        if not isinstance(self.starts_at, Unset):
            starts_at = self.starts_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ends_at": ends_at,
                "matchers": matchers,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_silence_matchers import (
            CreateSilenceMatchers,  # noqa: PLC0415
        )

        d = dict(src_dict)
        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        matchers = CreateSilenceMatchers.from_dict(d.pop("matchers"))

        comment = d.pop("comment", UNSET)

        _starts_at = d.pop("starts_at", UNSET)
        starts_at: datetime.datetime | Unset
        if isinstance(_starts_at, Unset):
            starts_at = UNSET
        else:
            starts_at = datetime.datetime.fromisoformat(_starts_at)

        create_silence = cls(
            ends_at=ends_at,
            matchers=matchers,
            comment=comment,
            starts_at=starts_at,
        )

        return create_silence
