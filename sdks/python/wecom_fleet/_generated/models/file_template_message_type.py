from enum import StrEnum


class FileTemplateMessageType(StrEnum):
    FILE = "file"

    def __str__(self) -> str:
        return str(self.value)
