from enum import StrEnum


class WecomRobotChannelKind(StrEnum):
    WECOM_ROBOT = "wecom_robot"

    def __str__(self) -> str:
        return str(self.value)
