from enum import StrEnum


class MessageReceivedStreamEventType(StrEnum):
    MESSAGE_RECEIVED = "message.received"

    def __str__(self) -> str:
        return str(self.value)
