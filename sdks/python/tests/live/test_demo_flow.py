"""LIVE tests: the SDK against a running WeCom Fleet demo server. They need the server.

    wecom-fleet demo --listen 127.0.0.1:8080      # in a scratch directory (it writes ./data)
    FLEET_URL=http://127.0.0.1:8080 FLEET_DEMO_CREDENTIALS=$PWD/data/demo-credentials.toml \\
        python -m pytest sdks/python/tests/live -p no:cacheprovider

Without FLEET_URL every test here is skipped (the unit run is unaffected). They run in file
order against one demo: sign-in, a simulator account's login, templates and idempotent sends,
a batch, alert rules, paging over 250 accounts, typed errors, the daily quota, a webhook
verified with `wecom_fleet.webhooks.verify`, and examples/quickstart.py.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import threading
import time
import tomllib
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, TypeVar

import pytest

from wecom_fleet import Fleet, NotFoundError, RateLimitError, UnprocessableError, webhooks

FLEET_URL = os.environ.get("FLEET_URL", "")
pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not FLEET_URL, reason="live test: set FLEET_URL (and FLEET_DEMO_CREDENTIALS) to a running demo"),
]

QUICKSTART = Path(__file__).resolve().parents[2] / "examples" / "quickstart.py"
RUN = uuid.uuid4().hex[:8]  # keeps names unique when the demo is reused
T = TypeVar("T")


def read_credentials(path: str) -> Dict[str, str]:
    """demo-credentials.toml: flat `key = "value"` lines."""
    return {k: str(v) for k, v in tomllib.loads(Path(path).read_text(encoding="utf-8")).items()}


def wait_for(what: str, check: Callable[[], Optional[T]], timeout: float = 30.0, every: float = 0.5) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


@pytest.fixture(scope="module")
def credentials() -> Dict[str, str]:
    path = os.environ.get("FLEET_DEMO_CREDENTIALS")
    if not path:
        pytest.fail("FLEET_URL is set but FLEET_DEMO_CREDENTIALS (the demo's demo-credentials.toml) is not")
    return read_credentials(path)


@pytest.fixture(scope="module")
def fleet(credentials: Dict[str, str]) -> Iterator[Fleet]:
    with Fleet(FLEET_URL, email=credentials["tenant_admin_email"], password=credentials["tenant_admin_password"]) as f:
        yield f


@pytest.fixture(scope="module")
def platform(credentials: Dict[str, str]) -> Iterator[Fleet]:
    with Fleet(
        FLEET_URL, email=credentials["platform_admin_email"], password=credentials["platform_admin_password"]
    ) as f:
        yield f


@pytest.fixture(scope="module")
def tenant(fleet: Fleet) -> Any:
    return fleet.tenants.current()


@pytest.fixture(scope="module")
def account_id(fleet: Fleet) -> str:
    """A simulator account logged in: created, QR login started, scanned, confirmed, online."""
    account = fleet.accounts.create(body={"account_name": f"live-{RUN}", "connector": "simulator"})
    assert str(account.status) == "created"
    login = fleet.accounts.start_login(account.account_id)
    assert str(login.status) == "qr_wait"
    assert isinstance(login.qrcode_data_url, str)
    assert login.qrcode_data_url.startswith("data:image/svg+xml;base64,")
    assert b"<svg" in base64.b64decode(login.qrcode_data_url.split(",", 1)[1])
    # GET .../qrcode: the JSON QrCode by default ...
    qr = fleet.accounts.qrcode(account.account_id)
    assert qr.account_id == account.account_id
    assert qr.data_url.startswith("data:image/svg+xml;base64,")
    # ... and the SVG itself for `Accept: image/svg+xml` (through the SDK's authenticated client).
    svg = fleet.client.get_httpx_client().get(
        f"/api/v1/accounts/{account.account_id}/qrcode", headers={"Accept": "image/svg+xml"}
    )
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in svg.text
    fleet.simulator.scan(account.account_id)
    fleet.simulator.confirm(account.account_id)

    def online() -> bool:
        return str(fleet.accounts.status(account.account_id).status) == "online"

    wait_for("the account to be online", online)
    return str(account.account_id)


@pytest.fixture(scope="module")
def conversation_id(fleet: Fleet, account_id: str) -> str:
    conversations = fleet.accounts.conversations(account_id)
    assert conversations.total >= 1 and conversations.items
    return str(conversations.items[0].conversation_id)


@pytest.fixture(scope="module")
def template_id(fleet: Fleet) -> str:
    template = fleet.templates.create(
        body={
            "name": f"welcome-{RUN}",
            "message_type": "text",
            "content": {"text": "Hello {{name}}!"},
            "variables": [{"name": "name", "type": "string", "required": True}],
        }
    )
    return str(template.template_id)


def test_signed_in_as_the_tenant_admin(fleet: Fleet, tenant: Any, credentials: Dict[str, str]) -> None:
    assert tenant.code == credentials["tenant_code"]
    pair = fleet.auth_state.token_pair
    assert pair is not None and pair["user"]["email"] == credentials["tenant_admin_email"]


def test_simulator_account_logs_in(fleet: Fleet, account_id: str) -> None:
    state = fleet.accounts.status(account_id)
    assert str(state.status) == "online"
    history = list(fleet.accounts.history_all(account_id))
    assert [str(change.new_status) for change in history][-1] == "online"


def test_conversations(fleet: Fleet, account_id: str, conversation_id: str) -> None:
    ids = [c.conversation_id for c in fleet.accounts.conversations_all(account_id)]
    assert conversation_id in ids


def test_idempotent_send_is_replayed_and_delivered(
    fleet: Fleet, account_id: str, conversation_id: str, template_id: str
) -> None:
    body = {
        "account_id": account_id,
        "conversation_id": conversation_id,
        "template_id": template_id,
        "variables": {"name": "Li"},
    }
    key = f"live-{RUN}-send"
    first = fleet.with_response(fleet.messages.send, body=body, idempotency_key=key)
    second = fleet.with_response(fleet.messages.send, body=body, idempotency_key=key)
    assert first.status_code == second.status_code == 202
    assert first.parsed.message_id == second.parsed.message_id
    assert not first.replayed and second.replayed
    assert second.headers["Idempotent-Replayed"] == "true"
    message_id = first.parsed.message_id

    def delivered() -> Any:
        message = fleet.messages.get(message_id)
        return message if str(message.status) == "delivered" else None

    message = wait_for("the message to be delivered", delivered)
    assert message.attempt_log  # its attempts
    assert getattr(message.content, "text", None) == "Hello Li!"  # rendered from the template


def test_a_batch_lists_its_refused_row(fleet: Fleet, account_id: str, conversation_id: str, template_id: str) -> None:
    batch = fleet.messages.batch_send(
        body={
            "account_id": account_id,
            "messages": [
                {"conversation_id": conversation_id, "template_id": template_id, "variables": {"name": "Han"}},
                {
                    "conversation_id": conversation_id,
                    "template_id": template_id,
                    "variables": {"name": "Mei", "nickname": "x"},
                },
            ],
        }
    )
    assert (batch.total_count, batch.accepted_count) == (2, 1)
    assert [(r.index, str(r.code)) for r in batch.rejected] == [(1, "template_variables")]
    report = fleet.messages.get_batch(batch.batch_id)
    assert report.batch_id == batch.batch_id


def test_alert_rules(fleet: Fleet) -> None:
    name = f"LiveFailures{RUN}"
    rule = fleet.alert_rules.create(
        body={
            "rule": {
                "name": name,
                "metric": "message_failed",
                "aggregate": "avg",
                "window": "5m",
                "operator": ">",
                "threshold": 0.5,
                "for": "2m",
                "severity": "warning",
            }
        }
    )
    assert rule.rule.name == name
    assert rule.rule_id in [r.rule_id for r in fleet.alert_rules.list_all()]
    fleet.alert_rules.delete(rule.rule_id)
    with pytest.raises(NotFoundError):
        fleet.alert_rules.get(rule.rule_id)


def test_paging_over_250_accounts(fleet: Fleet, platform: Fleet, tenant: Any) -> None:
    existing = fleet.accounts.list(size=1).total
    original = platform.tenants.get(tenant.id).max_accounts
    platform.tenants.update(tenant.id, body={"max_accounts": max(300, existing + 250)})
    created: List[str] = []
    try:
        for i in range(250):
            account = fleet.accounts.create(body={"account_name": f"bulk-{RUN}-{i:03d}", "connector": "simulator"})
            created.append(account.account_id)
        seen = [a.account_id for a in fleet.accounts.list_all()]
        assert len(seen) >= 250 and len(seen) == len(set(seen))
        assert set(created) <= set(seen)
        # The generic form walks the same pages.
        assert sum(1 for _ in fleet.paginate(fleet.accounts.list)) == len(seen)
    finally:
        for account_id in created:
            fleet.accounts.delete(account_id)
        platform.tenants.update(tenant.id, body={"max_accounts": original})


def test_typed_errors(fleet: Fleet) -> None:
    with pytest.raises(NotFoundError) as not_found:
        fleet.accounts.get(f"acc_{uuid.uuid4().hex}")
    assert not_found.value.code == "not_found" and not_found.value.status == 404
    assert isinstance(not_found.value.message, str) and not_found.value.message
    assert not_found.value.request_id

    with pytest.raises(UnprocessableError) as invalid:
        fleet.templates.create(
            body={"name": f"broken-{RUN}", "message_type": "text", "content": {"text": "Hello {{name"}}
        )
    assert invalid.value.code == "template_invalid" and invalid.value.status == 422
    assert invalid.value.details.get("problems")


def test_daily_quota(
    fleet: Fleet, platform: Fleet, tenant: Any, account_id: str, conversation_id: str, template_id: str
) -> None:
    usage = fleet.messages.usage()
    used = max(usage.days, key=lambda day: day.date).used if usage.days else 0
    original = platform.tenants.get(tenant.id).max_daily_messages
    platform.tenants.update(tenant.id, body={"max_daily_messages": used})
    try:
        with pytest.raises(RateLimitError) as exceeded:
            fleet.messages.send(
                body={
                    "account_id": account_id,
                    "conversation_id": conversation_id,
                    "template_id": template_id,
                    "variables": {"name": "Quota"},
                }
            )
        assert exceeded.value.code == "quota_exceeded" and exceeded.value.status == 429
        assert exceeded.value.retry_after is not None and exceeded.value.retry_after > 0
        assert exceeded.value.details.get("used") == used and exceeded.value.details.get("limit") == used
        assert exceeded.value.details.get("resets_at")
    finally:
        platform.tenants.update(tenant.id, body={"max_daily_messages": original})


class Receiver:
    """A webhook receiver on 127.0.0.1 (the demo allows private targets)."""

    def __init__(self) -> None:
        self.received: List[Tuple[Dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_webhook_is_received_and_verified(fleet: Fleet, account_id: str) -> None:
    receiver = Receiver()
    endpoint = fleet.webhooks.create_endpoint(
        body={"url": receiver.url, "event_types": ["account.status_changed"], "description": f"live {RUN}"}
    )
    try:
        secret = fleet.webhooks.get_secret(endpoint.endpoint_id).secret
        assert secret.startswith("whsec_")
        fleet.simulator.disconnect(account_id)  # online -> recovering: account.status_changed

        def ours() -> Any:
            for headers, body in receiver.received:
                event = webhooks.verify(secret, headers, body)
                if isinstance(event, webhooks.GenericWebhookEvent):
                    continue  # a type the document does not describe
                if (
                    str(event.type_) == "account.status_changed"
                    and getattr(event.data, "account_id", None) == account_id
                ):
                    return event
            return None

        event = wait_for("the account.status_changed webhook", ours)
        assert str(event.data.old_status) == "online"
        # The event's id is the `webhook-id` header; the body has none.
        headers, body = next((h, b) for h, b in receiver.received if h["webhook-id"] == event["id"])
        assert "id" not in json.loads(body)
        # A tampered copy is refused.
        headers, body = receiver.received[0]
        with pytest.raises(webhooks.WebhookVerificationError):
            webhooks.verify(secret, headers, body + b" ")
    finally:
        fleet.webhooks.delete_endpoint(endpoint.endpoint_id)
        receiver.close()

    def online_again() -> bool:  # the sweeper brings it back (within a sweep, 10 s)
        return str(fleet.accounts.status(account_id).status) == "online"

    wait_for("the account to recover", online_again, timeout=60)


def test_quickstart_runs(credentials: Dict[str, str]) -> None:
    env = dict(
        os.environ,
        FLEET_URL=FLEET_URL,
        FLEET_EMAIL=credentials["tenant_admin_email"],
        FLEET_PASSWORD=credentials["tenant_admin_password"],
    )
    done = subprocess.run(
        [sys.executable, str(QUICKSTART)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^scan this QR code: data:image/svg\+xml;base64,\S+\.\.\.$", done.stdout, re.M), done.stdout
    assert re.search(r"^waiting for a scan: \[.*'quickstart-[0-9a-f]{8}'.*\]$", done.stdout, re.M), done.stdout
