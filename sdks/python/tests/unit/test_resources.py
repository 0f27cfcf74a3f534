"""The resource layer: derived from the document, delegating to the generated operations."""

from __future__ import annotations

import inspect
import json
import typing
from pathlib import Path

import pytest
from stub import Stub, account, ok

import wecom_fleet
from wecom_fleet import Fleet, resources


def snake(name: str) -> str:
    import re

    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def test_every_operation_is_a_method(fleet: Fleet) -> None:
    assert resources.OPERATIONS, "no operations generated"
    groups = sorted(typing.get_type_hints(resources.Resources), key=len, reverse=True)
    for operation_id, module in resources.OPERATIONS.items():
        group = next((g for g in groups if operation_id.startswith(g.rstrip("_") + "_")), None)
        if group is None:  # no operationId prefix: the generator's name, in the module's tag folder
            group, name = module.__name__.split(".")[-2], operation_id
        else:
            name = operation_id[len(group.rstrip("_")) + 1 :]
        method = getattr(getattr(fleet, group), name, None)
        assert callable(method), f"{operation_id}: no {group}.{name}"
        # Same parameters as the generated sync_detailed (minus `client`).
        generated = [p for p in inspect.signature(module.sync_detailed).parameters if p != "client"]
        assert list(inspect.signature(method).parameters) == generated, operation_id


def test_type_hints_resolve() -> None:
    for cls_name in dir(resources):
        cls = getattr(resources, cls_name)
        if inspect.isclass(cls) and cls_name.endswith("Resource") and cls.__module__ == resources.__name__:
            for name, member in vars(cls).items():
                if inspect.isfunction(member) and not name.startswith("_"):
                    typing.get_type_hints(member)


def test_the_conventions_names_when_the_document_has_them(fleet: Fleet) -> None:
    if "accounts_create" not in resources.OPERATIONS:
        pytest.skip("the document has no operationIds yet")
    for path in ("accounts.create", "accounts.list", "accounts.list_all", "accounts.start_login", "alert_rules.list",
                 "webhooks.create_endpoint", "webhooks.get_secret", "messages.send", "messages.batch_send",
                 "simulator.scan", "auth.login", "auth.refresh"):  # fmt: skip
        resource, method = path.split(".")
        assert callable(getattr(getattr(fleet, resource), method)), path


def test_dict_and_model_bodies(fleet: Fleet, stub: Stub) -> None:
    stub.on("POST", "/api/v1/accounts", ok(account(1, status="created"), 201))
    created = fleet.accounts.create(body={"account_name": "sales-01", "connector": "simulator"})
    assert created.account_id == "acc-0001"
    assert created.status == "created"
    assert stub.calls()[-1].json() == {"account_name": "sales-01", "connector": "simulator"}
    assert stub.calls()[-1].headers["content-type"].startswith("application/json")
    # A generated model works as well: the body's model for a simulator account.
    body_type = typing.get_type_hints(fleet.accounts.create)["body"]
    body = None
    for model in typing.get_args(body_type) or (body_type,):
        if inspect.isclass(model) and hasattr(model, "from_dict"):
            try:
                body = model.from_dict({"account_name": "sales-02", "connector": "simulator"})
                break
            except (KeyError, TypeError, ValueError):
                continue
    assert body is not None
    fleet.accounts.create(body=body)
    assert stub.calls()[-1].json() == {"account_name": "sales-02", "connector": "simulator"}


def test_with_response_exposes_status_and_headers(fleet: Fleet, stub: Stub) -> None:
    stub.on(
        "POST",
        "/api/v1/messages/send",
        ok({"message_id": "msg-9", "status": "pending"}, 202, Idempotent_Replayed="true"),
    )
    answer = fleet.with_response(
        fleet.messages.send,
        body={"account_id": "a", "conversation_id": "c", "template_id": "t", "variables": {}},
        idempotency_key="k1",
    )
    assert answer.parsed.message_id == "msg-9"
    assert answer.status_code == 202 and answer.replayed and answer.request_id == "req-1"


def test_base_url_may_end_with_api_v1(stub: Stub) -> None:
    stub.on("GET", "/api/v1/accounts/acc-0001", ok(account(1)))
    with Fleet(stub.url + "/api/v1/", api_key="k") as fleet:
        assert fleet.accounts.get("acc-0001").account_name == "sales-0001"


def test_low_level_client_shares_auth_and_retries(fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", "/api/v1/accounts/acc-0001", ok(account(1)))
    module = resources.ROUTES["GET /api/v1/accounts/{id}"]
    detailed = module.sync_detailed("acc-0001", client=fleet.client)
    assert detailed.status_code == 200 and detailed.parsed.account_id == "acc-0001"
    assert stub.calls()[-1].headers["authorization"] == "Bearer fk_test"


def test_version_is_the_documents() -> None:
    document = Path(__file__).resolve().parents[4] / "openapi" / "openapi.json"
    assert wecom_fleet.__version__
    if document.is_file():  # in the repository
        assert wecom_fleet.__version__ == json.loads(document.read_text())["info"]["version"]


def test_async_resources_mirror_sync() -> None:
    sync_groups = typing.get_type_hints(resources.Resources)
    async_groups = typing.get_type_hints(resources.AsyncResources)
    assert sync_groups.keys() == async_groups.keys()
    for name, cls in sync_groups.items():
        acls = async_groups[name]
        sync_methods = {n for n, m in vars(cls).items() if inspect.isfunction(m) and not n.startswith("_")}
        async_methods = {n for n, m in vars(acls).items() if inspect.isfunction(m) and not n.startswith("_")}
        assert sync_methods == async_methods
