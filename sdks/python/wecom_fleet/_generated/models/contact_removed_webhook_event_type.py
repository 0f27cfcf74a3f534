from enum import StrEnum


class ContactRemovedWebhookEventType(StrEnum):
    CONTACT_REMOVED = "contact.removed"

    def __str__(self) -> str:
        return str(self.value)
