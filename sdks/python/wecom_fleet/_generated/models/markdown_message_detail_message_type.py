from enum import StrEnum


class MarkdownMessageDetailMessageType(StrEnum):
    MARKDOWN = "markdown"

    def __str__(self) -> str:
        return str(self.value)
