from enum import StrEnum


class SimulatorCreateAccountConnector(StrEnum):
    SIMULATOR = "simulator"

    def __str__(self) -> str:
        return str(self.value)
