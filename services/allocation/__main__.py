"""python -m services.allocation: serve the allocation API on ALLOCATION_HOST:ALLOCATION_PORT."""

from services.allocation.config import AllocationSettings
from services.kit.serve import serve

if __name__ == "__main__":
    serve(AllocationSettings(), "services.allocation.main:create_app")
