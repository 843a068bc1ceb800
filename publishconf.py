"""Shortlist settings for the published site (`make publish`, `make github`, CI).

Everything in pelicanconf.py, plus: absolute URLs from SITEURL, feeds with absolute
links, a clean output folder, and strict checking (any problem fails the build,
after all of them have been listed).
"""

import os
import sys
from pathlib import Path

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The address the site is published at, without a trailing slash. The GitHub
# Actions workflow passes the Pages URL in the SITEURL environment variable;
# otherwise a custom domain (GITHUB_PAGES_CNAME or content/extra/CNAME) wins
# over the default below. Change the default to your own <user>.github.io URL.
_cname_file = Path(__file__).resolve().parent / "content" / "extra" / "CNAME"
_custom_domain = globals().get("GITHUB_PAGES_CNAME", "") or (
    _cname_file.read_text(encoding="utf-8").strip() if _cname_file.exists() else ""
)
_DEFAULT_SITEURL = f"https://{_custom_domain}" if _custom_domain else "https://samortega.github.io/shortlist"
SITEURL = (os.environ.get("SITEURL") or _DEFAULT_SITEURL).rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

DELETE_OUTPUT_DIRECTORY = True
# Never publish drafts, whatever the environment says.
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""

SHORTLIST_STRICT = True
