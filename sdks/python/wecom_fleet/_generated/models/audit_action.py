from enum import StrEnum
from typing import Any


class AuditAction(StrEnum):
    ACCOUNT_CALLBACK_CONFIGURED = "account.callback_configured"
    ACCOUNT_CREATED = "account.created"
    ACCOUNT_DELETED = "account.deleted"
    ACCOUNT_LOGGED_OUT = "account.logged_out"
    ACCOUNT_LOGIN_STARTED = "account.login_started"
    ACCOUNT_MESSAGING_UPDATED = "account.messaging_updated"
    ACCOUNT_UPDATED = "account.updated"
    ALERT_CHANNEL_CREATED = "alert_channel.created"
    ALERT_CHANNEL_DELETED = "alert_channel.deleted"
    ALERT_CHANNEL_UPDATED = "alert_channel.updated"
    ALERT_QUIET_HOURS_UPDATED = "alert_quiet_hours.updated"
    ALERT_RULE_CREATED = "alert_rule.created"
    ALERT_RULE_DELETED = "alert_rule.deleted"
    ALERT_RULE_UPDATED = "alert_rule.updated"
    ALERT_SILENCE_CREATED = "alert_silence.created"
    ALERT_SILENCE_EXPIRED = "alert_silence.expired"
    API_KEY_CREATED = "api_key.created"
    API_KEY_REVOKED = "api_key.revoked"
    AUTH_LOGIN_FAILED = "auth.login_failed"
    AUTH_LOGIN_SUCCEEDED = "auth.login_succeeded"
    AUTH_LOGOUT = "auth.logout"
    AUTH_REFRESH_REUSE_DETECTED = "auth.refresh_reuse_detected"
    TEMPLATE_CREATED = "template.created"
    TEMPLATE_DELETED = "template.deleted"
    TEMPLATE_UPDATED = "template.updated"
    TENANT_ACTIVATED = "tenant.activated"
    TENANT_CREATED = "tenant.created"
    TENANT_DELETED = "tenant.deleted"
    TENANT_PACING_UPDATED = "tenant.pacing_updated"
    TENANT_SUSPENDED = "tenant.suspended"
    TENANT_UPDATED = "tenant.updated"
    USER_CREATED = "user.created"
    USER_DELETED = "user.deleted"
    USER_UPDATED = "user.updated"
    WEBHOOK_ENDPOINT_CREATED = "webhook_endpoint.created"
    WEBHOOK_ENDPOINT_DELETED = "webhook_endpoint.deleted"
    WEBHOOK_ENDPOINT_SECRET_ROTATED = "webhook_endpoint.secret_rotated"
    WEBHOOK_ENDPOINT_UPDATED = "webhook_endpoint.updated"

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
