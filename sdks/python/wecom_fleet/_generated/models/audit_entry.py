from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.actor_kind import ActorKind
from ..models.audit_action import AuditAction
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_entry_detail import AuditEntryDetail


T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """
    Attributes:
        action (AuditAction):
        actor_kind (ActorKind):
        created_at (datetime.datetime):
        detail (AuditEntryDetail): What changed, as the action records it: for changes to configuration, the object's
            `before` and `after` as the API shows it (secrets never included).
        id (str):
        actor_id (str | Unset):
        ip (str | Unset): The client's address.
        request_id (str | Unset): The `X-Request-Id` of the request that did it, to find it in the server's logs.
        target_id (str | Unset):
        target_kind (str | Unset):
        tenant_id (str | Unset):
    """

    action: AuditAction
    actor_kind: ActorKind
    created_at: datetime.datetime
    detail: AuditEntryDetail
    id: str
    actor_id: str | Unset = UNSET
    ip: str | Unset = UNSET
    request_id: str | Unset = UNSET
    target_id: str | Unset = UNSET
    target_kind: str | Unset = UNSET
    tenant_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        actor_kind = self.actor_kind.value

        created_at = self.created_at.isoformat()

        detail = self.detail.to_dict()

        id = self.id

        actor_id = self.actor_id

        ip = self.ip

        request_id = self.request_id

        target_id = self.target_id

        target_kind = self.target_kind

        tenant_id = self.tenant_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor_kind": actor_kind,
                "created_at": created_at,
                "detail": detail,
                "id": id,
            }
        )
        if actor_id is not UNSET:
            field_dict["actor_id"] = actor_id
        if ip is not UNSET:
            field_dict["ip"] = ip
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if target_id is not UNSET:
            field_dict["target_id"] = target_id
        if target_kind is not UNSET:
            field_dict["target_kind"] = target_kind
        if tenant_id is not UNSET:
            field_dict["tenant_id"] = tenant_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_detail import AuditEntryDetail  # noqa: PLC0415

        d = dict(src_dict)
        action = AuditAction(d.pop("action"))

        actor_kind = ActorKind(d.pop("actor_kind"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        detail = AuditEntryDetail.from_dict(d.pop("detail"))

        id = d.pop("id")

        actor_id = d.pop("actor_id", UNSET)

        ip = d.pop("ip", UNSET)

        request_id = d.pop("request_id", UNSET)

        target_id = d.pop("target_id", UNSET)

        target_kind = d.pop("target_kind", UNSET)

        tenant_id = d.pop("tenant_id", UNSET)

        audit_entry = cls(
            action=action,
            actor_kind=actor_kind,
            created_at=created_at,
            detail=detail,
            id=id,
            actor_id=actor_id,
            ip=ip,
            request_id=request_id,
            target_id=target_id,
            target_kind=target_kind,
            tenant_id=tenant_id,
        )

        audit_entry.additional_properties = d
        return audit_entry

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
