"""Ratings reviewed by people: the overrides file that replaces machine ratings (and
applying it), a reviewer's walk through the criteria still to rate, and double coding."""
