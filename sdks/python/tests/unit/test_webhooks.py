"""Standard Webhooks verification, cross-checked against the reference `standardwebhooks` package."""

from __future__ import annotations

import base64
import datetime
import json
import os
import time
from typing import Dict

import pytest
from standardwebhooks.webhooks import Webhook

from wecom_fleet import webhooks
from wecom_fleet._events import EVENT_TYPES
from wecom_fleet.webhooks import GenericWebhookEvent, WebhookVerificationError

SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()  # ends with "="
NEW_SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()
BODY = json.dumps(
    {
        "type": "account.status_changed",
        "timestamp": "2025-01-02T03:04:05Z",
        "data": {
            "account_id": "acc-1",
            "old_status": "online",
            "new_status": "recovering",
            "reason": "heartbeat_missed",
            "detail": {},
        },
    }
)


def signed(body: str = BODY, secret: str = SECRET, msg_id: str = "msg_2abc", at: float = 0) -> Dict[str, str]:
    """Headers as the reference library signs them."""
    when = datetime.datetime.fromtimestamp(at or time.time(), tz=datetime.timezone.utc)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, when, body),
    }


def test_accepts_what_the_reference_signs() -> None:
    event = webhooks.verify(SECRET, signed(), BODY.encode())
    assert event["id"] == "msg_2abc"
    assert str(event.type_) == "account.status_changed"
    if EVENT_TYPES:  # the document publishes WebhookEvent: its model for the type
        assert isinstance(event, EVENT_TYPES["account.status_changed"])
        assert event.timestamp == datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    else:
        assert isinstance(event, GenericWebhookEvent)


def test_our_signature_is_the_references() -> None:
    now = int(time.time())
    ours = webhooks.sign(SECRET, "msg_1", now, BODY)
    theirs = Webhook(SECRET).sign("msg_1", datetime.datetime.fromtimestamp(now, tz=datetime.timezone.utc), BODY)
    assert ours == theirs
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(now), "webhook-signature": ours}
    assert Webhook(SECRET).verify(BODY, headers) == json.loads(BODY)


def test_str_body_and_any_header_case() -> None:
    headers = {k.title(): v for k, v in signed().items()}  # Webhook-Id, ...
    assert webhooks.verify(SECRET, headers, BODY)["id"] == "msg_2abc"


def test_either_signature_during_a_rotation() -> None:
    # While a secret is rotated, the API signs with the old and the new one: two entries.
    now = int(time.time())
    old, new = webhooks.sign(SECRET, "msg_2abc", now, BODY), webhooks.sign(NEW_SECRET, "msg_2abc", now, BODY)
    headers = {"webhook-id": "msg_2abc", "webhook-timestamp": str(now), "webhook-signature": f"{old} {new}"}
    assert webhooks.verify(SECRET, headers, BODY)["id"] == "msg_2abc"
    assert webhooks.verify(NEW_SECRET, headers, BODY)["id"] == "msg_2abc"
    Webhook(SECRET).verify(BODY, headers)  # the reference agrees
    Webhook(NEW_SECRET).verify(BODY, headers)


def test_refuses_a_tampered_body() -> None:
    headers = signed()
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(SECRET, headers, BODY.replace("recovering", "online  "))


def test_refuses_a_wrong_secret() -> None:
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(NEW_SECRET, signed(), BODY)


def test_refuses_a_stale_or_future_timestamp() -> None:
    with pytest.raises(WebhookVerificationError, match="too old"):
        webhooks.verify(SECRET, signed(at=time.time() - 301), BODY)
    with pytest.raises(WebhookVerificationError, match="future"):
        webhooks.verify(SECRET, signed(at=time.time() + 301), BODY)
    # Within the tolerance, and with a custom one.
    webhooks.verify(SECRET, signed(at=time.time() - 250), BODY)
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(SECRET, signed(at=time.time() - 250), BODY, tolerance=60)


def test_refuses_missing_headers_and_other_versions() -> None:
    for missing in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        headers = signed()
        del headers[missing]
        with pytest.raises(WebhookVerificationError):
            webhooks.verify(SECRET, headers, BODY)
    headers = signed()
    headers["webhook-signature"] = headers["webhook-signature"].replace("v1,", "v2,")
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(SECRET, headers, BODY)


def test_a_secret_without_its_prefix_or_padding() -> None:
    raw = base64.b64decode(SECRET[len("whsec_") :])
    assert webhooks.verify(raw, signed(), BODY)["id"] == "msg_2abc"
    assert webhooks.verify(SECRET[len("whsec_") :], signed(), BODY)["id"] == "msg_2abc"
    assert webhooks.verify(SECRET.rstrip("="), signed(), BODY)["id"] == "msg_2abc"  # unpadded base64


def test_an_unknown_event_type_has_the_generic_form() -> None:
    body = json.dumps({"type": "account.teleported", "timestamp": "2025-01-02T03:04:05Z", "data": {"to": "mars"}})
    event = webhooks.verify(SECRET, signed(body=body), body)
    assert isinstance(event, GenericWebhookEvent)
    assert (event.id, event.type, event.data) == ("msg_2abc", "account.teleported", {"to": "mars"})
    assert event.timestamp is not None and event.timestamp.year == 2025


def test_a_body_that_is_not_an_object() -> None:
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(SECRET, signed(body="[1, 2]"), "[1, 2]")
