"""python -m services.referrals: serve the referrals API on REFERRALS_HOST:REFERRALS_PORT."""

from services.kit.serve import serve
from services.referrals.config import ReferralsSettings

if __name__ == "__main__":
    serve(ReferralsSettings(), "services.referrals.main:create_app")
