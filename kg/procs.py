"""Child processes that end with the process that started them: a killed kg leaves none behind.

Light on purpose (the standard library only): a child calls it first thing, before anything is imported.
"""
from __future__ import annotations

import os
import signal
import sys

PR_SET_PDEATHSIG = 1

try:  # loaded here, in the parent, so that a forked child (a preexec_fn too) only makes the call
    if not sys.platform.startswith("linux"):
        raise OSError("not Linux")
    import ctypes

    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError, ImportError):
    _prctl = None


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process (SIGKILL) when its parent ends. Call it first thing in a
    child: as a pool's initializer (initializer=die_with_parent, initargs=(os.getpid(),)), as a
    subprocess's preexec_fn (functools.partial(die_with_parent, os.getpid())), or at the start of a
    Process's target. parent is the starting process's pid, read there before the start: when the
    parent already died before this call, the child ends at once. Without it, that race is not seen.

    On Linux "parent" is the thread that started the child: start children from a thread that lives
    as long as they do (the main thread). Elsewhere this does nothing."""
    if _prctl is None:
        return
    if _prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        return  # not allowed here (a sandbox): the child lives as it would have
    if parent is not None and os.getppid() != parent:
        os._exit(1)
