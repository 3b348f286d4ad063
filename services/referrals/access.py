"""Who may do what in the referrals service (DOMAIN § 1, § 6).

Only caseworkers read cases. Managers see aggregates only. Administrators keep the catalogue of offers,
export the access log for a citizen's access request and run retention, but never read a case. Other
municipal systems may deliver reports; nobody reads a report back through the public endpoints.
"""

from services.kit.auth import Role

READ_CASES = (Role.CASEWORKER,)
WORK_CASES = (Role.CASEWORKER,)
TAKE_IN_REPORTS = (Role.CASEWORKER, Role.SYSTEM)
READ_STATISTICS = (Role.MANAGER, Role.ADMIN)
MANAGE_CATALOGUE = (Role.ADMIN,)
UPDATE_CAPACITY = (Role.ADMIN, Role.SYSTEM)
EXPORT_ACCESS_LOG = (Role.ADMIN,)
RUN_RETENTION = (Role.ADMIN,)
