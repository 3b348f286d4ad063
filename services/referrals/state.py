"""What the referrals process builds once at start: the kit's state plus its keys, section and throttle."""

from dataclasses import dataclass

from services.kit.outbox import Channel
from services.kit.state import ProcessState
from services.referrals.config import ReferralsConfig, ReferralsSettings
from services.referrals.crypto import Cipher
from services.referrals.limits import ReportThrottle


@dataclass(kw_only=True, eq=False)
class ReferralsState(ProcessState):
    """Read with `state_of(request, ReferralsState)`; tests replace the throttle or the keys here."""

    settings: ReferralsSettings
    config: ReferralsConfig
    # The keys for personal data at rest; loaded (in development generated) before the app is built.
    cipher: Cipher
    # Public reports and follow-ups per client address, counted in the process's rate-limit store.
    report_throttle: ReportThrottle
    # How decision letters leave the outbox (kit outbox): print by default; tests put a double here.
    letter_channel: Channel
