"""`python -m blogger_import FILE`: what `make import-blogger` runs."""

import sys

from .importer import main

sys.exit(main())
