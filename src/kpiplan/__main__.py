"""``python -m kpiplan``: the same as the ``kpiplan`` command."""

import sys

from kpiplan.cli import main

sys.exit(main())
