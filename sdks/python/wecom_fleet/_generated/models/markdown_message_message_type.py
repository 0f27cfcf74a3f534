from enum import StrEnum


class MarkdownMessageMessageType(StrEnum):
    MARKDOWN = "markdown"

    def __str__(self) -> str:
        return str(self.value)
