from enum import StrEnum


class ImageTemplateMessageType(StrEnum):
    IMAGE = "image"

    def __str__(self) -> str:
        return str(self.value)
