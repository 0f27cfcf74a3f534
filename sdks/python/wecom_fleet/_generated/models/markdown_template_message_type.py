from enum import StrEnum


class MarkdownTemplateMessageType(StrEnum):
    MARKDOWN = "markdown"

    def __str__(self) -> str:
        return str(self.value)
