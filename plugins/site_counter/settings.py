"""site_counter settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # GoatCounter's count endpoint: "https://<code>.goatcounter.com/count", or your own
    # GoatCounter's "https://stats.example.com/count". Set, every page reports a view to
    # it and every Apply button a click (an event named apply:<listing path>); that
    # address is then the only other host the site's pages contact. "" counts nothing
    # and adds no script: the site makes no request to another host.
    "ANALYTICS_GOATCOUNTER": "",
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
