"""The baseline for `make bench`: plain Pelican on the same Markdown.

Pelican's default notmyidea theme, no plugins, Typogrify on, paginated index and
label pages, and the same feeds the kit writes. Nothing Shortlist-specific.
"""

SITENAME = "Plain Pelican baseline"
SITEURL = ""
FEED_DOMAIN = "http://127.0.0.1:8000"
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
PLUGINS: list[str] = []
TYPOGRIFY = True
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag-{slug}.atom.xml"
ARTICLE_PATHS = ["reflections", "advice", "jobs"]
PAGE_PATHS = ["pages"]
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
