from enum import StrEnum
from typing import Any


class AuditAction(StrEnum):
    API_KEY_CREATED = "api_key.created"
    API_KEY_REVOKED = "api_key.revoked"
    AUTH_LOGIN_FAILED = "auth.login_failed"
    AUTH_LOGIN_SUCCEEDED = "auth.login_succeeded"
    AUTH_LOGOUT = "auth.logout"
    AUTH_REFRESH_REUSE_DETECTED = "auth.refresh_reuse_detected"
    TENANT_ACTIVATED = "tenant.activated"
    TENANT_CREATED = "tenant.created"
    TENANT_DELETED = "tenant.deleted"
    TENANT_SUSPENDED = "tenant.suspended"
    TENANT_UPDATED = "tenant.updated"
    USER_CREATED = "user.created"
    USER_DELETED = "user.deleted"
    USER_UPDATED = "user.updated"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> "AuditAction | None":
        # The API may add values to an enumeration: keep an unknown one (as a member outside
        # the listed ones) instead of failing to read the whole answer. Enumerations of one
        # value are the tags of unions and stay strict, so a union still picks its variant.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        known = cls._value2member_map_.setdefault(value, member)
        return known if isinstance(known, cls) else None
