from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.batch_rejection import BatchRejection


T = TypeVar("T", bound="BatchAccepted")


@_attrs_define
class BatchAccepted:
    """
    Attributes:
        accepted_count (int):
        batch_id (str):
        rejected (list[BatchRejection]):
        total_count (int):
    """

    accepted_count: int
    batch_id: str
    rejected: list[BatchRejection]
    total_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted_count = self.accepted_count

        batch_id = self.batch_id

        rejected = []
        for rejected_item_data in self.rejected:
            rejected_item = rejected_item_data.to_dict()
            rejected.append(rejected_item)

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted_count": accepted_count,
                "batch_id": batch_id,
                "rejected": rejected,
                "total_count": total_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_rejection import BatchRejection  # noqa: PLC0415

        d = dict(src_dict)
        accepted_count = d.pop("accepted_count")

        batch_id = d.pop("batch_id")

        rejected = []
        _rejected = d.pop("rejected")
        for rejected_item_data in _rejected:
            rejected_item = BatchRejection.from_dict(rejected_item_data)

            rejected.append(rejected_item)

        total_count = d.pop("total_count")

        batch_accepted = cls(
            accepted_count=accepted_count,
            batch_id=batch_id,
            rejected=rejected,
            total_count=total_count,
        )

        batch_accepted.additional_properties = d
        return batch_accepted

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
