"""Organizer pages: exports."""
