"""Loading the demo corpus in ``seeds/`` through the real pipeline."""
