from enum import StrEnum


class TextTemplateBodyMessageType(StrEnum):
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
