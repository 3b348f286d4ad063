"""Allocation service: yearly letting agreements, the municipal share of every vacancy, municipal
allocation to housing seekers, acute housing and letting statistics."""
