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

from pelican.utils import slugify

# The folder of each kind, and the metadata lines its template starts with.
KINDS: dict[str, tuple[str, list[str]]] = {
    "reflection": ("reflections", ["Tags: ", "Summary: "]),
    "advice": ("advice", ["Tags: ", "Summary: "]),
    "job": (
        "jobs",
        [
            "Company: ",
            "# Company-url: https://",
            "Location: ",
            "Remote: no",
            "# Remote-region: US",
            "Employment: full-time",
            "# Salary: 90000-110000 USD/year",
            "Closes: {closes}",
            "Apply: https://",
            "Tags: hiring",
            "Summary: ",
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
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])
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
    print(f"Created {path} (Status: {args.status}; change it to published when it is ready)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
