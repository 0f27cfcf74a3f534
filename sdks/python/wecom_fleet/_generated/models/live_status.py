from enum import StrEnum


class LiveStatus(StrEnum):
    OK = "ok"

    def __str__(self) -> str:
        return str(self.value)
