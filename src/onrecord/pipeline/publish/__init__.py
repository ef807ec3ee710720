"""Publishing: what the public sees of a verdict, and its ClaimReview form.

Read side only (no writes): :mod:`onrecord.pipeline.publish.verdicts` loads
published verdicts and public speaker pages as plain dataclasses, and
:mod:`onrecord.pipeline.publish.claimreview` turns a verdict into schema.org
ClaimReview. The public pages, their ``.json`` twins, the widgets, the API and
``onrecord export`` all read through these, so they always agree.
"""
