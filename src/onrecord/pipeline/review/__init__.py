"""Verdicts: rating scales, the review workflow and its revisions."""
