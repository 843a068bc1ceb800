"""A deterministic corpus of N posts in Shortlist's own content layout, for `make bench`.

The same seed and N always give byte-identical files, so runs (and machines) can be
compared. The mix is a real site's: mostly reflections, then advice articles with
FAQ sections, then job listings (open, closed, filled), about 600 words each, 1-3 of
20 labels, and a couple of drafts. `--labels N` allows up to N labels a post: up to 20
from the same 20; beyond, from a larger vocabulary drawn as a long-running blog's are
(Blogger blogs carry 20-40 a post), so related reading has real work to do.
"""

from __future__ import annotations

import datetime
import itertools
import random
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify


def slugify(title: str) -> str:
    """The slug Pelican gives a title, so the analytics paths match the posts."""
    return pelican_slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


TAGS = [
    "interviews", "applications", "portfolio", "rejection", "networking", "mindset", "offers",
    "hiring", "referrals", "salary", "remote-work", "recruiters", "cover-letters", "resumes",
    "career-change", "burnout", "feedback", "take-home", "negotiation", "references",
]  # fmt: skip

LABELS = 3  # the most labels a post gets, by default


def pick_labels(rng: random.Random, most: int) -> list[str]:
    """1 to `most` labels. Up to 20, drawn from TAGS as the default corpus always was (so
    it stays byte-identical). Beyond, from TAGS and "topic NNN" labels, 5 x `most` in
    all, Zipf-like (a few labels on many posts, most on a few), plus "job search" on
    almost every post: the label that would make related reading walk every post."""
    count = rng.randint(1, most)
    if most <= len(TAGS):
        return rng.sample(TAGS, count)
    vocabulary = TAGS + [f"topic {n:03d}" for n in range(5 * most - len(TAGS))]
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(vocabulary) + 1)))
    labels = {"job search"} if rng.random() < 0.95 else set()
    while len(labels) < count:
        labels.add(rng.choices(vocabulary, cum_weights=weights)[0])
    return sorted(labels)


WORDS = [
    "the",
    "a",
    "we",
    "I",
    "you",
    "it",
    "this",
    "that",
    "team",
    "role",
    "call",
    "week",
    "plan",
    "offer",
    "panel",
    "hiring",
    "manager",
    "recruiter",
    "screen",
    "interview",
    "final",
    "round",
    "portfolio",
    "case",
    "study",
    "feedback",
    "question",
    "answer",
    "story",
    "decision",
    "project",
    "design",
    "research",
    "product",
    "engineer",
    "lead",
    "salary",
    "range",
    "remote",
    "office",
    "hybrid",
    "contract",
    "referral",
    "colleague",
    "network",
    "email",
    "follow",
    "up",
    "thank",
    "note",
    "careful",
    "honest",
    "clear",
    "specific",
    "small",
    "large",
    "early",
    "late",
    "quick",
    "slow",
    "quiet",
    "busy",
    "hopeful",
    "tired",
    "learned",
    "tried",
    "wrote",
    "asked",
    "said",
    "heard",
    "sent",
    "waited",
    "started",
    "finished",
    "changed",
    "kept",
    "built",
    "shipped",
    "measured",
    "tested",
    "listened",
    "prepared",
    "practised",
    "rehearsed",
    "explained",
    "described",
    "because",
    "although",
    "while",
    "after",
    "before",
    "during",
    "until",
    "since",
    "when",
    "where",
    "why",
    "how",
    "what",
    "about",
    "around",
    "between",
    "through",
    "without",
    "within",
    "across",
    "against",
    "toward",
    "under",
    "over",
]

START = datetime.datetime(2020, 1, 6, 8, 0)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    text = " ".join(words)
    # A few quotes and dashes so Typogrify has the work it has on real posts.
    if rng.random() < 0.2:
        text = f'"{text}"'
    if rng.random() < 0.1:
        text = text.replace(" ", " -- ", 1)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def body(rng: random.Random, words: int = 600, faq: bool = False) -> str:
    parts: list[str] = []
    count = 0
    section = 0
    while count < words:
        if count and rng.random() < 0.25:
            section += 1
            parts.append(f"## Part {section}: {rng.choice(WORDS)} and {rng.choice(WORDS)}")
        text = paragraph(rng)
        parts.append(text)
        count += len(text.split())
    if faq:
        parts.append("## Frequently asked questions")
        for _ in range(3):
            parts.append(f"### {sentence(rng)[:-1]}?")
            parts.append(paragraph(rng))
    return "\n\n".join(parts) + "\n"


def header(fields: dict[str, str]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields.items()) + "\n"


def write_analytics(content: Path, urls: list[str], rng: random.Random) -> None:
    """A GoatCounter-style export: about 20 pageviews a post over the last 60 days,
    most of them on a few posts, as real traffic is."""
    newest = datetime.datetime(2026, 11, 28)
    with (content / "analytics" / "goatcounter.csv").open("w", encoding="utf-8") as out:
        out.write(
            "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,"
            "Screen size,Location,FirstVisit,Date\n"
        )
        for row in range(len(urls) * 20):
            url = urls[min(int(rng.paretovariate(1.1)) - 1, len(urls) - 1)]
            when = newest - datetime.timedelta(minutes=rng.randrange(60 * 24 * 60))
            out.write(
                f"/{url}?utm_source=feed,,false,Mozilla/5.0,Firefox,Linux,{row:x},0,,,,,false,"
                f"{when:%Y-%m-%dT%H:%M:%SZ}\n"
            )


def generate(target: Path, posts: int, seed: int = 2026, labels: int = LABELS) -> Path:
    """Write the corpus under target/content and return that folder; `labels`: the most
    labels a post gets."""
    rng = random.Random(seed)
    content = target / "content"
    for folder in ("reflections", "advice", "jobs", "pages", "analytics"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (content / "pages" / "about.md").write_text(
        header({"Title": "About", "Slug": "about"}) + body(rng, 150), encoding="utf-8"
    )
    urls: list[str] = []
    for number in range(posts):
        when = START + datetime.timedelta(hours=7 * number)
        title = f"{sentence(rng)[:-1][:60].strip()} {number}"
        fields = {
            "Title": title,
            "Date": when.strftime("%Y-%m-%d %H:%M"),
            "Tags": ", ".join(pick_labels(rng, labels)),
            "Summary": sentence(rng),
        }
        if number in (posts // 3, (2 * posts) // 3):
            fields["Status"] = "draft"
        roll = rng.random()
        if roll < 0.70:
            folder, text = "reflections", body(rng)
        elif roll < 0.90:
            folder, text = "advice", body(rng, faq=True)
        else:
            folder = "jobs"
            state = rng.choice(["open", "closed", "filled"])
            posted = when.date()
            fields.update(
                {
                    "Company": f"Company {number}",
                    "Location": rng.choice(["Chicago, IL", "Denver, CO", "Austin, TX"]),
                    "Remote": rng.choice(["no", "hybrid"]),
                    "Employment": rng.choice(["full-time", "contract"]),
                    "Salary": "120000-150000 USD/year",
                    "Closes": (
                        "2099-12-31"
                        if state == "open"
                        else (posted + datetime.timedelta(days=30)).isoformat()
                    ),
                    "Apply": f"https://jobs.example.com/{number}",
                }
            )
            if state == "filled":
                fields["Filled"] = "yes"
            text = body(rng, 300)
        (content / folder / f"post-{number:05d}.md").write_text(header(fields) + text, encoding="utf-8")
        urls.append(f"{folder}/{slugify(title)}/")
    write_analytics(content, urls, rng)
    return content
