"""Writing the Pagefind index of a built site (no Pelican).

Pagefind (PyPI `pagefind`, with the binary of `pagefind-bin-extended` inside its
wheel, so nothing is downloaded) reads every HTML file of the output folder and keeps
what the theme marked `data-pagefind-body`: the title, the facts of a listing and the
text of each published post, listing and page. Pages without the mark (lists, label
pages, the jobs board, drafts, hidden posts, closed listings) are left out, as soon as
one page of the site has it; `write_index` is only called when one does.

The bundle (the index, pagefind.js and the search page's pagefind-ui.js and .css) is
written into a new folder beside the old one and then put in its place, so a rebuild
leaves no file of an older index behind (Pagefind's own writer only adds files) and a
server that serves the folder meanwhile (the devserver) never sees half an index.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

BUNDLE_FOLDER = "pagefind"
"""Where the bundle goes in the output folder, as the search page's template expects."""


class IndexNotWritten(Exception):
    """Pagefind could not be started or failed; the message says why."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    """The HTML files Pagefind read (it keeps only the marked ones)."""
    bytes_on_disk: int
    """The whole bundle: index, fragments, filters and the scripts and styles."""


async def _index(site: Path, bundle: Path) -> int:
    # Imported here, so a site built without search never needs the package.
    from pagefind.index import IndexConfig, PagefindIndex

    # Leaving the context writes the files to output_path (an absolute path is used as is).
    async with PagefindIndex(IndexConfig(output_path=str(bundle))) as index:
        indexed = await index.add_directory(str(site))
    return int(indexed.get("page_count", 0))


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def replace_folder(new: Path, target: Path) -> None:
    """Put `new` where `target` is, with the two renames as close together as can be."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_index(site: Path, bundle_folder: str = BUNDLE_FOLDER) -> IndexSummary:
    """Index the built site in `site` into `site/bundle_folder`, replacing any index there."""
    site = site.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{bundle_folder}-new-", dir=site))
    try:
        try:
            pages = asyncio.run(_index(site, staging / bundle_folder))
        except ImportError as error:
            raise IndexNotWritten(
                f"the pagefind package is not installed ({error}); run `make html` or "
                "`.venv/bin/pip install -r requirements.txt`"
            ) from error
        except FileNotFoundError as error:
            raise IndexNotWritten(f"Pagefind's program was not found ({error})") from error
        except Exception as error:  # Pagefind reports its failures as plain Exceptions
            raise IndexNotWritten(f"Pagefind failed: {error}") from error
        written = staging / bundle_folder
        if not (written / "pagefind.js").is_file():
            raise IndexNotWritten(f"Pagefind wrote no pagefind.js into {written}")
        replace_folder(written, site / bundle_folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return IndexSummary(pages, folder_size(site / bundle_folder))
