"""Quotes for writers: representative quotes per theme, and the searchable quote store (quotes.sqlite)."""
