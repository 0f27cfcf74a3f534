from enum import StrEnum


class HttpInstanceCreateAccountConnector(StrEnum):
    HTTP_INSTANCE = "http_instance"

    def __str__(self) -> str:
        return str(self.value)
