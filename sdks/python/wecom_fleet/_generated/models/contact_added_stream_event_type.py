from enum import StrEnum


class ContactAddedStreamEventType(StrEnum):
    CONTACT_ADDED = "contact.added"

    def __str__(self) -> str:
        return str(self.value)
