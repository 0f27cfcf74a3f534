from enum import StrEnum


class MiniProgramTemplateMessageType(StrEnum):
    MINI_PROGRAM = "mini_program"

    def __str__(self) -> str:
        return str(self.value)
