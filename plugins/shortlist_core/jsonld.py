"""JSON-LD that is safe inside a <script> element (pure)."""

from __future__ import annotations

import json
from typing import Any


def script_safe_json(data: dict[str, Any]) -> str:
    """JSON for inside <script>: no '<', '>' or '&' that could close the element
    or start a comment, and no line separators that old parsers choke on."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    for character, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
