from enum import StrEnum


class FileTemplateBodyMessageType(StrEnum):
    FILE = "file"

    def __str__(self) -> str:
        return str(self.value)
