from enum import StrEnum


class TextPreviewMessageType(StrEnum):
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
