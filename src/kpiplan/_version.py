"""The version of kpiplan, kept in one place (hatch reads it too)."""

__version__ = "0.1.0.dev0"
