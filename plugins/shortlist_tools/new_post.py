"""Start a new post: `make post KIND=reflection|advice|job TITLE="..."`.

Like `hugo new` or jekyll-compose: writes a Markdown file with every field its
kind uses, filled in where it can be, into the kind's folder, and never
overwrites an existing file. Run with the project folder as the current folder.

What each field means is written under the fields, as Markdown's own comments:
lines `[//]: # (...)` are link definitions that nobody links to, so they are never
shown, in Pelican or in any Markdown preview. A comment can not go among the fields:
Python-Markdown's metadata ends at the first line that is not `Name: value`, so a
`# ...` line there ends the fields, becomes a heading, and every field under it
becomes text of the post. A field written with nothing after its colon is not set,
so optional fields are there to fill in, empty.
"""

from __future__ import annotations

import argparse
import datetime
import runpy
import sys
from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

# The folder of each kind, and the metadata lines its file starts with, after Title,
# Date and Status. {author}, {closes} are filled in; a field left empty is the
# author's to fill in, or not set.
KINDS: dict[str, tuple[str, list[str]]] = {
    "reflection": ("reflections", ["Tags:"]),
    "advice": ("advice", ["Tags:"]),
    "job": (
        "jobs",
        [
            "Author: {author}",
            "Company:",
            "Company-url:",
            "Location:",
            "Remote: no",
            "Remote-region:",
            "Employment: full-time",
            "Salary:",
            "Closes: {closes}",
            "Filled:",
            "Apply:",
            "Tags: hiring",
        ],
    ),
}

DRAFT_NOTE = (
    "Status: draft keeps the post off the site; `make devserver DRAFTS=yes` shows it under /drafts/. "
    "Change it to published when it is ready."
)
LABELS_NOTE = "Tags: the post's labels, separated by commas (`Labels:` works too)."

# What each kind's fields mean, in the file's order, under the fields.
NOTES: dict[str, list[str]] = {
    "reflection": [LABELS_NOTE, DRAFT_NOTE],
    "advice": [LABELS_NOTE, DRAFT_NOTE],
    "job": [
        "TO FILL IN before the listing is built (the build names each one left empty): "
        "Author, Company, Apply, and Location (or Remote: yes and Remote-region).",
        'Author: the recruiter, shown as "by ..." (set JOBS_AUTHOR in pelicanconf.py to have it filled in).',
        "Company: the employer, or a description when it is confidential (Regional healthcare network).",
        "Company-url: optional; the employer's https:// site. Leave it empty for a confidential employer.",
        "Location: where the job is, e.g. Denver, CO. May stay empty with Remote: yes.",
        "Remote: no, yes or hybrid. With yes, fill in Remote-region.",
        "Remote-region: with Remote: yes, where applicants may live, e.g. US, or US, Canada.",
        "Employment: full-time, part-time, contract, temporary or internship.",
        "Salary: optional; e.g. 180000-220000 USD/year or 95 USD/hour.",
        "Closes: the last day to apply, YYYY-MM-DD. Empty: open {open_days} days after Date.",
        "Filled: optional; yes, or the day the role was filled (YYYY-MM-DD). It then shows as filled.",
        "Apply: where candidates apply, an https:// address or mailto:someone@example.com.",
        "Tags: the listing's labels, separated by commas.",
        DRAFT_NOTE,
    ],
}
NOTES_INTRO = "Notes from make post: never shown on the site; delete them whenever you like."

BODIES = {
    "reflection": "Write what happened, what you felt and what you will try next.\n",
    "advice": (
        "Start with the question your reader is asking.\n\n"
        "## The short answer\n\n## Why it works this way\n\n## What to do\n\n"
        "## Frequently asked questions\n\n### A question readers ask?\n\nIts answer.\n"
    ),
    "job": (
        "## About the role\n\n## What you will do\n\n## What we are looking for\n\n"
        "## How to apply\n\nWhat happens after someone applies, and how long it takes.\n"
    ),
}


def comment(text: str) -> str:
    """A Markdown line no renderer shows: a link definition that nothing links to."""
    return f"[//]: # ({text})"


def render(
    kind: str,
    title: str,
    now: datetime.datetime,
    status: str,
    author: str = "",
    open_days: int = 30,
) -> tuple[str, str]:
    """The file name and text of a new post of this kind.

    `author`: the recruiter's name for a listing (JOBS_AUTHOR); `open_days`: how long
    a listing stays open (JOBS_OPEN_DAYS), for its Closes line.
    """
    folder, fields = KINDS[kind]
    # The same slug Pelican will give the post, so the file name matches its URL.
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    closes = (now.date() + datetime.timedelta(days=open_days)).isoformat()
    lines = [
        f"Title: {title}",
        f"Date: {now:%Y-%m-%d %H:%M}",
        f"Status: {status}",
        *(line.format(closes=closes, author=author) for line in fields),
    ]
    # No space at the end of an empty field: editors strip it anyway.
    header = "\n".join(line.rstrip() for line in lines)
    notes = [comment(NOTES_INTRO), *(comment(note.format(open_days=open_days)) for note in NOTES[kind])]
    return f"{folder}/{slug}.md", header + "\n\n" + "\n".join(notes) + "\n\n" + BODIES[kind]


def site_settings(path: Path) -> dict[str, Any]:
    """The settings file's own names (JOBS_AUTHOR, JOBS_OPEN_DAYS), or none without one."""
    if not path.exists():
        return {}
    return {name: value for name, value in runpy.run_path(str(path)).items() if name.isupper()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", required=True, help="reflection, advice or job")
    parser.add_argument("--title", required=True, help="the post's title")
    parser.add_argument("--content", default="content", help="the content folder")
    parser.add_argument("--status", default="draft", help="draft (default) or published")
    parser.add_argument("--settings", default="pelicanconf.py", help="the site's settings file")
    args = parser.parse_args(argv)

    if args.kind not in KINDS:
        print(f"KIND={args.kind!r} is not a kind; expected one of: {', '.join(KINDS)}", file=sys.stderr)
        return 2
    if not args.title.strip():
        print('TITLE is empty; expected e.g. make post KIND=reflection TITLE="Week one"', file=sys.stderr)
        return 2
    settings = site_settings(Path(args.settings))
    name, text = render(
        args.kind,
        args.title.strip(),
        datetime.datetime.now(),
        args.status,
        author=str(settings.get("JOBS_AUTHOR") or ""),
        open_days=int(settings.get("JOBS_OPEN_DAYS") or 30),
    )
    path = Path(args.content) / name
    if path.exists():
        print(f"{path} already exists; choose another TITLE or edit that file", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    hint = "; change it to published when it is ready" if args.status == "draft" else ""
    print(f"Created {path} (Status: {args.status}{hint})")
    if args.kind == "job":
        print("Fill in the fields the notes under them name (the build says which are still empty).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
