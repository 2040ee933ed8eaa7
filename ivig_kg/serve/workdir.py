"""The temporary folder that holds a server's store, and the removal of folders left behind.

A folder is named ``ivig-kg-serve-<pid>-<random>`` and its owner holds an exclusive lock on
``owner.lock`` inside it for as long as it runs. The kernel drops the lock when the owner dies,
also on SIGKILL, so the next server to start removes a folder whose owner process is gone and
whose lock is free. Both conditions must hold: the pid alone could belong to a process in
another PID namespace that shares /tmp, and the lock alone is not taken yet in the moment
between creating a folder and locking it.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "ivig-kg-serve-"
LOCK_NAME = "owner.lock"
_NAME = re.compile(rf"{re.escape(PREFIX)}([0-9]+)-[0-9a-f]+", re.ASCII)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _lock_is_free(folder: Path) -> bool:
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return True  # the owner died before it could take the lock
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def remove_stale(base: Path) -> list[Path]:
    """Remove the folders in base whose owner is dead; return them.

    Only folders named by this module, owned by this user, with no live owner process and a free
    lock are touched; anything else is left alone.
    """
    removed: list[Path] = []
    try:
        candidates = list(base.glob(f"{PREFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        named = _NAME.fullmatch(folder.name)
        if named is None or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            if folder.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        if _alive(int(named[1])) or not _lock_is_free(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        log.info("removed %s, left behind by a server that was killed", folder)
        removed.append(folder)
    return removed


class Workdir:
    """A private temporary folder, locked by this process until :meth:`remove`.

    The constructor only chooses the name; :meth:`create` makes the folder. Hold the object
    before calling it, so that an interrupt at any moment after ``mkdir`` still finds the folder
    to remove.
    """

    def __init__(self, base: str | Path | None = None) -> None:
        self.root = Path(base) if base is not None else Path(tempfile.gettempdir())
        self.path = self._new_name()
        self._lock: int | None = None

    def _new_name(self) -> Path:
        return self.root / f"{PREFIX}{os.getpid()}-{secrets.token_hex(8)}"

    def create(self) -> Path:
        """Remove stale folders, then create and lock this one; return its path."""
        remove_stale(self.root)
        while True:
            try:
                self.path.mkdir(mode=0o700)
                break
            except FileExistsError:
                self.path = self._new_name()
        self._lock = os.open(self.path / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return self.path

    def remove(self) -> None:
        """Release the lock and delete the folder; idempotent."""
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock)
            self._lock = None
        shutil.rmtree(self.path, ignore_errors=True)
