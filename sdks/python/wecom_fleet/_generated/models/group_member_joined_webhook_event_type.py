from enum import StrEnum


class GroupMemberJoinedWebhookEventType(StrEnum):
    GROUP_MEMBER_JOINED = "group.member_joined"

    def __str__(self) -> str:
        return str(self.value)
