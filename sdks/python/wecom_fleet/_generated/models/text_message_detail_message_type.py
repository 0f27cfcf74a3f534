from enum import StrEnum


class TextMessageDetailMessageType(StrEnum):
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
