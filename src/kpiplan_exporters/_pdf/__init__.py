"""The ``pdf`` exporter's internals, one module per part of the report.

``labels`` holds the report's own words and value formats (no reportlab); the rest is
imported only while a report is written: ``fonts`` and ``styles`` (the look),
``story`` (settings and the cells sections are made of), the sections ``cover``,
``summary``, ``indicators``, ``activities``, ``budgets`` and ``issues``, ``charts``,
``page`` (header, footer, document) and ``report`` (the sections in order).
"""
