"""The ``json`` exporter: the canonical plan JSON with its evaluation, pretty or compact."""

from __future__ import annotations

import json
from typing import BinaryIO, ClassVar

import attrs

from kpiplan import ExportJob, to_data

__all__ = ["JsonExporter"]


@attrs.frozen(kw_only=True)
class JsonExporter:
    """Writes the plan as canonical JSON, followed by its computed evaluation.

    The plan part is what ``kpiplan.dumps`` writes (``kpiplan.load`` reads the file
    back, recomputing the evaluation rather than trusting it). The evaluation, under
    the key ``evaluation``, holds every indicator's yearly rate, grade and the formula
    that gave it, the roll-ups and the budget metrics (see docs/attainment.md). Keys
    keep a fixed order and Japanese stays unescaped UTF-8, so the same plan always
    gives the same bytes.
    """

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/json"
    description: ClassVar[str] = "canonical plan JSON with the evaluation (kpiplan.load reads it)"

    compact: bool = False
    """Leave out indentation and spaces (one line)."""
    evaluation: bool = True
    """Include the evaluation; without it the output is exactly ``kpiplan.dumps``."""

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write the plan (and its evaluation) as JSON.

        Args:
            job: The plan to write, and its evaluation.
            stream: The binary stream to write UTF-8 JSON to.
        """
        data = to_data(job.plan)
        if self.evaluation:
            data["evaluation"] = job.evaluation.to_data()
        if self.compact:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        else:
            text = json.dumps(data, ensure_ascii=False, indent=2)
        stream.write(text.encode("utf-8") + b"\n")
