"""The command line's old home, kept so that ``from kpiplan._cli import main`` and
console scripts installed before :mod:`kpiplan.cli` existed keep working."""

from kpiplan.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, build_parser, main, report_error

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "build_parser", "main", "report_error"]
