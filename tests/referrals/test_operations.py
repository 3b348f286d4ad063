"""The referrals service's probes, metrics, API description and /v1/me, on SQLite and PostgreSQL."""

from tests.kit.service_contract import REFERRALS, OperationsContract


class TestReferralsOperations(OperationsContract):
    service = REFERRALS
