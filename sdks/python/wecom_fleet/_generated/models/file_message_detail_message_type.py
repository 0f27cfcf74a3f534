from enum import StrEnum


class FileMessageDetailMessageType(StrEnum):
    FILE = "file"

    def __str__(self) -> str:
        return str(self.value)
