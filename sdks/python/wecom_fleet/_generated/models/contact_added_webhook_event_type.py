from enum import StrEnum


class ContactAddedWebhookEventType(StrEnum):
    CONTACT_ADDED = "contact.added"

    def __str__(self) -> str:
        return str(self.value)
