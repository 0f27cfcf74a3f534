"""examples/quickstart.py, run as is against the stub (the live tests run it against the demo)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from stub import Reply, Request, Stub, account, ok, page, token_pair

QUICKSTART = Path(__file__).resolve().parents[2] / "examples" / "quickstart.py"
QR = "data:image/svg+xml;base64," + "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="


def test_quickstart(stub: Stub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    created = account(1, status="created")

    def create(request: Request) -> Reply:
        created["account_name"] = request.json()["account_name"]
        return ok(created, 201)

    stub.on("POST", "/api/v1/auth/login", ok(token_pair("access-1", "refresh-1")))
    stub.on("POST", "/api/v1/accounts", create)
    stub.on(
        "PUT",
        "/api/v1/accounts/acc-0001/login",
        ok(
            {
                "account_id": "acc-0001",
                "status": "qr_wait",
                "login_stage": "waiting_scan",
                "qrcode_data_url": QR,
                "expires_at": "2025-01-02T03:09:05Z",
            }
        ),
    )
    stub.on("GET", "/api/v1/accounts", lambda r: ok(page([dict(created, status="qr_wait")], 1, 1, 200)))
    monkeypatch.setenv("FLEET_URL", stub.url)
    monkeypatch.setenv("FLEET_EMAIL", "admin@demo.local")
    monkeypatch.setenv("FLEET_PASSWORD", "s3cret")

    runpy.run_path(str(QUICKSTART), run_name="__main__")

    out = capsys.readouterr().out
    assert f"scan this QR code: {QR[:48]}..." in out
    assert f"waiting for a scan: ['{created['account_name']}']" in out
    assert stub.calls("POST", "/api/v1/accounts")[0].json() == {
        "account_name": created["account_name"],
        "connector": "simulator",
    }
    listing = stub.calls("GET", "/api/v1/accounts")[0]
    assert listing.bearer == "access-1"
    assert listing.query == {"status": "qr_wait", "page": "1", "size": "200"}


def test_the_readme_shows_the_quickstart_verbatim() -> None:
    readme = (QUICKSTART.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "```python\n" + QUICKSTART.read_text(encoding="utf-8") + "```" in readme
