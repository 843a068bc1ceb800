"""The kit's link checker, plugins/shortlist_tools/linkcheck.py, as the tests import it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from shortlist_tools.linkcheck import BrokenLink, check_output, page_address, target_file

__all__ = ["BrokenLink", "check_output", "page_address", "target_file"]
