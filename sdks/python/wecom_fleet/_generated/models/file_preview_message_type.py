from enum import StrEnum


class FilePreviewMessageType(StrEnum):
    FILE = "file"

    def __str__(self) -> str:
        return str(self.value)
