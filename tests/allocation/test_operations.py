"""The allocation service's probes, metrics, API description and /v1/me, on SQLite and PostgreSQL."""

from tests.kit.service_contract import ALLOCATION, OperationsContract


class TestAllocationOperations(OperationsContract):
    service = ALLOCATION
