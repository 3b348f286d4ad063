"""What the referrals service counts for operations (README, "Metrics"): listed in its /metrics (main.py).

Process-wide, counted where the thing is recorded (flushed); nothing about a person, only how many.
"""

from prometheus_client import Counter

CONCERN_REPORTS = Counter(
    "referrals_concern_reports_total",
    "Concern reports received as new cases, by channel (public_form, phone, in_person, letter, email, …)",
    ["channel"],
    registry=None,
)

COLLECTORS = (CONCERN_REPORTS,)
