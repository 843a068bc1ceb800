"""How many CPUs this process may really use (pure apart from reading /proc and /sys).

`os.cpu_count()` counts the host's CPUs. A container or CI runner usually may use
fewer: its affinity mask (taskset, cpuset) and its cgroup CPU quota (Docker's
`--cpus`, Kubernetes limits) both cap it. Starting more workers than that only makes
them take turns, with the memory of each.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from pathlib import Path


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def cgroup_cpu_limit(read: Callable[[str], str | None] = _read) -> float | None:
    """The CPU quota of this process's cgroup (v2 `cpu.max`, else v1 CFS), in CPUs.

    None when there is no limit or it cannot be read. In cgroup v2 every ancestor
    may set its own `cpu.max`; the tightest one counts.
    """
    limits: list[float] = []
    membership = read("/proc/self/cgroup") or ""
    for line in membership.splitlines():
        hierarchy, path = _split(line)
        if hierarchy == "" and path:  # cgroup v2: "0::/path"
            folder = path.rstrip("/")
            while True:
                quota = _v2_limit(read(f"/sys/fs/cgroup{folder}/cpu.max"))
                if quota is not None:
                    limits.append(quota)
                if not folder:
                    break
                folder = folder.rsplit("/", 1)[0]
        elif "cpu" in hierarchy.split(","):  # cgroup v1: "4:cpu,cpuacct:/path"
            for base in ("/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"):
                folder = f"{base}{path.rstrip('/')}"
                quota = _v1_limit(read(f"{folder}/cpu.cfs_quota_us"), read(f"{folder}/cpu.cfs_period_us"))
                if quota is not None:
                    limits.append(quota)
                    break
    return min(limits) if limits else None


def _split(line: str) -> tuple[str, str]:
    """'4:cpu,cpuacct:/docker/abc' -> ('cpu,cpuacct', '/docker/abc')."""
    parts = line.split(":", 2)
    return (parts[1], parts[2]) if len(parts) == 3 else ("-", "")


def _v2_limit(text: str | None) -> float | None:
    if not text:
        return None
    quota, _, period = text.partition(" ")
    if quota == "max" or not period:
        return None
    try:
        return int(quota) / int(period)
    except (ValueError, ZeroDivisionError):
        return None


def _v1_limit(quota: str | None, period: str | None) -> float | None:
    try:
        q, p = int(quota or ""), int(period or "")
    except ValueError:
        return None
    return q / p if q > 0 and p > 0 else None


def usable_cpus(read: Callable[[str], str | None] = _read) -> int:
    """CPUs allowed by the affinity mask, capped by the cgroup quota (rounded up)."""
    try:
        allowed = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        allowed = os.cpu_count() or 1
    limit = cgroup_cpu_limit(read)
    if limit is not None:
        allowed = min(allowed, max(1, math.ceil(limit)))
    return max(1, allowed)


def thread_count(read: Callable[[str], str | None] = _read) -> int:
    """Threads in this process as the OS counts them (Python's own and native ones:
    a file watcher's or an HTTP server's). 1 where it cannot be told."""
    for line in (read("/proc/self/status") or "").splitlines():
        if line.startswith("Threads:"):
            try:
                return int(line.split()[1])
            except (IndexError, ValueError):
                break
    return threading.active_count()
