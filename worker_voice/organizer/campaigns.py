"""Organizer pages: campaigns."""
