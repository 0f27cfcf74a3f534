from enum import StrEnum


class GroupMemberLeftStreamEventType(StrEnum):
    GROUP_MEMBER_LEFT = "group.member_left"

    def __str__(self) -> str:
        return str(self.value)
