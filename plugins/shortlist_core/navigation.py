"""Which header link is current, for `aria-current` (pure; a Jinja filter)."""

from __future__ import annotations


def nav_state(link: str, output_file: str | None) -> str | None:
    """'page' when the link is this page, 'true' when this page is inside its section.

    `link` is a site-relative folder URL such as "reflections/"; `output_file` is
    the file Pelican is writing, such as "reflections/page/2/index.html".
    """
    if not output_file or not link:
        return None
    if output_file == f"{link}index.html":
        return "page"
    if output_file.startswith(link):
        return "true"
    return None
