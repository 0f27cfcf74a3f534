from enum import StrEnum


class MiniProgramMessageMessageType(StrEnum):
    MINI_PROGRAM = "mini_program"

    def __str__(self) -> str:
        return str(self.value)
