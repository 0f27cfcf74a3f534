"""Each error status becomes its exception, carrying code, message, details, request_id and retry_after."""

from __future__ import annotations

from typing import Type

import pytest
from stub import Reply, Stub, error

from wecom_fleet import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    Fleet,
    FleetError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ServiceUnavailableError,
    UnprocessableError,
)

ACCOUNT = "/api/v1/accounts/acc-0001"

CASES = [
    (400, "validation_failed", {"field": "account_name", "reason": "too long"}, BadRequestError),
    (401, "invalid_credentials", None, AuthenticationError),
    (401, "token_expired", None, AuthenticationError),
    (403, "tenant_suspended", None, PermissionDeniedError),
    (404, "not_found", None, NotFoundError),
    (409, "invalid_state", {"status": "offline"}, ConflictError),
    (409, "account_limit_reached", {"limit": 10, "used": 10}, ConflictError),
    (413, "payload_too_large", {"limit": 1048576}, FleetError),
    (
        422,
        "template_invalid",
        {"problems": [{"path": "content.text", "message": "unclosed placeholder"}]},
        UnprocessableError,
    ),
    (422, "idempotency_key_reused", None, UnprocessableError),
    (429, "rate_limited", {"retry_after_seconds": 30}, RateLimitError),
    (
        429,
        "quota_exceeded",
        {"limit": 1000, "used": 1000, "resets_at": "2025-01-03T00:00:00+08:00", "scope": "tenant"},
        RateLimitError,
    ),
    (500, "internal", None, ServerError),
    (502, "connector_error", None, ServerError),
    (503, "metrics_unavailable", None, ServiceUnavailableError),
]


@pytest.fixture
def no_retry_fleet(stub: Stub) -> Fleet:
    return Fleet(stub.url, api_key="k", max_retries=0)


@pytest.mark.parametrize("status,code,details,cls", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_status_maps_to_exception(
    no_retry_fleet: Fleet, stub: Stub, status: int, code: str, details: dict, cls: Type[FleetError]
) -> None:
    headers = {"Retry-After": "30"} if status in (429, 503) else {}
    stub.on("GET", ACCOUNT, error(status, code, f"{code} happened", details, headers))
    with pytest.raises(cls) as caught:
        no_retry_fleet.accounts.get("acc-0001")
    err = caught.value
    assert type(err) is cls
    assert err.status == status
    assert err.code == code
    assert err.message == f"{code} happened"
    assert err.details == (details or {})
    assert err.request_id == "req-1"  # the X-Request-Id header
    assert err.retry_after == (30.0 if status in (429, 503) else None)
    assert code in str(err) and "req-1" in str(err)


def test_class_hierarchy() -> None:
    assert issubclass(ServiceUnavailableError, ServerError)
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableError,
        RateLimitError,
        ServerError,
    ):
        assert issubclass(cls, FleetError)


def test_request_id_from_the_body_wins(no_retry_fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNT, error(404, "not_found", request_id="req-from-body"))
    with pytest.raises(NotFoundError) as caught:
        no_retry_fleet.accounts.get("acc-0001")
    assert caught.value.request_id == "req-from-body"


def test_retry_after_from_details_without_the_header(no_retry_fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNT, error(429, "rate_limited", details={"retry_after_seconds": 12}))
    with pytest.raises(RateLimitError) as caught:
        no_retry_fleet.accounts.get("acc-0001")
    assert caught.value.retry_after == 12.0


def test_an_error_code_the_document_does_not_list(no_retry_fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNT, error(409, "brand_new_code", "something new", {"anything": [1, 2]}))
    with pytest.raises(ConflictError) as caught:
        no_retry_fleet.accounts.get("acc-0001")
    assert caught.value.code == "brand_new_code"
    assert caught.value.details == {"anything": [1, 2]}


def test_a_body_that_is_not_json(no_retry_fleet: Fleet, stub: Stub) -> None:
    stub.on("GET", ACCOUNT, Reply(502, "<html>Bad Gateway</html>"))
    with pytest.raises(ServerError) as caught:
        no_retry_fleet.accounts.get("acc-0001")
    assert caught.value.status == 502 and caught.value.code is None
    assert "Bad Gateway" in caught.value.message
    assert caught.value.request_id == "req-1"


def test_generated_enums_tolerate_new_values() -> None:
    # The API may add values to an enumeration (the conventions say: tolerate unknown ones).
    from wecom_fleet import models

    code_enum = getattr(models, "ErrorCode", None)
    if code_enum is None:
        pytest.skip("the document has no ErrorCode enumeration")
    assert code_enum("not_found") is code_enum.NOT_FOUND
    assert code_enum("brand_new_code").value == "brand_new_code"
