"""Quota arithmetic (DOMAIN § 5.3): which channel each vacancy goes to, exactly, and how a year is going.

Shares are held as basis points (hundredths of a percent) and computed with as `Fraction`s, never floats:
after n vacancies in an area-year exactly floor(n × municipal share) went to municipal allocation, and
of the k others exactly floor(k × flexible share) went to flexible letting – the generalisation of
"every fourth dwelling". The rule works from the counts so far, so it also stays exact when an agreement's
share is changed during the year: from then on the totals follow the new share.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from services.allocation.rules.model import Channel, Reason, reason

WHOLE_BP = 10_000  # 100 % in basis points


def bp_from_pct(pct: Decimal | int | str) -> int:
    """A percentage with at most two decimals as basis points; anything finer is refused."""
    value = Decimal(pct) * 100
    if value != value.to_integral_value():
        raise ValueError("a share has at most two decimals")
    bp = int(value)
    if not 0 <= bp <= WHOLE_BP:
        raise ValueError("a share lies between 0 and 100 %")
    return bp


def pct_from_bp(bp: int) -> Decimal:
    return (Decimal(bp) / 100).normalize() if bp % 100 else Decimal(bp // 100)


def share_from_bp(bp: int) -> Fraction:
    if not 0 <= bp <= WHOLE_BP:
        raise ValueError("a share lies between 0 and 100 %")
    return Fraction(bp, WHOLE_BP)


def show_share(share: Fraction) -> str:
    """25 %, 33.33 % – for reasons; exact for every share held in basis points."""
    return f"{pct_from_bp(int(share * WHOLE_BP))} %"


def due(count: int, share: Fraction) -> int:
    """floor(count × share), in integers."""
    if count < 0:
        raise ValueError("a count is never negative")
    return count * share.numerator // share.denominator


@dataclass(frozen=True, slots=True)
class Tally:
    """An area-year's vacancies so far, by the channel the rule gave them."""

    vacancies: int = 0
    municipal: int = 0
    flexible: int = 0
    waiting_list: int = 0

    @property
    def non_municipal(self) -> int:
        return self.vacancies - self.municipal

    def after(self, channel: Channel) -> "Tally":
        counts = {"vacancies": self.vacancies + 1}
        if channel is Channel.MUNICIPAL:
            counts["municipal"] = self.municipal + 1
        elif channel is Channel.FLEXIBLE:
            counts["flexible"] = self.flexible + 1
        elif channel is Channel.WAITING_LIST:
            counts["waiting_list"] = self.waiting_list + 1
        else:
            raise ValueError(f"the rule never assigns {channel}")
        return replace(self, **counts)


@dataclass(frozen=True, slots=True)
class Assignment:
    """The channel of the next vacancy, with the arithmetic that chose it."""

    sequence: int
    channel: Channel
    municipal_due: int
    municipal_before: int
    others: int
    flexible_due: int
    flexible_before: int
    reason: Reason


