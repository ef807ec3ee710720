"""The onrecord domain: ingest, extraction, speakers, matching, review and publishing (never imports flask)."""
