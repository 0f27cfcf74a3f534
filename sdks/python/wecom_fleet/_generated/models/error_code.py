from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    ACCOUNT_LIMIT_REACHED = "account_limit_reached"
    ALERT_RULE_EXISTS = "alert_rule_exists"
    ALERT_RULE_READ_ONLY = "alert_rule_read_only"
    ALREADY_EXISTS = "already_exists"
    API_KEY_EXPIRED = "api_key_expired"
    API_KEY_REVOKED = "api_key_revoked"
    BAD_REQUEST = "bad_request"
    CHANNEL_URL_FORBIDDEN = "channel_url_forbidden"
    CONCURRENT_UPDATE = "concurrent_update"
    CONNECTOR_BUSY = "connector_busy"
    CONNECTOR_ERROR = "connector_error"
    CONNECTOR_REFUSED = "connector_refused"
    CONNECTOR_UNAVAILABLE = "connector_unavailable"
    DATABASE_UNAVAILABLE = "database_unavailable"
    ENDPOINT_DISABLED = "endpoint_disabled"
    FORBIDDEN = "forbidden"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INTERNAL_ERROR = "internal_error"
    INVALID_BODY = "invalid_body"
    INVALID_CALLBACK = "invalid_callback"
    INVALID_CREDENTIALS = "invalid_credentials"
    INVALID_FIELD = "invalid_field"
    INVALID_JSON = "invalid_json"
    INVALID_PARAMETER = "invalid_parameter"
    INVALID_REFRESH_TOKEN = "invalid_refresh_token"
    INVALID_SIGNATURE = "invalid_signature"
    INVALID_STATE = "invalid_state"
    INVALID_TOKEN = "invalid_token"
    LAST_TENANT_ADMIN = "last_tenant_admin"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    METRICS_UNAVAILABLE = "metrics_unavailable"
    NAME_TAKEN = "name_taken"
    NOT_A_SESSION = "not_a_session"
    NOT_FOUND = "not_found"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    QUOTA_EXCEEDED = "quota_exceeded"
    RATE_LIMITED = "rate_limited"
    REFRESH_TOKEN_EXPIRED = "refresh_token_expired"
    REFRESH_TOKEN_REUSED = "refresh_token_reused"
    SESSION_REVOKED = "session_revoked"
    STALE_TIMESTAMP = "stale_timestamp"
    TEMPLATE_INVALID = "template_invalid"
    TEMPLATE_IN_USE = "template_in_use"
    TEMPLATE_VARIABLES = "template_variables"
    TENANT_DELETED = "tenant_deleted"
    TENANT_REQUIRED = "tenant_required"
    TENANT_SUSPENDED = "tenant_suspended"
    TOKEN_EXPIRED = "token_expired"
    UNAUTHORIZED = "unauthorized"
    UNDECRYPTABLE = "undecryptable"
    UNKNOWN_FIELD = "unknown_field"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    USER_DISABLED = "user_disabled"
    VALIDATION_FAILED = "validation_failed"
    WEBHOOK_URL_FORBIDDEN = "webhook_url_forbidden"
    WRONG_RECEIVE_ID = "wrong_receive_id"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> "ErrorCode | None":
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
