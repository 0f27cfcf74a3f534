from enum import StrEnum


class ImageMessageMessageType(StrEnum):
    IMAGE = "image"

    def __str__(self) -> str:
        return str(self.value)
