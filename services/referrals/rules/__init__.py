"""Pure domain rules of the referrals service: CPR numbers, the case workflow, referral statuses,
deadlines and small-number suppression. Plain data in, plain data out; no I/O."""
