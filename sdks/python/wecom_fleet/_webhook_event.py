"""The generic form of a verified webhook, for event types the document does not describe."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Dict, Optional


@dataclass(frozen=True)
class GenericWebhookEvent:
    """A verified webhook of a type this SDK has no model for.

    Attributes:
        id: the `webhook-id` header: the event's id, the same on every attempt (deduplicate
            on it).
        type: e.g. ``"account.status_changed"``.
        timestamp: when it happened (the body's `timestamp`), None when absent or unreadable.
        data: the event's `data`, as JSON.
        body: the whole body, as JSON.
    """

    id: str
    type: str
    timestamp: Optional[datetime.datetime]
    data: Dict[str, Any]
    body: Dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def type_(self) -> str:
        """`type`, under the name the generated event models give it."""
        return self.type

    def __getitem__(self, key: str) -> Any:
        """`event["id"]`, as for the generated event models."""
        if key == "id":
            return self.id
        return self.body[key]
