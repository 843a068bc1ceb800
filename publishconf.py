"""Shortlist settings for the published site (`make publish`, `make github`, CI).

Everything in pelicanconf.py, plus: absolute URLs from SITEURL, feeds with absolute
links, a clean output folder, and strict checking (any problem fails the build,
after all of them have been listed).
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE / "plugins"))
from shortlist_core.github_pages import NO_SITEURL, published_siteurl  # noqa: E402


def _origin_remote() -> str:
    try:
        done = subprocess.run(
            ["git", "remote", "get-url", "origin"], cwd=_HERE, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


# The address the site is published at: the SITEURL environment variable (the GitHub
# Actions workflow passes the Pages URL), else PUBLISH_SITEURL from pelicanconf.py,
# else your custom domain (GITHUB_PAGES_CNAME or content/extra/CNAME), else the
# GitHub Pages address of the `origin` remote. Nothing found: the build stops here.
_cname_file = _HERE / "content" / "extra" / "CNAME"
_custom_domain = globals().get("GITHUB_PAGES_CNAME", "") or (
    _cname_file.read_text(encoding="utf-8").strip() if _cname_file.exists() else ""
)
_siteurl, _from = published_siteurl(
    os.environ.get("SITEURL", ""), globals().get("PUBLISH_SITEURL", ""), _custom_domain, _origin_remote()
)
if _siteurl is None:
    sys.exit(NO_SITEURL)
print(f"Publishing for {_siteurl} (from {_from}).", file=sys.stderr)
SITEURL = _siteurl
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

DELETE_OUTPUT_DIRECTORY = True
# Never publish drafts, whatever the environment says.
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""

SHORTLIST_STRICT = True
