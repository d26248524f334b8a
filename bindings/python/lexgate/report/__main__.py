"""``python -m lexgate.report``: see lexgate.report._command."""

import sys

from lexgate.report._command import main

sys.exit(main())
