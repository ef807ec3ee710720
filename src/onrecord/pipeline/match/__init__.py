"""Matching statements to earlier ones and to checked claims, and stance-change analysis."""
