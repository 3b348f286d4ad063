"""Typed clients of the services, one per service, used by the pages."""
