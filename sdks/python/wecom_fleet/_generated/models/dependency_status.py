from enum import StrEnum
from typing import Any


class DependencyStatus(StrEnum):
    DEGRADED = "degraded"
    DOWN = "down"
    UP = "up"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> "DependencyStatus | None":
        # The API may add values to an enumeration: keep an unknown one (as a member outside
        # the listed ones) instead of failing to read the whole answer. Enumerations of one
        # value are the tags of unions and stay strict, so a union still picks its variant.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        known = cls._value2member_map_.setdefault(value, member)
        return known if isinstance(known, cls) else None
