"""Start a new post: `make post KIND=reflection|advice|job TITLE="..."`.

Like `hugo new` or jekyll-compose: writes a Markdown file with every field its
kind uses, filled in where it can be, into the kind's folder, and never
overwrites an existing file. Run with the project folder as the current folder.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

# The folder of each kind, and the metadata lines its template starts with.
# The folder of each kind, and the metadata lines its file starts with. Fields
# left empty are the author's to fill in; optional ones are explained in README.md.
KINDS: dict[str, tuple[str, list[str]]] = {
    "reflection": ("reflections", ["Tags: "]),
    "advice": ("advice", ["Tags: "]),
    "job": (
        "jobs",
        [
            "Company: ",
            "Location: ",
            "Remote: no",
            "Employment: full-time",
            "Salary: ",
            "Closes: {closes}",
            "Apply: ",
            "Tags: hiring",
        ],
    ),
}

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


def render(kind: str, title: str, now: datetime.datetime, status: str) -> tuple[str, str]:
    """The file name and text of a new post of this kind."""
    folder, fields = KINDS[kind]
    # The same slug Pelican will give the post, so the file name matches its URL.
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    closes = (now.date() + datetime.timedelta(days=30)).isoformat()
    lines = [
        f"Title: {title}",
        f"Date: {now:%Y-%m-%d %H:%M}",
        f"Status: {status}",
        *(line.format(closes=closes) for line in fields),
    ]
    return f"{folder}/{slug}.md", "\n".join(lines) + "\n\n" + BODIES[kind]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", required=True, help="reflection, advice or job")
    parser.add_argument("--title", required=True, help="the post's title")
    parser.add_argument("--content", default="content", help="the content folder")
    parser.add_argument("--status", default="draft", help="draft (default) or published")
    args = parser.parse_args(argv)

    if args.kind not in KINDS:
        print(f"KIND={args.kind!r} is not a kind; expected one of: {', '.join(KINDS)}", file=sys.stderr)
        return 2
    if not args.title.strip():
        print('TITLE is empty; expected e.g. make post KIND=reflection TITLE="Week one"', file=sys.stderr)
        return 2
    name, text = render(args.kind, args.title.strip(), datetime.datetime.now(), args.status)
    path = Path(args.content) / name
    if path.exists():
        print(f"{path} already exists; choose another TITLE or edit that file", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    hint = "; change it to published when it is ready" if args.status == "draft" else ""
    print(f"Created {path} (Status: {args.status}{hint})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
