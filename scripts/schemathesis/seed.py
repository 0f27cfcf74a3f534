"""Seeds a running WeCom Fleet with real objects for the Schemathesis run.

Schemathesis generates path ids at random, so without real ones every `/{id}` operation only
ever sees 404. This signs in, creates one object of each kind that an `{id}` path names (plus a
second, "doomed" one for each DELETE-like operation, so deleting never takes away what the other
operations use) and prints `export FLEET_ST_...=...` lines for `schemathesis.toml` to read.

Usage (stdlib only, any Python >= 3.11):
  seed.py --base-url http://127.0.0.1:PORT --credentials data/demo-credentials.toml
  seed.py --base-url ... --platform-email E --platform-password P --create-tenant
The second form (PostgreSQL mode) first creates, as the platform admin, the tenant to test in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import shlex
import sys
import time
import tomllib
import urllib.error
import urllib.request

API = "/api/v1"


class Client:
    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")
        self.token: str | None = None

    def call(self, method: str, path: str, body: object = None, *, expect=(200, 201, 202, 204),
             headers: dict[str, str] | None = None, prefix: str = API) -> dict:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + prefix + path, data=data, method=method)
        if data is not None:
            req.add_header("content-type", "application/json")
        if self.token:
            req.add_header("authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode()
        if status not in expect:
            sys.exit(f"seed: {method} {path} answered {status}: {text[:500]}")
        return json.loads(text) if text else {}

    def login(self, email: str, password: str) -> None:
        self.token = None
        self.token = self.call("POST", "/auth/login", {"email": email, "password": password})["access_token"]


def iso(delta: dt.timedelta) -> str:
    return (dt.datetime.now(dt.timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def wait_for(what: str, probe, timeout: float = 20.0):
    """Polls `probe` until it returns something truthy (background work: events, deliveries)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    sys.exit(f"seed: timed out waiting for {what}")


