"""The ``html`` exporter: the plan's progress page, one file to publish as it is.

One self-contained page (no script, no web font, no image file, nothing fetched):
the plan's positioning and tree, the summary of grades, per KGI and CSF the
measures and every indicator's table of 目標/実績/達成率/評価 with 見込み, 作成中,
－ and ※ notes, inline SVG charts with text alternatives, activities, budgets,
課題とアクション and category flags. Semantic, accessible markup; an A4 print
stylesheet.

Importing this module does not import Jinja2; writing a page does.
"""

from __future__ import annotations

from typing import BinaryIO, ClassVar

import attrs

from kpiplan import vocabulary
from kpiplan_exporters import ExportJob

__all__ = ["HtmlExporter"]


def _check_language(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in vocabulary.LANGUAGES:
        raise ValueError(
            f"`HtmlExporter.language` should be one of {', '.join(vocabulary.LANGUAGES)}, "
            f"but was {value!r}"
        )


@attrs.frozen(kw_only=True)
class HtmlExporter:
    """Writes the plan's progress page as one HTML file (UTF-8, Jinja2 templates).

    Every piece of plan text is escaped by the template engine: a plan named
    ``<script>`` shows that name. The same plan gives the same bytes every time.
    """

    name: ClassVar[str] = "html"
    extension: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html"
    description: ClassVar[str] = (
        "progress page to publish (one self-contained HTML file, SVG charts)"
    )
    requires: ClassVar[tuple[str, ...]] = ("jinja2",)

    language: str = attrs.field(default="ja", validator=_check_language)
    """Language of the page's own words and its ``lang``: ``ja`` (default) or ``en``;
    plan text is shown as written (marked ``lang="ja"`` on an English page)."""
    charts: bool = True
    """Draw the target-versus-actual and grade charts (inline SVG)."""
    evaluation: bool = True
    """Show rates, grades, the summary and the KGI status."""

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write the progress page.

        Args:
            job: The plan and its evaluation.
            stream: The binary stream to write UTF-8 HTML to.
        """
        from kpiplan_exporters._html import render

        evaluation = job.evaluation if self.evaluation else None
        stream.write(render(job.plan, evaluation, self.language, self.charts).encode("utf-8"))
