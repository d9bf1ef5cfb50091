"""The employer registry: import and export, review of unmatched names, merges."""
