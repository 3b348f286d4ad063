"""The four processes as in-process apps, for tests that ask the same of each (problem details, metrics)."""

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from gateway.config import GatewaySettings
from gateway.main import create_app as create_gateway
from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation
from services.referrals.config import ReferralsSettings
from services.referrals.main import create_app as create_referrals
from tests.support import KeyPair

PROCESSES = ["categorisation", "allocation", "referrals", "gateway"]
SERVICES: dict[str, tuple[Any, Any]] = {
    "categorisation": (CategorisationSettings, create_categorisation),
    "allocation": (AllocationSettings, create_allocation),
    "referrals": (ReferralsSettings, create_referrals),
}


def build(name: str, database_url: str, keys: KeyPair, var_dir: Path, **settings: Any) -> FastAPI:
    """Process `name` on `database_url` with the test keys; `settings` overrides its settings."""
    if name == "gateway":
        return create_gateway(
            GatewaySettings(
                database_url=database_url,
                jwt_private_key_file=keys.private_path,
                VAR_DIR=str(var_dir),
                **settings,
            )
        )
    settings_cls, factory = SERVICES[name]
    app: FastAPI = factory(
        settings_cls(
            database_url=database_url,
            VAR_DIR=str(var_dir),
            JWT_PUBLIC_KEY_FILE=str(keys.public_path),
            **settings,
        )
    )
    return app


def metric_value(exposition: str, name: str, **labels: str) -> float:
    """One sample of a /metrics answer, read with Prometheus's own parser; 0 when the series is absent."""
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0
