from enum import StrEnum


class TextTemplateMessageType(StrEnum):
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
