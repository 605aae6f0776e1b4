"""Scale benchmark for Kabar Desa: synthetic corpora, timed builds, targets.

Run with ``make bench`` (or ``.venv/bin/python -m bench``); see bench/README.md.
"""
