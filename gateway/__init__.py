"""The gateway: identity and tokens, the staff pages, and JSON pass-through to the services."""
