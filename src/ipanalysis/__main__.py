"""``python -m ipanalysis``: the same command as ``ipanalysis``."""

import sys

from ipanalysis.cli import main

sys.exit(main())
