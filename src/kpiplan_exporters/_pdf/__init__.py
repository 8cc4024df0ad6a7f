"""The ``pdf`` exporter's internals: ``labels`` (the report's own words, no
reportlab), ``charts`` (target-versus-actual and grade charts) and ``report`` (the
A4 document: cover, summary, a section per CSF, budgets, issues)."""
