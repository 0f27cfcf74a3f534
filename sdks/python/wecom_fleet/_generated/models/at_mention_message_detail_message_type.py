from enum import StrEnum


class AtMentionMessageDetailMessageType(StrEnum):
    AT_MENTION = "at_mention"

    def __str__(self) -> str:
        return str(self.value)
