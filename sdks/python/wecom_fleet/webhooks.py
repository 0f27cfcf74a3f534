"""Verifying the webhooks WeCom Fleet sends (Standard Webhooks).

Each delivery carries `webhook-id` (the event's id), `webhook-timestamp` (Unix seconds) and
`webhook-signature` (space-separated `v1,<base64 HMAC-SHA256>` entries, two while a secret is
being rotated) over ``{id}.{timestamp}.{body}``, keyed by the endpoint's secret (`whsec_` and
the base64 key). Verify the raw body, before parsing it::

    from wecom_fleet import webhooks

    event = webhooks.verify(secret, request.headers, request.body)
    if event.type_ == "account.status_changed": ...
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any, Optional, Union

from ._events import EVENT_TYPES, WebhookEvent
from ._webhook_event import GenericWebhookEvent

__all__ = [
    "DEFAULT_TOLERANCE",
    "GenericWebhookEvent",
    "WebhookEvent",
    "WebhookVerificationError",
    "parse_event",
    "sign",
    "verify",
]

#: Seconds a webhook's timestamp may be away from now (Standard Webhooks: 5 minutes).
DEFAULT_TOLERANCE = 300
SECRET_PREFIX = "whsec_"


class WebhookVerificationError(Exception):
    """The webhook is not authentic (or too old, or malformed): answer 400 and drop it."""


def _secret_key(secret: Union[str, bytes]) -> bytes:
    if isinstance(secret, bytes):
        return secret
    encoded = (secret[len(SECRET_PREFIX) :] if secret.startswith(SECRET_PREFIX) else secret).strip()
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError) as error:
        raise WebhookVerificationError("the secret is not `whsec_` and a base64 key") from error
    if not key:
        raise WebhookVerificationError("the secret is empty")
    return key


def _header(headers: Mapping[str, Any], name: str) -> Optional[str]:
    getter = getattr(headers, "get", None)
    value = getter(name) if getter is not None else None
    if value is None:
        for key, val in headers.items():
            if str(key).lower() == name:
                value = val
                break
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return None if value is None else str(value)


def _body_bytes(body: Union[bytes, bytearray, memoryview, str]) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def sign(secret: Union[str, bytes], msg_id: str, timestamp: int, body: Union[bytes, str]) -> str:
    """The `v1,<base64>` signature of a body, as the API computes it."""
    signed = f"{msg_id}.{timestamp}.".encode() + _body_bytes(body)
    digest = hmac.new(_secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def verify(
    secret: Union[str, bytes],
    headers: Mapping[str, Any],
    body: Union[bytes, bytearray, memoryview, str],
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: Optional[float] = None,
) -> WebhookEvent:
    """Checks a delivery's signature and timestamp, then parses its body.

    Args:
        secret: the endpoint's secret (``whsec_...``, from ``fleet.webhooks.get_secret``).
        headers: the request's headers (any mapping; names are matched without case).
        body: the raw request body, exactly as received.
        tolerance: how many seconds the timestamp may be away from now.
        now: the current Unix time (for tests).

    Returns:
        The event: the document's model for its `type` (``event["id"]`` is the `webhook-id`),
        or a `GenericWebhookEvent` for a type this SDK does not know.

    Raises:
        WebhookVerificationError: missing headers, a stale or future timestamp, no matching
        signature, or a body that is not a JSON object.
    """
    msg_id = _header(headers, "webhook-id")
    timestamp_text = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    if not msg_id or not timestamp_text or not signatures:
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        timestamp = int(timestamp_text)
    except ValueError as error:
        raise WebhookVerificationError("webhook-timestamp is not a Unix time") from error
    current = time.time() if now is None else now
    if timestamp < current - tolerance:
        raise WebhookVerificationError("the webhook's timestamp is too old")
    if timestamp > current + tolerance:
        raise WebhookVerificationError("the webhook's timestamp is in the future")

    raw = _body_bytes(body)
    expected = sign(secret, msg_id, timestamp, raw).split(",", 1)[1].encode("ascii")
    matched = False
    for entry in signatures.split():
        version, _, value = entry.partition(",")
        # Every entry is compared (no early exit), each in constant time.
        if version == "v1" and hmac.compare_digest(value.encode("ascii", "replace"), expected):
            matched = True
    if not matched:
        raise WebhookVerificationError("no signature matches")

    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise WebhookVerificationError("the body is not JSON") from error
    if not isinstance(payload, dict):
        raise WebhookVerificationError("the body is not a JSON object")
    return parse_event(msg_id, payload)


def parse_event(msg_id: str, payload: Mapping[str, Any]) -> WebhookEvent:
    """A (verified) webhook body as the document's model for its `type`, or the generic form."""
    event_type = str(payload.get("type", ""))
    model = EVENT_TYPES.get(event_type)
    if model is not None:
        try:
            event = model.from_dict(payload)
        except (KeyError, TypeError, ValueError, AttributeError):
            event = None  # not the shape the document promised: fall back to the generic form
        if event is not None:
            if "id" not in event.additional_properties:
                event["id"] = msg_id
            return event  # type: ignore[no-any-return]
    data = payload.get("data")
    return GenericWebhookEvent(
        id=msg_id,
        type=event_type,
        timestamp=_timestamp(payload.get("timestamp")),
        data=dict(data) if isinstance(data, Mapping) else {},
        body=dict(payload),
    )


def _timestamp(value: Any) -> Optional[datetime.datetime]:
    if not isinstance(value, str):
        return None
    try:
        return datetime.datetime.fromisoformat(value)  # RFC 3339, `Z` included (Python 3.11+)
    except (ValueError, OverflowError):
        return None
