"""Typed exceptions: one per kind of failure, built from the `ApiError` body and the headers.

Every error answer of the API is `{"code", "message", "details"?, "request_id"?}` with an
`X-Request-Id` header (and `Retry-After` on 429 and 503). `FleetError` carries all of it;
its subclasses say what kind of failure it was, by HTTP status:

==========================  ======================================================
`BadRequestError`           400 (`validation_failed`, `invalid_json`, ...)
`AuthenticationError`       401 (`invalid_credentials`, `token_expired`, ...)
`PermissionDeniedError`     403 (`forbidden`, `tenant_suspended`, ...)
`NotFoundError`             404 (`not_found`)
`ConflictError`             409 (`invalid_state`, `account_limit_reached`, ...)
`UnprocessableError`        422 (`template_invalid`, `idempotency_key_reused`, ...)
`RateLimitError`            429 (`rate_limited` and `quota_exceeded`)
`ServiceUnavailableError`   503 (a `ServerError`)
`ServerError`               any other 5xx
`ConnectionError`           no answer at all (also a builtin `ConnectionError`)
`FleetError`                any other status (413, 415, ...)
==========================  ======================================================
"""

from __future__ import annotations

import builtins
import email.utils
import json
import time
from collections.abc import Mapping
from typing import Any, Dict, Optional, Type

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ConnectionError",
    "FleetConnectionError",
    "FleetError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "ServiceUnavailableError",
    "UnprocessableError",
    "error_from_response",
    "parse_retry_after",
]


class FleetError(Exception):
    """A failed call to the WeCom Fleet API.

    Attributes:
        status: the HTTP status (None when no answer came back).
        code: the machine-readable `code` of the `ApiError` body, e.g. ``"quota_exceeded"``. The
            API may add codes: compare with strings and keep a fallback.
        message: the `message` for people.
        details: the `details` object (empty when absent), e.g. ``{"field": "name"}`` or
            ``{"limit": 1000, "used": 1000, "resets_at": "..."}``.
        request_id: the request's id (`X-Request-Id`, or the body's `request_id`): quote it when
            asking for help.
        retry_after: seconds to wait before trying again (`Retry-After`, or
            `details.retry_after_seconds`), when the server said.
        headers: the answer's headers.
        body: the answer's body as parsed JSON (or text, when it was not JSON).
    """

    status: Optional[int]
    code: Optional[str]
    message: str
    details: Dict[str, Any]
    request_id: Optional[str]
    retry_after: Optional[float]
    headers: Dict[str, str]
    body: Any

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        code: Optional[str] = None,
        details: Optional[Mapping[str, Any]] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
        headers: Optional[Mapping[str, str]] = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = dict(details or {})
        self.request_id = request_id
        self.retry_after = retry_after
        self.headers = dict(headers or {})
        self.body = body

    def __str__(self) -> str:
        head = " ".join(str(part) for part in (self.status, self.code) if part is not None)
        text = f"{head}: {self.message}" if head else self.message
        if self.request_id:
            text += f" (request {self.request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )


class BadRequestError(FleetError):
    """400: the request is malformed (`details.field` names the culprit)."""


class AuthenticationError(FleetError):
    """401: no, a wrong, an expired or a revoked credential."""


class PermissionDeniedError(FleetError):
    """403: the credential may not do this (or the tenant is suspended)."""


class NotFoundError(FleetError):
    """404: no such object (also for other tenants' ids)."""


class ConflictError(FleetError):
    """409: the object's state does not allow it, or a limit or name is taken."""


class UnprocessableError(FleetError):
    """422: well-formed but refused (template problems, a reused idempotency key, ...)."""


class RateLimitError(FleetError):
    """429: `rate_limited` (too many requests) or `quota_exceeded` (the day's messages).

    `retry_after` says how long to wait; for `quota_exceeded`, `details` has `limit`, `used`
    and `resets_at`.
    """


class ServerError(FleetError):
    """5xx: the service failed."""


class ServiceUnavailableError(ServerError):
    """503: the service (or one of its dependencies) is unavailable for now."""


class ConnectionError(FleetError, builtins.ConnectionError):  # noqa: A001 - the name the SDK promises
    """No answer: the connection failed or timed out (after the retries)."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        FleetError.__init__(self, message, **kwargs)


#: The same class, for code that would rather not shadow the builtin name.
FleetConnectionError = ConnectionError

STATUS_ERRORS: Dict[int, Type[FleetError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def error_class(status: int) -> Type[FleetError]:
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    if status >= 500:
        return ServerError
    return FleetError


def parse_retry_after(value: Optional[str], *, now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a `Retry-After` header: delay-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN or infinite
        return None
    return max(0.0, seconds)


def _header(headers: Mapping[str, str], name: str) -> Optional[str]:
    getter = getattr(headers, "get", None)
    value = getter(name) if getter else None
    if value is not None:
        return str(value)
    lowered = name.lower()
    for key, val in headers.items():
        if key.lower() == lowered:
            return str(val)
    return None


def error_from_response(status: int, headers: Mapping[str, str], content: bytes) -> FleetError:
    """The exception for an error answer, whatever the generated code made of it."""
    body: Any
    try:
        body = json.loads(content.decode("utf-8")) if content else None
    except (UnicodeDecodeError, ValueError):
        body = content.decode("utf-8", "replace")
    fields: Mapping[str, Any] = body if isinstance(body, dict) else {}

    code = fields.get("code")
    message = fields.get("message")
    details = fields.get("details")
    if not isinstance(details, dict):
        details = {} if details is None else {"value": details}
    request_id = fields.get("request_id") or _header(headers, "X-Request-Id")
    retry_after = parse_retry_after(_header(headers, "Retry-After"))
    if retry_after is None and isinstance(details.get("retry_after_seconds"), (int, float)):
        retry_after = float(details["retry_after_seconds"])
    if not isinstance(message, str) or not message:
        try:
            from http import HTTPStatus

            message = HTTPStatus(status).phrase
        except ValueError:
            message = f"HTTP {status}"
        if isinstance(body, str) and body.strip():
            message += f": {body.strip()[:200]}"

    return error_class(status)(
        message,
        status=status,
        code=str(code) if code is not None else None,
        details=details,
        request_id=str(request_id) if request_id is not None else None,
        retry_after=retry_after,
        headers=dict(headers.items()),
        body=body,
    )
