"""The yearly cycle: values with their history, what changed, collecting returned files.

See docs/yearly-cycle.md.
"""

from kpiplan._history import as_known_at

__all__ = ["as_known_at"]
