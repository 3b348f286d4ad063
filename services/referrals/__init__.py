"""Referrals service: confidential concern reports about adults, the caseworker's workflow and
referrals to the ladder of social offers."""
