"""The ``json`` exporter: the canonical plan JSON, pretty or compact."""

from __future__ import annotations

import json
from typing import BinaryIO, ClassVar

import attrs

from kpiplan._converter import unstructure_plan
from kpiplan._export import ExportJob

__all__ = ["JsonExporter"]


@attrs.frozen(kw_only=True)
class JsonExporter:
    """Writes the plan as canonical JSON (the format ``kpiplan.load`` reads).

    Pretty output is byte-identical to ``kpiplan.dumps``; compact output drops the
    whitespace. Keys keep the model's order and Japanese stays unescaped UTF-8.
    """

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/json"
    description: ClassVar[str] = "canonical plan JSON (what kpiplan.load reads back)"

    compact: bool = False
    """Leave out indentation and spaces (one line)."""

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write the plan as JSON.

        Args:
            job: The plan to write.
            stream: The binary stream to write UTF-8 JSON to.
        """
        data = unstructure_plan(job.plan)
        if self.compact:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        else:
            text = json.dumps(data, ensure_ascii=False, indent=2)
        stream.write(text.encode("utf-8") + b"\n")
