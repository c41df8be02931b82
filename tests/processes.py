"""Whether a process is gone, for the tests that kill print processes."""
from __future__ import annotations

from pathlib import Path


def gone(pid: int) -> bool:
    """No such process, or a zombie only waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status
