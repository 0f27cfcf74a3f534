from enum import StrEnum


class TextMessageMessageType(StrEnum):
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
