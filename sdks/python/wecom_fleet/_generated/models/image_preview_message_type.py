from enum import StrEnum


class ImagePreviewMessageType(StrEnum):
    IMAGE = "image"

    def __str__(self) -> str:
        return str(self.value)
