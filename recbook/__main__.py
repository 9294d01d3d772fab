"""Allow ``python -m recbook ...``."""

from recbook.cli import main

raise SystemExit(main())
