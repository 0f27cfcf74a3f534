from enum import StrEnum


class MessageStatusChangedStreamEventType(StrEnum):
    MESSAGE_STATUS_CHANGED = "message.status_changed"

    def __str__(self) -> str:
        return str(self.value)
