"""Campaigns on a target employer and the evidence they publish: the campaign's figures
(figures.py), its dossier (dossier.py) and its exports (exports.py). Every figure comes from the
disclosure guard; nothing here counts reports."""
