"""The three domain services and the toolkit they share."""
