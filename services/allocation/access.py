"""Who may do what in the allocation service, and which areas a housing organisation sees.

| Role | May |
|---|---|
| allocation_officer | everything |
| housing_org (machine) | report, read vacancies, lettings, agreements of its own areas; check applicants |
| manager | statistics, aggregated and small-number suppressed; the § 51 b report |
| admin, analyst | read agreements (and areas), common agreements |
| system (machine) | read agreements, areas, vacancies, statistics, common agreements; return overdue ones |
| caseworker | nothing |

The common letting agreement is generated with the caller's own token from the categorisation service,
which lets the officer, admin, analyst and system read both the categorisation and every area plan: only
they read today's document. A housing organisation's client reads what was sent to its own organisation
(the stored versions); the manager reads neither the categorisation nor the plans there, so not here.
"""

from services.kit.auth import Principal, Role

OFFICER = (Role.ALLOCATION_OFFICER,)
REPORT_VACANCIES = (Role.ALLOCATION_OFFICER, Role.HOUSING_ORG)
READ_VACANCIES = (Role.ALLOCATION_OFFICER, Role.HOUSING_ORG, Role.SYSTEM)
READ_AGREEMENTS = (Role.ALLOCATION_OFFICER, Role.ADMIN, Role.ANALYST, Role.SYSTEM, Role.HOUSING_ORG)
READ_AREAS = READ_AGREEMENTS
CHECK_APPLICANTS = (Role.ALLOCATION_OFFICER, Role.HOUSING_ORG)
READ_STATISTICS = (Role.ALLOCATION_OFFICER, Role.MANAGER, Role.SYSTEM)
PROCESS_OVERDUE = (Role.ALLOCATION_OFFICER, Role.SYSTEM)
# The § 51 b decisions: the officer records them; the report to the minister is the manager's to read too.
READ_DECISION_REPORT = (Role.ALLOCATION_OFFICER, Role.MANAGER)
READ_COMMON_AGREEMENTS = (Role.ALLOCATION_OFFICER, Role.ADMIN, Role.ANALYST, Role.SYSTEM, Role.HOUSING_ORG)
# Roles that see every area; a principal holding only housing_org sees its own organisation's areas.
ALL_AREAS = (Role.ALLOCATION_OFFICER, Role.ADMIN, Role.ANALYST, Role.SYSTEM)
# Roles that see statistics per area and unsuppressed; everyone else with READ_STATISTICS sees aggregates.
DETAILED_STATISTICS = (Role.ALLOCATION_OFFICER, Role.SYSTEM)


def area_scope(principal: Principal) -> str | None:
    """None when the principal sees every area, else the one housing organisation it speaks for.

    A housing-organisation client without an organisation in its token sees nothing: "" matches no area.
    """
    if principal.has_any(ALL_AREAS):
        return None
    return principal.housing_org or ""


def aggregates_only(principal: Principal) -> bool:
    return not principal.has_any(DETAILED_STATISTICS)


def reads_only_what_was_sent(principal: Principal) -> bool:
    """A housing organisation's client reads the versions sent to it, never today's draft: the draft is
    built from the categorisation service, which does not let it read the categorisation."""
    return area_scope(principal) is not None
