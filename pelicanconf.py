"""Shortlist site settings for development builds (`make html`, `make devserver`).

Edit the "Your site" section first. `publishconf.py` imports everything here and
changes only what a published build needs (absolute URLs, strict checking).
Every Pelican setting works as documented: https://docs.getpelican.com/en/stable/settings.html
"""

import os

# --- Your site ---------------------------------------------------------------
SITENAME = "Shortlist"
SITESUBTITLE = "Sam Ortega's job search, in public, with open roles and advice from Priya Natarajan"
AUTHOR = "Sam Ortega"
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
# The address the site is published at, without a trailing slash, e.g.
# "https://you.github.io/your-repo". Left empty, `make publish` works it out from
# GITHUB_PAGES_CNAME or content/extra/CNAME, else from the GitHub repository this
# clone pushes to (`origin`); the GitHub Actions workflow passes the Pages address.
PUBLISH_SITEURL = ""
# Custom domain for GitHub Pages, e.g. "jobs.example.com". Unset, the site lives at
# <user>.github.io; or put the domain in content/extra/CNAME. `make github` keeps either.
# GITHUB_PAGES_CNAME = ""

# Links shown in the header navigation, in order: (label, URL relative to the site).
# "Subscribe" points at content/pages/subscribe.md.
SHORTLIST_NAV = [
    ("Reflections", "reflections/"),
    ("Advice", "advice/"),
    ("Jobs", "jobs/"),
    ("Archive", "archive/"),
    ("Subscribe", "subscribe/"),
]

# --- Where things live --------------------------------------------------------
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# shortlist_core comes first: it makes a missing or broken plugin fail the build.
PLUGINS = [
    "shortlist_core",
    "shortlist_parallel",
    "shortlist_typogrify",
    "shortlist_markdown",
    "shortlist_linear_lists",
    "job_openings",
    "popular_posts",
    "advice_articles",
    "search_log",
    "shortlist_images",
    "share_cards",
    "shortlist_drafts",
    "blogger_import",
    "site_search",
    "site_counter",
    "shortlist_warm_cache",
]

