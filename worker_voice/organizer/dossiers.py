"""Organizer pages: dossiers."""