def create_tenant(platform: Client, code: str, admin_email: str, admin_password: str) -> dict:
    return platform.call("POST", "/tenants", {
        "name": f"Schemathesis {code}", "code": code, "max_accounts": 100,
        "admin_email": admin_email, "admin_password": admin_password,
    })["tenant"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--credentials", help="demo-credentials.toml written by `wecom-fleet demo`")
    ap.add_argument("--platform-email")
    ap.add_argument("--platform-password")
    ap.add_argument("--create-tenant", action="store_true",
                    help="create the tenant under test (and its admin) as the platform admin")
    ap.add_argument("--provider-url", required=True, help="`wecom-fleet simulate`, the provider")
    ap.add_argument("--provider-token", required=True, help="its --api-token")
    args = ap.parse_args()

    suffix = secrets.token_hex(4)  # keeps codes and emails unique on a reused PostgreSQL database
    if args.credentials:
        with open(args.credentials, "rb") as fh:
            creds = tomllib.load(fh)
        platform_email, platform_password = creds["platform_admin_email"], creds["platform_admin_password"]
        admin_email, admin_password = creds["tenant_admin_email"], creds["tenant_admin_password"]
    else:
        platform_email, platform_password = args.platform_email, args.platform_password
        admin_email, admin_password = f"st-admin-{suffix}@example.com", secrets.token_urlsafe(18)

    out: dict[str, str] = {}

    # Platform admin: the tenant under test (PostgreSQL mode) and two spare tenants that the
    # platform-admin pass may update, suspend and delete. The tenant under test is never a target.
    platform = Client(args.base_url)
    platform.login(platform_email, platform_password)
    if args.create_tenant:
        create_tenant(platform, f"st-{suffix}", admin_email, admin_password)
    out["PLATFORM_TOKEN"] = platform.token
    out["SPARE_TENANT_ID"] = create_tenant(
        platform, f"st-spare-{suffix}", f"admin-st-spare-{suffix}@example.com", secrets.token_urlsafe(18))["id"]
    out["DOOMED_TENANT_ID"] = create_tenant(
        platform, f"st-doomed-{suffix}", f"admin-st-doomed-{suffix}@example.com", secrets.token_urlsafe(18))["id"]

    c = Client(args.base_url)
    c.login(admin_email, admin_password)
    out["TOKEN"] = c.token
    out["TENANT_ID"] = c.call("GET", "/tenant")["id"]

    # The webhook endpoint first, so the account logins below produce deliveries (to a closed
    # port: they fail and stay in the log with their attempts, which is what the tests read).
    out["ENDPOINT_ID"] = c.call("POST", "/webhooks/endpoints",
                                {"url": "http://127.0.0.1:9/", "description": "schemathesis"})["endpoint_id"]
    out["DOOMED_ENDPOINT_ID"] = c.call("POST", "/webhooks/endpoints",
                                       {"url": "http://127.0.0.1:9/doomed"})["endpoint_id"]

    # Accounts: one online (reads, messages), one for the login lifecycle and the simulated phone
    # (those operations move it between states), one to delete.
    def account_of(connector: str, name: str) -> str:
        return c.call("POST", "/accounts", {"account_name": name, "connector": connector})["account_id"]

    def account(name: str) -> str:
        return account_of("simulator", name)

    out["ACCOUNT_ID"] = main_id = account("st-main")
    out["LIFECYCLE_ACCOUNT_ID"] = lifecycle_id = account("st-lifecycle")
    out["DOOMED_ACCOUNT_ID"] = account("st-doomed")
    c.call("PUT", f"/accounts/{main_id}/login")
    c.call("POST", f"/simulator/accounts/{main_id}/scan")
    c.call("POST", f"/simulator/accounts/{main_id}/confirm")
    c.call("PUT", f"/accounts/{lifecycle_id}/login")  # waiting for a scan: has a QR code
    conversation = c.call("GET", f"/accounts/{main_id}/conversations")["items"][0]["conversation_id"]

    template = {"message_type": "text", "content": {"text": "Hello {{name}}!"},
                "variables": [{"name": "name", "type": "string", "required": True}]}
    # With a history: version 1 was markdown, version 2 (current) is text, so the `version`
    # parameters of get, preview and send reach an old version, of another type.
    out["TEMPLATE_ID"] = c.call("POST", "/templates", {
        "name": "st-welcome", "message_type": "markdown", "content": {"markdown": "**Hello**"},
    })["template_id"]
    c.call("PUT", f"/templates/{out['TEMPLATE_ID']}", {"name": "st-welcome", **template})
    out["DOOMED_TEMPLATE_ID"] = c.call("POST", "/templates", {"name": "st-doomed", **template})["template_id"]

    out["MESSAGE_ID"] = c.call("POST", "/messages/send", {
        "account_id": main_id, "conversation_id": conversation,
        "template_id": out["TEMPLATE_ID"], "variables": {"name": "Schemathesis"},
    }, headers={"Idempotency-Key": f"st-send-{suffix}"})["message_id"]
    # Scheduled a day ahead, so cancelling it is allowed (once).
    out["SCHEDULED_MESSAGE_ID"] = c.call("POST", "/messages/send", {
        "account_id": main_id, "conversation_id": conversation, "message_type": "text",
        "content": {"text": "later"}, "send_time": iso(dt.timedelta(days=1)),
    }, headers={"Idempotency-Key": f"st-scheduled-{suffix}"})["message_id"]
    out["BATCH_ID"] = c.call("POST", "/messages/batch-send", {
        "account_id": main_id,
        "messages": [{"conversation_id": conversation, "message_type": "text", "content": {"text": "hi"}}],
    }, headers={"Idempotency-Key": f"st-batch-{suffix}"})["batch_id"]

    rule = {"metric": "queue_backlog", "aggregate": "max", "operator": ">", "threshold": 100,
            "window": "5m", "severity": "warning"}
    out["RULE_ID"] = c.call("POST", "/alerts/rules", {"rule": {"name": "st_rule", **rule}})["rule_id"]
    out["DOOMED_RULE_ID"] = c.call("POST", "/alerts/rules", {"rule": {"name": "st_doomed", **rule}})["rule_id"]
    silence = {"matchers": {"alertname": "st_rule"}, "ends_at": iso(dt.timedelta(days=7))}
    out["SILENCE_ID"] = c.call("POST", "/alerts/silences", silence)["silence_id"]
    out["DOOMED_SILENCE_ID"] = c.call("POST", "/alerts/silences", silence)["silence_id"]
    channel = {"kind": "email", "to": ["ops@example.com"]}
    out["CHANNEL_ID"] = c.call("POST", "/alerts/channels", {"name": "st-email", **channel})["channel_id"]
    out["DOOMED_CHANNEL_ID"] = c.call("POST", "/alerts/channels", {"name": "st-doomed", **channel})["channel_id"]

    # API keys: one to authenticate with (the API-key pass), one to read, one to revoke.
    key = c.call("POST", "/api-keys", {"name": "st-auth", "role": "tenant_admin"})
    out["API_KEY"], out["AUTH_API_KEY_ID"] = key["key"], key["api_key"]["id"]
    out["API_KEY_ID"] = c.call("POST", "/api-keys", {"name": "st-read", "role": "viewer"})["api_key"]["id"]
    out["DOOMED_API_KEY_ID"] = c.call("POST", "/api-keys", {"name": "st-doomed", "role": "viewer"})["api_key"]["id"]

    # Users: the admin signed in above is never a target; these two are.
    def user(name: str) -> str:
        return c.call("POST", "/users", {"email": f"{name}-{suffix}@example.com",
                                         "password": secrets.token_urlsafe(18), "role": "operator"})["id"]

    out["USER_ID"] = user("st-user")
    out["DOOMED_USER_ID"] = user("st-doomed")
    out["ADMIN_USER_ID"] = next(u["id"] for u in c.call("GET", "/users?size=100")["items"]
                                if u["email"] == admin_email)

    out["DELIVERY_ID"] = wait_for("a webhook delivery", lambda: next(
        (d["delivery_id"] for d in c.call("GET", "/webhooks/deliveries")["items"]), None))
    # Callback events come from providers: an `http_instance` account logged in through the
    # simulated provider, whose phone is played through its drive endpoints (the instance id
    # is `sim-<account id>`), makes it call back with session events.
    hosted = account_of("http_instance", "st-hosted")
    c.call("PUT", f"/accounts/{hosted}/login")
    provider = Client(args.provider_url)
    provider.token = args.provider_token
    for action in ("scan", "confirm"):
        provider.call("POST", f"/instances/sim-{hosted}/simulate/{action}", prefix="/v1")
    out["CALLBACK_EVENT_ID"] = wait_for("a provider callback event", lambda: next(
        (e["event_id"] for e in c.call("GET", "/callbacks/events")["items"]), None))

    for name, value in out.items():
        print(f"export FLEET_ST_{name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
