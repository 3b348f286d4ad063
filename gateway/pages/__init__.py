"""Server-rendered pages for municipal staff."""
