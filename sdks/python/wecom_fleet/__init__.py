"""WeCom Fleet's Python SDK.

    from wecom_fleet import Fleet

    fleet = Fleet("http://127.0.0.1:8080", email="admin@demo.local", password="...")
    for account in fleet.accounts.list_all():
        print(account.account_name, account.status)

`Fleet` (and `AsyncFleet`) group the API's operations by tag; `wecom_fleet.errors` has the
typed exceptions, `wecom_fleet.webhooks` verifies the webhooks the API sends,
`wecom_fleet.models` the request and answer models (generated from the OpenAPI document).
"""

from . import errors, models, webhooks
from ._paging import apaginate, paginate
from ._retry import RetryPolicy
from ._version import __version__
from .client import ApiResponse, AsyncFleet, Fleet
from .errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConnectionError,
    FleetConnectionError,
    FleetError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ServiceUnavailableError,
    UnprocessableError,
)
from .types import UNSET, Unset
from .webhooks import WebhookVerificationError

__all__ = [
    "UNSET",
    "ApiResponse",
    "AsyncFleet",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ConnectionError",
    "Fleet",
    "FleetConnectionError",
    "FleetError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "ServiceUnavailableError",
    "UnprocessableError",
    "Unset",
    "WebhookVerificationError",
    "__version__",
    "apaginate",
    "errors",
    "models",
    "paginate",
    "webhooks",
]
