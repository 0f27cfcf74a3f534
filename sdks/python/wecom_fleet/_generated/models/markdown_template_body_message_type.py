from enum import StrEnum


class MarkdownTemplateBodyMessageType(StrEnum):
    MARKDOWN = "markdown"

    def __str__(self) -> str:
        return str(self.value)
