"""The onrecord domain: ingest, extraction, speakers, matching, review, publishing (no flask)."""
