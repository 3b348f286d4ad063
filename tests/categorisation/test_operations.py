"""The categorisation service's probes, metrics, API description and /v1/me, on SQLite and PostgreSQL."""

from tests.kit.service_contract import CATEGORISATION, OperationsContract


class TestCategorisationOperations(OperationsContract):
    service = CATEGORISATION
