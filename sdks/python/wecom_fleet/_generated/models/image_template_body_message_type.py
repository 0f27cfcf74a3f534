from enum import StrEnum


class ImageTemplateBodyMessageType(StrEnum):
    IMAGE = "image"

    def __str__(self) -> str:
        return str(self.value)
