"""One clock for every process: the date as it is in the municipality, whatever the server's time zone.

Deadlines, ban periods and rankings are dates in Danish law; a server in UTC would move a report made at
00:30 Danish time to the day before. Tests override the `today` dependency instead of patching time.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

# Every Danish municipality keeps Danish time.
MUNICIPAL_TIME_ZONE = ZoneInfo("Europe/Copenhagen")


def now() -> datetime:
    """The current moment in the municipality's time zone (aware)."""
    return datetime.now(MUNICIPAL_TIME_ZONE)


def today() -> date:
    """Today's date in the municipality; use it as a dependency so that tests can set the day."""
    return now().date()
