from enum import StrEnum


class AccountStatusChangedStreamEventType(StrEnum):
    ACCOUNT_STATUS_CHANGED = "account.status_changed"

    def __str__(self) -> str:
        return str(self.value)
