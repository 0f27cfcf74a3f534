from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BatchReport")


@_attrs_define
class BatchReport:
    """
    Attributes:
        accepted (int):
        account_id (str):
        batch_id (str):
        cancelled (int):
        created_at (datetime.datetime):
        delivered (int):
        failed (int):
        pending (int): Accepted and not sent yet.
        rejected (int):
        sent (int):
        total (int): Messages in the request.
    """

    accepted: int
    account_id: str
    batch_id: str
    cancelled: int
    created_at: datetime.datetime
    delivered: int
    failed: int
    pending: int
    rejected: int
    sent: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted = self.accepted

        account_id = self.account_id

        batch_id = self.batch_id

        cancelled = self.cancelled

        created_at = self.created_at.isoformat()

        delivered = self.delivered

        failed = self.failed

        pending = self.pending

        rejected = self.rejected

        sent = self.sent

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted": accepted,
                "account_id": account_id,
                "batch_id": batch_id,
                "cancelled": cancelled,
                "created_at": created_at,
                "delivered": delivered,
                "failed": failed,
                "pending": pending,
                "rejected": rejected,
                "sent": sent,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accepted = d.pop("accepted")

        account_id = d.pop("account_id")

        batch_id = d.pop("batch_id")

        cancelled = d.pop("cancelled")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        delivered = d.pop("delivered")

        failed = d.pop("failed")

        pending = d.pop("pending")

        rejected = d.pop("rejected")

        sent = d.pop("sent")

        total = d.pop("total")

        batch_report = cls(
            accepted=accepted,
            account_id=account_id,
            batch_id=batch_id,
            cancelled=cancelled,
            created_at=created_at,
            delivered=delivered,
            failed=failed,
            pending=pending,
            rejected=rejected,
            sent=sent,
            total=total,
        )

        batch_report.additional_properties = d
        return batch_report

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
