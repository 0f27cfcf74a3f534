from enum import StrEnum


class ContactRemovedStreamEventType(StrEnum):
    CONTACT_REMOVED = "contact.removed"

    def __str__(self) -> str:
        return str(self.value)
