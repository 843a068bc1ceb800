"""Make the site yours: `make init [NAME=... AUTHOR=... SITEURL=... TAGLINE=... EMAIL=...]`.

Sets the "Your site" settings in pelicanconf.py, writes your About and Subscribe pages,
clears the sample posts and data out of content/ and prints what to do next. Asks for
each value it was not given when run in a terminal; otherwise keeps the current one.

Safe to run again: a file under content/ is removed only while it is byte for byte the
sample's (the kit's own copy lives in tests/sample_site/content, for its tests), so
nothing you wrote or changed is ever deleted; pages are rewritten only while they
are the sample's.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
from shortlist_core.github_pages import published_siteurl  # noqa: E402

SAMPLE = ROOT / "tests" / "sample_site" / "content"
# Kept as they are: nothing in them is the sample author's.
GENERIC = {"extra/robots.txt"}


@dataclass(frozen=True)
class Question:
    setting: str
    option: str
    prompt: str


QUESTIONS = [
    Question("SITENAME", "name", "Site name"),
    Question("SITESUBTITLE", "tagline", "One line about the site"),
    Question("AUTHOR", "author", "Your name, as posts are signed"),
    Question("PUBLISH_SITEURL", "siteurl", "Its address (empty: worked out from your GitHub repository)"),
    Question("JOBS_REPORT_EMAIL", "email", "E-mail for 'Report this listing' (empty: no link)"),
]


def setting_line(name: str) -> re.Pattern[str]:
    return re.compile(rf"^(#\s*)?{name} = (?P<value>.*?)(?P<comment>\s+#.*)?$", re.MULTILINE)


def current_value(config: str, name: str) -> str:
    match = setting_line(name).search(config)
    if match is None or match.group(1):
        return ""
    try:
        value = json.loads(match["value"])
    except json.JSONDecodeError:
        return ""
    return value if isinstance(value, str) else ""


def set_values(config: str, values: dict[str, str]) -> str:
    """pelicanconf.py with each setting's line rewritten (added to "Your site" if absent)."""
    for name, value in values.items():
        literal = json.dumps(value, ensure_ascii=False)
        pattern = setting_line(name)
        match = pattern.search(config)
        if match is not None:
            line = f"{name} = {literal}{match['comment'] or ''}"
            config = config[: match.start()] + line + config[match.end() :]
        else:
            marker = "# --- Your site "
            at = config.index("\n", config.index(marker)) + 1
            config = config[:at] + f"{name} = {literal}\n" + config[at:]
    return config


ABOUT = """Title: About

{tagline}

This is where {author} writes it down as it happens. Replace this page with your own
words: who you are, what you are looking for, and how to reach you.
"""

SUBSCRIBE = """Title: Subscribe
Slug: subscribe
Template: subscribe
Summary: How to follow this site with a feed reader, without an account or an email list.

You can follow this site without signing up for anything. Every new post is
published in a *feed*: a small file that lists the latest posts, which a **feed
reader** checks for you and shows as a list of unread items.

## How to subscribe

1. Pick a feed reader. Many are free, in the browser or as an app on your phone.
2. Copy the address of one of the feeds below.
3. Paste it into your reader's "Add feed" or "Subscribe" box.

Take *Everything* to read it all, or one kind, or one label. Nothing tracks you,
and you can unsubscribe by deleting the feed from your reader.
"""


def clear_sample(content: Path, sample: Path = SAMPLE) -> tuple[list[str], list[str]]:
    """Remove the sample's files from content/ (only unchanged ones); (removed, kept)."""
    removed, kept = [], []
    if not content.is_dir():
        return removed, kept
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        relative = path.relative_to(content).as_posix()
        original = sample / relative
        if relative in GENERIC or relative.startswith("pages/"):
            continue
        if original.is_file() and original.read_bytes() == path.read_bytes():
            path.unlink()
            removed.append(relative)
        elif original.is_file():
            kept.append(relative)
    for folder in sorted((p for p in content.rglob("*") if p.is_dir()), reverse=True):
        if folder.name not in ("reflections", "advice", "jobs", "pages", "extra") and not any(
            folder.iterdir()
        ):
            folder.rmdir()
    return removed, kept


def write_page(path: Path, text: str, sample: Path) -> str:
    """Write a page while it is missing or still the sample's; say what was done."""
    if path.exists() and not (sample.is_file() and sample.read_bytes() == path.read_bytes()):
        return f"kept {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} (you changed it)"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"


def origin_remote() -> str:
    done = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""


def address_line(configured: str, content: Path) -> str:
    """Where the published site will live, as `make publish` will work it out."""
    cname = content / "extra" / "CNAME"
    domain = cname.read_text(encoding="utf-8").strip() if cname.is_file() else ""
    url, origin = published_siteurl("", configured, domain, origin_remote())
    if url is None:
        return (
            "The published address is not known yet: push this repository to GitHub "
            "(git remote add origin ...) or run make init again with SITEURL=."
        )
    return f"The site will be published at {url} (from {origin})."


def ask(question: Question, given: str | None, current: str) -> str:
    if given is not None and given != "":
        return given
    if not sys.stdin.isatty():
        return current
    answer = input(f"{question.prompt} [{current}]: ").strip()
    return answer or current


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for question in QUESTIONS:
        parser.add_argument(f"--{question.option}", help=question.prompt)
    parser.add_argument("--config", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args(argv)

    config = args.config.read_text(encoding="utf-8")
    values = {q.setting: ask(q, getattr(args, q.option), current_value(config, q.setting)) for q in QUESTIONS}
    values["PUBLISH_SITEURL"] = values["PUBLISH_SITEURL"].strip().rstrip("/")
    if values["PUBLISH_SITEURL"] and not re.match(r"^https?://[^/\s]+", values["PUBLISH_SITEURL"]):
        print(f"SITEURL {values['PUBLISH_SITEURL']!r} is not an address such as https://you.github.io/jobs")
        return 2
    args.config.write_text(set_values(config, values), encoding="utf-8")
    print(f"Set in {args.config.name}: " + ", ".join(f"{k} = {v!r}" for k, v in values.items()))
    print(address_line(values["PUBLISH_SITEURL"], args.content))

    removed, kept = clear_sample(args.content)
    if removed:
        print(
            f"Removed {len(removed)} sample files from content/ (the kit keeps its own copy for its tests)."
        )
    for relative in kept:
        print(f"Kept content/{relative}: you changed it, so it is yours now.")
    about = ABOUT.format(tagline=values["SITESUBTITLE"] or values["SITENAME"], author=values["AUTHOR"] or "I")
    print(write_page(args.content / "pages" / "about.md", about, SAMPLE / "pages" / "about.md"))
    print(write_page(args.content / "pages" / "subscribe.md", SUBSCRIBE, SAMPLE / "pages" / "subscribe.md"))
    print(
        "\nNext:\n"
        "  make devserver                                 see your (empty) site at http://127.0.0.1:8000\n"
        '  make post KIND=reflection TITLE="Week one"      write your first post (advice, job: the other kinds)\n'
        "  make check                                     what a published build would say, and broken links\n"
        "  git push, then Settings > Pages > Source: GitHub Actions   publish (README: Publishing)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
