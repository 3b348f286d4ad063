"""The allocation API by sub-domain; services/allocation/router.py puts them under /v1."""
