"""Channels: each turns its own input into a call to the intake service."""
