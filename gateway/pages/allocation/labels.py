"""The labels the allocation templates read as `alloc`: each area's texts, kept beside its pages, under one
name, because a template (and the shared macros) may word what another area computed."""

from types import SimpleNamespace

from gateway.pages.allocation import (
    agreements,
    applicant_check,
    common,
    common_agreements,
    dispensations,
    seekers,
    statistics,
    vacancies,
)

ALLOC = SimpleNamespace(
    # the page frame, and what several areas show
    SECTIONS=common.SECTIONS,
    NOTICES=common.NOTICES,
    ERRORS=common.ERRORS,
    CHANNELS=common.CHANNELS,
    BENEFITS=common.BENEFITS,
    LIST_WARNINGS=common.LIST_WARNINGS,
    # agreements and the § 51 b decisions recorded on them
    LEGAL_BASES=agreements.LEGAL_BASES,
    AGREEMENT_STATUSES=agreements.AGREEMENT_STATUSES,
    SOURCE_STATUSES=agreements.SOURCE_STATUSES,
    WARNINGS=agreements.WARNINGS,
    AGREEMENT_ERRORS=agreements.AGREEMENT_ERRORS,
    CRITERIA_CONDITIONS=agreements.CRITERIA_CONDITIONS,
    CRITERIA_VALUES=agreements.CRITERIA_VALUES,
    DECISION_KINDS=agreements.DECISION_KINDS,
    DECISION_ERRORS=agreements.DECISION_ERRORS,
    # the common letting agreements
    COMMON_AGREEMENT_STATUSES=common_agreements.STATUSES,
    COMMON_AGREEMENT_NOTICES=common_agreements.NOTICES,
    COMMON_AGREEMENT_ERRORS=common_agreements.ERRORS,
    OTHER_CONDITION=common_agreements.OTHER_CONDITION,
    # vacancies, candidates and offers
    VACANCY_STATUSES=vacancies.VACANCY_STATUSES,
    OFFER_STATUSES=vacancies.OFFER_STATUSES,
    CONSEQUENCES=vacancies.CONSEQUENCES,
    EVENTS=vacancies.EVENTS,
    VACANCY_REASONS=vacancies.VACANCY_REASONS,
    SHARE_REASONS=vacancies.SHARE_REASONS,
    RANKING_REASONS=vacancies.RANKING_REASONS,
    TIE_BREAKERS=vacancies.TIE_BREAKERS,
    # housing seekers and the dated facts of the bans
    URGENCIES=seekers.URGENCIES,
    SEEKER_REASONS=seekers.SEEKER_REASONS,
    SEEKER_STATUSES=seekers.SEEKER_STATUSES,
    DATED_FACTS=seekers.DATED_FACTS,
    DATED_FACT_DATES=seekers.DATED_FACT_DATES,
    HOUSEHOLD_FACTS=seekers.HOUSEHOLD_FACTS,
    BAN_BENEFITS=seekers.BAN_BENEFITS,
    DATE_TO_COMPLETE=seekers.DATE_TO_COMPLETE,
    # the applicant check, dispensations, statistics
    PARTNER_RELATIONS=applicant_check.PARTNER_RELATIONS,
    PERSONS=applicant_check.PERSONS,
    CONSIDERATIONS=dispensations.CONSIDERATIONS,
    ALERTS=statistics.ALERTS,
)
