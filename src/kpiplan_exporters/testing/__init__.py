"""A contract test kit for exporters: subclass it in your plugin's tests and run pytest.

Every exporter, kpiplan's own and a plugin's, must pass these tests. Subclass
:class:`ExporterContract` in a test module and name your exporter::

    from kpiplan_exporters.testing import ExporterContract

    class TestMarkdownContract(ExporterContract):
        exporter_name = "markdown"
        options = {"language": "en"}

The kit needs pytest and hypothesis (``pip install "kpiplan[test]"``), and nothing
from kpiplan's own test folder: it brings :func:`sample_plan`, a representative plan
built in code, :func:`hostile_plan`, whose text is markup and formulas on purpose,
and :func:`plans`, the hypothesis strategy of valid whole plans that kpiplan's own
tests use too (with its parts: :func:`indicators`, :func:`actuals`,
:func:`budgets`, :data:`texts`, :func:`numbers`, and :func:`model_parts`, which
``plans(model_parts=True)`` uses to add series, target kinds and revisions).
"""

from kpiplan_exporters.testing._contract import ExporterContract
from kpiplan_exporters.testing._samples import HOSTILE_TEXTS, hostile_plan, sample_plan
from kpiplan_exporters.testing._strategies import (
    COUNT_UNITS,
    actuals,
    budgets,
    indicators,
    model_parts,
    numbers,
    plans,
    texts,
)

__all__ = [
    "COUNT_UNITS",
    "HOSTILE_TEXTS",
    "ExporterContract",
    "actuals",
    "budgets",
    "hostile_plan",
    "indicators",
    "model_parts",
    "numbers",
    "plans",
    "sample_plan",
    "texts",
]
