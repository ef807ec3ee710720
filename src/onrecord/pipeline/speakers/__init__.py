"""Cross-document speaker resolution: names, aliases and roles to Speaker records."""
