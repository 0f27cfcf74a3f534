from enum import StrEnum


class WecomApiCreateAccountConnector(StrEnum):
    WECOM_API = "wecom_api"

    def __str__(self) -> str:
        return str(self.value)
