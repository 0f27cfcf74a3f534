from enum import StrEnum


class GapStreamEventType(StrEnum):
    STREAM_GAP = "stream.gap"

    def __str__(self) -> str:
        return str(self.value)
