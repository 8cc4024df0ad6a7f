"""Hypothesis strategies that build valid whole plans: the plugin kit's, re-used.

kpiplan's tests and plugin authors draw plans from the same strategy
(:func:`kpiplan_exporters.testing.plans`, with its parts), so a plan shape one of
them finds is tested by both.
"""

from kpiplan_exporters.testing import plans

__all__ = ["plans"]
