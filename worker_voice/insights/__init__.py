"""Insights: rollups kept by intake, and the disclosure guard every output reads through."""
