from enum import StrEnum


class ImageMessageDetailMessageType(StrEnum):
    IMAGE = "image"

    def __str__(self) -> str:
        return str(self.value)