def assign(tally: Tally, *, municipal_share: Fraction, flexible_share: Fraction) -> Assignment:
    """The channel of vacancy number tally.vacancies + 1 of an area-year."""
    for share in (municipal_share, flexible_share):
        if not 0 <= share <= 1:
            raise ValueError("a share lies between 0 and 1")
    n = tally.vacancies + 1
    municipal_due = due(n, municipal_share)
    head = (
        f"Vacancy no. {n} of the area's letting year: floor({n} × {show_share(municipal_share)}) = "
        f"{municipal_due} municipal vacancies are due and {tally.municipal} were given"
    )
    if tally.municipal < municipal_due:
        return Assignment(
            n,
            Channel.MUNICIPAL,
            municipal_due,
            tally.municipal,
            tally.non_municipal,
            due(tally.non_municipal, flexible_share),
            tally.flexible,
            reason(
                "quota_municipal",
                f"{head}, so this one goes to municipal allocation.",
                "ABL § 59",
                sequence=n,
                share=show_share(municipal_share),
                due=municipal_due,
                before=tally.municipal,
            ),
        )
    k = tally.non_municipal + 1
    flexible_due = due(k, flexible_share)
    channel = Channel.FLEXIBLE if tally.flexible < flexible_due else Channel.WAITING_LIST
    where = "flexible letting" if channel is Channel.FLEXIBLE else "the waiting list"
    text = (
        f"{head}, so this one is not municipal. Of the {k} other vacancies floor({k} × "
        f"{show_share(flexible_share)}) = {flexible_due} are due to flexible letting and {tally.flexible} "
        f"were given, so this one goes to {where}."
    )
    return Assignment(
        n,
        channel,
        municipal_due,
        tally.municipal,
        k,
        flexible_due,
        tally.flexible,
        reason(
            f"quota_{channel.value}",
            text,
            "ABL § 60" if channel is Channel.FLEXIBLE else "ABL § 51 stk. 1",
            sequence=n,
            share=show_share(municipal_share),
            due=municipal_due,
            before=tally.municipal,
            others=k,
            flexible_share=show_share(flexible_share),
            flexible_due=flexible_due,
            flexible_before=tally.flexible,
        ),
    )


# --- fulfilment and forecast ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fulfilment:
    """An area-year's municipal quota against its agreement, so far and extrapolated to year end."""

    vacancies: int
    due: int  # floor(vacancies × share): what the agreement gives the municipality so far
    allocated: int  # let through municipal allocation
    pending: int  # municipal vacancies still open
    returned: int  # given back to the housing organisation unfilled
    fulfilment: Fraction | None  # allocated / due
    fill_rate: Fraction  # allocated / (allocated + returned); 1 while nothing is decided
    forecast_vacancies: Fraction
    forecast_due: int
    forecast_allocated: Fraction
    forecast_fulfilment: Fraction | None
    behind: bool


def fulfilment(
    *,
    vacancies: int,
    municipal_share: Fraction,
    allocated: int,
    pending: int,
    returned: int,
    elapsed_days: int,
    year_days: int,
    alert_below: Fraction,
) -> Fulfilment:
    """Forecast the year's fulfilment from the vacancy rate so far.

    The year's vacancies are extrapolated from the rate so far, and the agreement's share of them is what
    the municipality is due by year end. Of that, what is allocated or still open counts in full, and the
    municipal vacancies still to come are filled at the rate seen so far (allocated against returned).
    An area is behind when the forecast falls under `alert_below`, or when it returned a vacancy it was due.
    """
    if year_days <= 0 or not 0 <= elapsed_days <= year_days:
        raise ValueError("elapsed days lie within the year")
    due_now = due(vacancies, municipal_share)
    scale = Fraction(year_days, elapsed_days) if elapsed_days else Fraction(1)
    forecast_vacancies = vacancies * scale
    forecast_due = int(forecast_vacancies * municipal_share)  # floor: both are non-negative
    decided = allocated + returned
    fill_rate = Fraction(allocated, decided) if decided else Fraction(1)
    still_to_come = max(forecast_due - due_now, 0)
    forecast_allocated = allocated + pending + still_to_come * fill_rate
    forecast_ratio = forecast_allocated / forecast_due if forecast_due else None
    return Fulfilment(
        vacancies=vacancies,
        due=due_now,
        allocated=allocated,
        pending=pending,
        returned=returned,
        fulfilment=Fraction(allocated, due_now) if due_now else None,
        fill_rate=fill_rate,
        forecast_vacancies=forecast_vacancies,
        forecast_due=forecast_due,
        forecast_allocated=forecast_allocated,
        forecast_fulfilment=forecast_ratio,
        behind=(forecast_ratio is not None and forecast_ratio < alert_below) or returned > 0,
    )


def percent(value: Fraction | None, digits: int = 1) -> float | None:
    """A ratio as a percentage rounded for display; the exact value stays a Fraction."""
    if value is None:
        return None
    return round(float(value * 100), digits)
