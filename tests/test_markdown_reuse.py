"""A reading worker's one Markdown instance, renewed for each file
(shortlist_parallel/markdown_reuse.py), reads every file as a new instance does:
Pelican's own MarkdownReader, file after file, with extensions that keep state
between documents (footnotes and their unique ids, abbreviations, the table of
contents, metadata, whose preprocessor Pelican removes before the Summary)."""

from __future__ import annotations

import copy
import logging
import sys
from pathlib import Path

import pelican.readers
import pytest
from conftest import ROOT
from markdown import Markdown
from pelican.settings import DEFAULT_CONFIG

sys.path.insert(0, str(ROOT / "plugins"))
from shortlist_parallel.markdown_reuse import ReusedMarkdown, Snapshot

DOCUMENTS = [
    "Title: One\nSummary: A *summary* with a note[^s].\n\n[^s]: In the summary.\n\n"
    "# Heading\n\nText[^1] and HTML.\n\n*[HTML]: Hyper Text\n\n[^1]: First note.\n",
    "Title: Two\n\n# Heading\n\n# Heading\n\nNo notes, but HTML again.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Title: Three\nTags: x, y\n\n```python\nprint('hi')\n```\n\nTerm\n:   Definition\n\nA[^1] B[^2]\n\n"
    "[^1]: One.\n[^2]: Two.\n",
    "No metadata at all, a [link][ref] defined in an earlier file? No: [ref] is not.\n\n[here]: /x\n",
    '<div markdown="1">\n*inside*\n</div>\n\n{: .cls }\nA paragraph.\n{: #pid }\n',
    "Title: Six\nSummary: Second summary[^s].\n\n[^s]: Again.\n\nBody[^1].\n\n[^1]: Note.\n",
]

CONFIGS = {
    "kit": copy.deepcopy(DEFAULT_CONFIG["MARKDOWN"])
    | {
        "extension_configs": {
            "markdown.extensions.codehilite": {"css_class": "highlight"},
            "markdown.extensions.extra": {},
            "markdown.extensions.meta": {},
            "markdown.extensions.toc": {"permalink": False},
        }
    },
    "unique footnote ids": {
        "extension_configs": {
            "markdown.extensions.extra": {"footnotes": {"UNIQUE_IDS": True}},
            "markdown.extensions.meta": {},
            "markdown.extensions.toc": {"permalink": True},
        },
        "output_format": "html5",
    },
}


def read_all(folder: Path, config: dict, markdown: object) -> list[tuple[str, str]]:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["MARKDOWN"] = copy.deepcopy(config)
    settings["FORMATTED_FIELDS"] = ["summary"]
    reader = pelican.readers.MarkdownReader(settings)
    pelican.readers.Markdown = markdown
    try:
        results = []
        for round_ in range(2):  # the same files again: nothing may carry over
            for index in range(len(DOCUMENTS)):
                content, metadata = reader.read(str(folder / f"{index}.md"))
                results.append((content, repr(sorted((k, str(v)) for k, v in metadata.items())), round_))
        return results
    finally:
        pelican.readers.Markdown = Markdown


@pytest.mark.parametrize("config", list(CONFIGS), ids=list(CONFIGS))
def test_a_renewed_instance_reads_as_a_new_one(tmp_path: Path, config: str) -> None:
    for index, text in enumerate(DOCUMENTS):
        (tmp_path / f"{index}.md").write_text(text, encoding="utf-8")
    reused = ReusedMarkdown()
    fresh = read_all(tmp_path, CONFIGS[config], Markdown)
    renewed = read_all(tmp_path, CONFIGS[config], reused)
    assert reused.built == 1 and reused.renewed == 2 * len(DOCUMENTS) - 1
    for expected, got in zip(fresh, renewed, strict=True):
        assert got == expected
    # The documents do what they are here for: footnotes, an abbreviation, a summary.
    assert 'class="footnote"' in fresh[0][0]
    assert "<abbr" in fresh[0][0] and "summary" in fresh[0][1]
    assert "<abbr" not in fresh[1][0]  # an abbreviation is the file's own


@pytest.mark.parametrize("config", list(CONFIGS), ids=list(CONFIGS))
def test_restored_the_instance_holds_what_it_held_when_new(config: str) -> None:
    """Restored after documents, the instance holds the very objects it held when new,
    each holding the same; what the snapshot does not follow holds nothing that changes
    (compiled patterns, functions, classes: a class's own attributes a new instance
    would share alike)."""
    md = Markdown(**CONFIGS[config])
    snapshot = Snapshot(md)
    names = {kind.__name__ for kind in snapshot.not_followed}
    assert names <= {"Pattern", "function", "type", "method", "builtin_function_or_method"}, names
    for text in DOCUMENTS:
        md.convert(text)
        md.preprocessors.deregister("meta", strict=False)  # as Pelican does
        md.reset()
        md.convert(text)
    snapshot.restore()
    again = Snapshot(md)

    def identities(kept: dict) -> dict:
        """Each object's attributes, each container's items: which objects they are."""
        found = {}
        for key, (thing, held) in kept.items():
            if isinstance(held, dict):
                found[key] = {name: id(value) for name, value in held.items()}
            elif isinstance(thing, dict):
                found[key] = [(id(k), id(v)) for k, v in held]
            else:
                found[key] = [id(value) for value in held]
        return found

    assert again.attributes.keys() == snapshot.attributes.keys()
    assert identities(again.attributes) == identities(snapshot.attributes)
    assert again.contents.keys() == snapshot.contents.keys()
    assert identities(again.contents) == identities(snapshot.contents)


HOLDING_A_LOGGER = """
import logging
from markdown import Extension

class Holding(Extension):
    def extendMarkdown(self, md):
        md.held = logging.getLogger("held")  # shared with the rest of the process

def makeExtension(**kwargs):
    return Holding(**kwargs)
"""


def test_other_settings_or_extension_objects_get_a_new_instance(tmp_path: Path, monkeypatch) -> None:
    from markdown.extensions.toc import TocExtension

    reused = ReusedMarkdown()
    first = reused(extensions=["markdown.extensions.toc"])
    assert reused(extensions=["markdown.extensions.toc"]) is first
    assert reused(extensions=["markdown.extensions.meta"]) is not first
    by_object = reused(extensions=[TocExtension()])
    assert reused(extensions=[TocExtension()]) is not by_object
    # An instance holding what is not Markdown's (a logger) is not put back: new each time.
    (tmp_path / "holding_a_logger.py").write_text(HOLDING_A_LOGGER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    holding = reused(extensions=["holding_a_logger"])
    assert reused(extensions=["holding_a_logger"]) is not holding
    assert logging.Logger in Snapshot(holding).foreign  # and all it leads to
