"""The referrals service's own figure in /metrics (README, "Metrics"): concern reports received, by channel,
and nothing about the person. The counter is the process's, so the test compares before and after."""

import httpx

from tests.four_apps import metric_value
from tests.referrals.conftest import report_body

NAME = "referrals_concern_reports_total"


async def test_concern_reports_are_counted_by_channel(client: httpx.AsyncClient) -> None:
    before = (await client.get("/metrics")).text
    assert (await client.post("/v1/concern-reports", json=report_body())).status_code == 201
    assert (await client.post("/v1/concern-reports", json={"concern": ""})).status_code == 422  # not received
    after = (await client.get("/metrics")).text
    assert (
        metric_value(after, NAME, channel="public_form") - metric_value(before, NAME, channel="public_form")
        == 1
    )
    assert metric_value(after, NAME, channel="phone") == metric_value(before, NAME, channel="phone")
    assert "Prøvevej" not in after and report_body()["citizen"]["name"] not in after
