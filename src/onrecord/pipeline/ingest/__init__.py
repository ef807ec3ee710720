"""Bringing articles in: canonical URLs, content hashes, storing a source with its statements."""
