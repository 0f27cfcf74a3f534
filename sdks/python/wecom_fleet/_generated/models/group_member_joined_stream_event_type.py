from enum import StrEnum


class GroupMemberJoinedStreamEventType(StrEnum):
    GROUP_MEMBER_JOINED = "group.member_joined"

    def __str__(self) -> str:
        return str(self.value)
