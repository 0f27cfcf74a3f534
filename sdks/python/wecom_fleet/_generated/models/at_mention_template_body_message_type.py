from enum import StrEnum


class AtMentionTemplateBodyMessageType(StrEnum):
    AT_MENTION = "at_mention"

    def __str__(self) -> str:
        return str(self.value)
