"""The one build date every plugin reads: today in UTC, or SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime
import os


def build_date(environ: dict[str, str] | None = None) -> datetime.date:
    """The day this build counts as "today".

    `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention)
    fixes it for tests and reproducible output; otherwise it is today in UTC, so a
    build in GitHub Actions and one on a laptop agree.
    """
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise ValueError(
                f"SOURCE_DATE_EPOCH: {epoch!r} is not a number; expected seconds since 1970-01-01"
            ) from None
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).date()
    return datetime.datetime.now(tz=datetime.UTC).date()
