"""What the allocation service counts for operations (README, "Metrics"): listed in its /metrics (main.py).

Process-wide, like the work they count; each is counted where the thing is recorded (flushed), so a request
that fails after that point has still counted it.
"""

from prometheus_client import Counter, Gauge

VACANCIES_REPORTED = Counter(
    "allocation_vacancies_reported_total",
    "Vacancies reported for the first time (a repeated report is not counted), by the channel they go to",
    ["channel"],
    registry=None,
)
DECISIONS = Counter(
    "allocation_decisions_total",
    "Decisions recorded: acute_application (decided at once), offer (a dwelling to a seeker), dispensation",
    ["kind"],
    registry=None,
)
SCHEDULER_LAST_SUCCESS = Gauge(
    "allocation_scheduler_last_success_timestamp_seconds",
    "When this process last finished a pass of the task (Unix time); another replica may run it instead",
    ["task"],
    registry=None,
)

COLLECTORS = (VACANCIES_REPORTED, DECISIONS, SCHEDULER_LAST_SUCCESS)
