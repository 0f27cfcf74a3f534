from enum import StrEnum


class MarkdownPreviewMessageType(StrEnum):
    MARKDOWN = "markdown"

    def __str__(self) -> str:
        return str(self.value)
