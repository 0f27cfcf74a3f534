from enum import StrEnum


class FileMessageMessageType(StrEnum):
    FILE = "file"

    def __str__(self) -> str:
        return str(self.value)
