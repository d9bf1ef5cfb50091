"""Organizer pages: api_tokens."""
