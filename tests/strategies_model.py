"""Hypothesis strategies for the plan parts of issue #10, from the kit's one strategy.

:func:`plans_with_new_parts` is ``kpiplan_exporters.testing.plans(model_parts=True)``
with small plans; the builders live in the kit, so plugin authors draw the same plans.
"""

from __future__ import annotations

from hypothesis import strategies as st

import kpiplan as kp
from kpiplan_exporters.testing import plans


def plans_with_new_parts() -> st.SearchStrategy[kp.Plan]:
    """A valid plan that uses the new parts: units, default era, series, kinds, revisions."""
    return plans(max_csfs=2, max_kpis=2, model_parts=True)