# The folder a post is in gives its kind (category) and, for jobs, its template.
ARTICLE_PATHS = ["reflections", "advice", "jobs"]
PAGE_PATHS = ["pages"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Reflections"
# Copied as they are: pictures (content/images/, see README "Pictures") and extra files.
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {
    "reflections": {"category": "Reflections"},
    "advice": {"category": "Advice"},
    "jobs": {"category": "Jobs", "template": "job"},
    "extra/robots.txt": {"path": "robots.txt"},
    "extra/CNAME": {"path": "CNAME"},
}

# --- URLs: clean, folder-style, stable ------------------------------------------
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# A post's address is its kind and slug, so a reflection and an advice article may
# share a slug; translations of a post are looked for within its kind.
ARTICLE_TRANSLATION_ID = ("category", "slug")
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
CATEGORIES_URL = "kinds/"
CATEGORIES_SAVE_AS = "kinds/index.html"
TAG_URL = "labels/{slug}/"
TAG_SAVE_AS = "labels/{slug}/index.html"
TAGS_URL = "labels/"
TAGS_SAVE_AS = "labels/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archive/"
ARCHIVES_SAVE_AS = "archive/index.html"
YEAR_ARCHIVE_URL = "archive/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archive/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archive/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archive/{date:%Y}/{date:%m}/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 10
# The 404 page GitHub Pages serves for any missing URL.
TEMPLATE_PAGES = {"404.html": "404.html"}
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives"]

# Drafts are not written at all, like Hugo and Jekyll. Preview them with
# `make devserver DRAFTS=yes`: they appear under /drafts/, never in any list.
if os.environ.get("SHORTLIST_DRAFTS", "").lower() in {"1", "yes", "true"}:
    DRAFT_URL = "drafts/{slug}/"
    DRAFT_SAVE_AS = "drafts/{slug}/index.html"
    DRAFT_PAGE_URL = "drafts/pages/{slug}/"
    DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
else:
    DRAFT_URL = DRAFT_SAVE_AS = DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""
    DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""

# --- The kit's plugins --------------------------------------------------------------
# Each setting below is shown commented out with its default (the default itself
# lives in the plugin's settings.py, and a test keeps these lines in step with it).
# Uncomment a line to change it.

# Job listings (plugins/job_openings)
# JOBS_OPEN_DAYS = 30  # a listing without Closes: stays open this many days
# JOBS_SIDEBAR_MAX = 5  # open roles in the sidebar
# JOBS_RECENTLY_CLOSED_DAYS = 60  # closed roles listed on the jobs page
# JOBS_PER_PAGE = 20  # open roles per page on the jobs page
# JOBS_AUTHOR = ""  # the recruiter: listings without Author: are by them; make post KIND=job fills it in
JOBS_REPORT_EMAIL = "report@shortlist.example.com"  # "Report this listing" goes here ("" for none)
# JOBS_DEFAULT_COUNTRY = "US"  # for JobPosting addresses
# JOBS_CATEGORY = "Jobs"  # the kind whose posts are listings
# JOBS_URL = "jobs/"
# JOBS_SAVE_AS = "jobs/index.html"
# JOBS_FILTER_URL = "jobs/{kind}/{slug}/"  # one page per location and employment type
# JOBS_FILTER_SAVE_AS = "jobs/{kind}/{slug}/index.html"
# JOBS_FEED_ATOM = "feeds/jobs-open.atom.xml"  # open roles only
# JOBS_FILTER_FEED_ATOM = "feeds/jobs/{kind}/{slug}.atom.xml"  # an alert feed per filtered page ("" for none)
# JOBS_DEADLINES_ICS = "jobs/deadlines.ics"  # open roles' closing days, for calendar apps ("" for none)

# Popular posts (plugins/popular_posts): drop your analytics export (GoatCounter,
# Plausible, GA4 or a path,views CSV) into content/analytics/; without one, posts
# marked `Featured: yes` are shown instead.
# POPULAR_POSTS_PATH = "analytics"  # inside the content folder; never published
# POPULAR_POSTS_WINDOW = "30d"  # "7d", "30d" or "all", back from the newest date in the data
# POPULAR_POSTS_MAX = 5
# POPULAR_POSTS_SNIPPET_WORDS = 20
# POPULAR_POSTS_INCLUDE_JOBS = False  # open listings may rank too
# POPULAR_POSTS_SITE_PATH = None  # the site's base path in the analytics; None: from SITEURL
# POPULAR_POSTS_UNMATCHED_SHOWN = 5  # paths matching no post named in the build's notice

# Advice articles (plugins/advice_articles)
# ADVICE_FAQ_HEADINGS = ["Frequently asked questions", "FAQ", "FAQs"]  # h2s that start a FAQ
# ADVICE_WORDS_PER_MINUTE = 230  # for "7 min read"
# ADVICE_CONTENTS_MIN_SECTIONS = 3  # ## sections before an article gets a contents list
# LISTEN_BUTTON = {"Advice": True, "Reflections": True}  # per kind; `Listen: no` in a post
# RELATED_MAX = 3  # related posts at the foot of an article

# My search (plugins/search_log): content/search-log.csv, one row per application;
# the page appears in the navigation when the log exists.
# SEARCH_LOG_PATH = "search-log.csv"  # inside the content folder; never published
# SEARCH_LOG_SHOW_COMPANIES = False  # company names stay off the site unless True
# SEARCH_LOG_TITLE = "My search"
# SEARCH_LOG_URL = "search/"
# SEARCH_LOG_SAVE_AS = "search/index.html"
# SEARCH_LOG_NAV_AFTER = "archive/"  # its header link follows this one of SHORTLIST_NAV

# Moving from Blogger (plugins/blogger_import; README "Moving from Blogger"):
# `make import-blogger FILE=<export>`; old addresses, comments and feeds keep working.
# BLOGGER_IMPORT_PATH = "blogger"  # inside the content folder; never published
# BLOGGER_LABEL_KINDS = {}  # label: kind for the import, e.g. {"Hiring": "job", "Advice": "advice"}
# BLOGGER_OLD_FEEDS = {"feeds/posts/default": "atom", "feeds/posts/summary": "atom", "atom.xml": "atom", "rss.xml": "rss"}
# BLOGGER_COMMENTS_HEADING = "Comments from the old blog"

# Site search (plugins/site_search): a search page and a search box in the header,
# with Pagefind's index of every published post, listing and page in output/pagefind/.
# SITE_SEARCH_URL = "find/"  # /search/ is My search
# SITE_SEARCH_SAVE_AS = "find/index.html"  # "" turns site search off
# SITE_SEARCH_INDEX = True  # False: no index written (quicker builds while writing)
# SITE_SEARCH_PAGES_PER_PART = 600  # the most pages one Pagefind run indexes (its memory: about 90 MB); 0: one run
# SITE_SEARCH_CACHE_PATH = ".shortlist-cache/search"  # each part's index, reused while its pages are unchanged; "" keeps none
# SITE_SEARCH_START_EARLY = True  # Pagefind starts on the first parts while the rest of the site is written

# Sharing (plugins/share_cards): canonical, Open Graph, Twitter card and JSON-LD on
# every page; a share card (1200x630 PNG) drawn for each post and listing, unless it
# has `Image: images/<picture>`; share links under each post and listing.
# SHARE_CARDS_PATH = "images/share"  # in the output: images/share/reflections/week-one.png
# SHARE_CARDS_CACHE_PATH = ".shortlist-cache/share-cards"  # cards kept between builds
# SHARE_CARDS_FONTS = {"title": "fonts/DejaVuSans-Bold.ttf", "text": "fonts/DejaVuSans.ttf"}  # in the theme
# SHARE_CARDS_STYLESHEET = "static/css/shortlist.css"  # the cards take its light colours
# SHARE_CARDS_COLORS = {}  # e.g. {"accent": "#8a1c7c"}; names: bg, text, muted, accent, border
# SHARE_CARDS_KIND_LABELS = {"Reflections": "Reflection", "Advice": "Advice", "Jobs": "Job opening"}
# SHARE_CARDS_WORKERS = 0  # processes drawing new cards; 0: one per CPU
# SHARE_LOCALE = ""  # og:locale, e.g. "en_GB"; "": from LOCALE or DEFAULT_LANG
# SHARE_LINKS = ["linkedin", "bluesky", "mastodon", "email", "copy"]  # under each post, in order
# SHARE_MASTODON_URL = "share/mastodon/"  # asks the reader for their Mastodon server
# SHARE_MASTODON_SAVE_AS = "share/mastodon/index.html"

# Counting visits (plugins/site_counter; README "For recruiters"): off until you set a
# GoatCounter count address. Then every page reports a view, and every Apply button a
# click (an event named apply:<listing path>), to that address and no other host;
# nothing is sent when the reader asks not to be tracked, and no cookie is set.
# ANALYTICS_GOATCOUNTER = ""  # e.g. "https://<code>.goatcounter.com/count", or your own GoatCounter's

# Reading posts and writing pages on every CPU (plugins/shortlist_parallel)
# SHORTLIST_READ_WORKERS = 0  # 0: one per CPU this process may use; 1: one at a time
# SHORTLIST_PARALLEL_MIN_FILES = 40  # fewer files to read are read one at a time
# SHORTLIST_WRITE_WORKERS = 0  # 0: one per CPU this process may use; 1: one at a time
# SHORTLIST_PARALLEL_MIN_PAGES = 100  # smaller sites are written one page at a time

# Typogrify with the work that changes nothing left out (plugins/shortlist_typogrify):
# the same pages, byte for byte; False runs the library's own functions.
# SHORTLIST_QUICK_TYPOGRIFY = True

# Markdown without the searches that cannot find anything (plugins/shortlist_markdown):
# the same pages, byte for byte; False runs Markdown's own.
# SHORTLIST_QUICK_MARKDOWN = True

# Reading only what changed (plugins/shortlist_warm_cache): `make html` and `make publish`
# keep each post as it was read in .shortlist-cache/ (they set SHORTLIST_CACHE_PATH in the
# environment), and read again only the files whose bytes changed; any change to the
# settings, the plugins, the theme or the installed packages throws the whole cache away.
# The pages are the same either way. "": every build reads every file.
SHORTLIST_CACHE_PATH = os.environ.get("SHORTLIST_CACHE_PATH", "")

# The core (plugins/shortlist_core)
# SHORTLIST_SITEMAP = True  # sitemap.xml, and noindex on every page not in it

# --- Feeds (Atom) ---------------------------------------------------------------
# On in development too, so the Subscribe page and the footer links work in the preview.
# Pages link to feeds relative to SITEURL; the entries inside a feed need absolute
# links, which in development point at the devserver (`make devserver` sets this).
SITEURL = ""
FEED_DOMAIN = os.environ.get("SHORTLIST_DEV_URL", "http://127.0.0.1:8000")
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/labels/{slug}.atom.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = False

# --- Theme -----------------------------------------------------------------------
# Pelican's Jinja options, plus auto_reload off: each build makes a new Jinja
# environment anyway, so checking every template file's date on every include
# (once per post in every list) only costs time.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "auto_reload": False}

# --- Writing ---------------------------------------------------------------------
TYPOGRIFY = True
SUMMARY_MAX_LENGTH = 40
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# --- Strictness ------------------------------------------------------------------
# False: problems are warnings and the bad file is skipped (development).
# True: every problem is listed at the end and the build fails (publishconf.py sets it).
# SHORTLIST_STRICT = False
