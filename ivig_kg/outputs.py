"""Write a set of output files all-or-nothing, one writer per output folder at a time.

Every command that writes files (``build``, ``export``, ``viz``) goes through
:func:`write_atomically`, which, for the folders that receive files,

1. takes an exclusive ``fcntl.flock`` on ``<folder>/.ivig-kg.lock`` in each, in one fixed order
   so that writers of overlapping folders cannot deadlock; a busy folder is waited for, then
   :class:`OutputFolderBusy` is raised; the lock file is removed again when the lock is let go;
2. completes or discards what a killed writer left there (see :func:`recover_outputs`), and
   removes the ``.ivig-kg.*.tmp`` files that earlier versions could leave behind;
3. writes the new files into ``<folder>/.ivig-kg.staging/files/`` and syncs them to disk;
4. commits by renaming ``committed.json`` into the staging folder of the first folder: from that
   instant the new set wins, and whoever next writes into any of the folders finishes the job;
5. renames every staged file over its target, then removes the staging folders and the locks.

Where ``fcntl`` is missing (Windows), files are replaced one by one without these guarantees.
Design, guarantee and alternatives: docs/decisions/0005-atomic-outputs.md.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Collection, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_NAME = ".ivig-kg.lock"
STAGING_NAME = ".ivig-kg.staging"
#: Inside a staging folder: the staged files, which transaction they belong to, and the commit.
FILES_NAME = "files"
TRANSACTION_NAME = "transaction.json"
COMMITTED_NAME = "committed.json"
#: Seconds a writer waits for a busy folder; IVIG_KG_LOCK_TIMEOUT overrides it.
DEFAULT_TIMEOUT = 60.0
TIMEOUT_VARIABLE = "IVIG_KG_LOCK_TIMEOUT"
_POLL = 0.05
# Temporary files of earlier versions: "." + target name + "." + 8 tempfile characters + ".tmp".
_OLD_TEMP = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")


class OutputFolderBusy(OSError):
    """Another ivig-kg process kept an output folder locked for longer than the timeout."""

    def __init__(self, folder: Path, holder: str | None, timeout: float) -> None:
        who = f"another ivig-kg process (pid {holder})" if holder else "another ivig-kg process"
        super().__init__(
            errno.EBUSY,
            f"{who} is still writing there after {timeout:g} s of waiting; run again once it "
            f"has finished (or stop it), or wait longer with {TIMEOUT_VARIABLE}=SECONDS",
            str(folder),
        )


def write_atomically(texts: dict[Path, str], *, timeout: float | None = None) -> None:
    """Write every file, possibly in several folders, so that all or none of them change.

    A write that fails or is killed before its commit point leaves the previous files as they
    were; one killed after it is completed by the next write into any of its folders.
    Files get the permissions of a newly created file (0666 minus the umask).
    timeout: seconds to wait for a folder another writer holds (default: IVIG_KG_LOCK_TIMEOUT,
    else 60); then raise OutputFolderBusy.
    """
    if os.name != "posix":
        _write_file_by_file(texts)
        return
    plan = _plan(texts)
    if not plan:
        return
    with _locked(plan, _resolve_timeout(timeout)):
        for folder, files in plan.items():
            _remove_old_temp_files(folder, files)
            _refuse_directories_in_the_way(folder, files)
        _stage_and_commit(plan)


def recover_outputs(folder: Path, *, timeout: float | None = None) -> None:
    """Finish or discard an interrupted write into folder, as the next write would.

    After this, the files of every write that reached its commit point are in place, and what
    earlier writers left behind (staging folders, lock files, old temporary files) is gone.
    """
    real = Path(os.path.realpath(folder))
    if os.name != "posix" or not real.is_dir():
        return
    with _locked([real], _resolve_timeout(timeout)):
        _remove_old_temp_files(real, {})


def _plan(texts: dict[Path, str]) -> dict[Path, dict[str, str]]:
    """Group the texts by the real path of their folder, creating missing folders."""
    plan: dict[Path, dict[str, str]] = {}
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(os.path.realpath(path.parent))
        plan.setdefault(folder, {})[path.name] = text
    return plan


def _resolve_timeout(timeout: float | None) -> float:
    if timeout is not None:
        return timeout
    value = os.environ.get(TIMEOUT_VARIABLE, "")
    try:
        return float(value) if value.strip() else DEFAULT_TIMEOUT
    except ValueError:
        log.warning("ignoring %s=%r: not a number of seconds", TIMEOUT_VARIABLE, value)
        return DEFAULT_TIMEOUT


# --- locks -------------------------------------------------------------------------------------


def _lock_order(folders: Collection[Path]) -> list[Path]:
    """Return the folders once each (by device and inode), in the order every writer locks them."""
    by_identity: dict[tuple[int, int], Path] = {}
    for folder in folders:
        info = os.stat(folder)
        by_identity.setdefault((info.st_dev, info.st_ino), folder)
    return [by_identity[key] for key in sorted(by_identity)]


@contextmanager
def _locked(folders: Collection[Path], timeout: float) -> Iterator[None]:
    """Hold the locks of folders, and of every folder an interrupted write there also touched.

    Recovery of a committed write needs all of its folders; when leftovers name a folder not yet
    locked, every lock is released and the larger set is taken again in order.
    """
    wanted = set(folders)
    deadline = time.monotonic() + timeout
    while True:
        with ExitStack() as stack:
            for folder in _lock_order(wanted):
                stack.enter_context(_folder_lock(folder, deadline, timeout))
            leftovers = [found for folder in wanted if (found := _leftover(folder))]
            named = {f for found in leftovers if found.txn for f in found.txn.folders}
            needed = {f for f in named if f.is_dir()}  # a folder removed since has nothing to do
            if needed <= wanted:
                _recover(leftovers)
                yield
                return
        wanted |= needed


@contextmanager
def _folder_lock(folder: Path, deadline: float, timeout: float) -> Iterator[None]:
    fd = _acquire(folder / LOCK_NAME, deadline, timeout)
    try:
        yield
    finally:
        # Removed while still held; a waiter that then locks the removed file notices and retries.
        if _is_current(fd, folder / LOCK_NAME):
            os.unlink(folder / LOCK_NAME)
        os.close(fd)


def _acquire(lock_path: Path, deadline: float, timeout: float) -> int:
    """Return a descriptor holding the lock on lock_path; wait until deadline, then raise."""
    import fcntl  # POSIX only; write_atomically does not lock elsewhere

    announced = False
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or None
            os.close(fd)
            if time.monotonic() >= deadline:
                raise OutputFolderBusy(lock_path.parent, holder, timeout) from None
            if not announced:
                log.warning(
                    "waiting for another ivig-kg process%s writing to %s/ (up to %g s) ...",
                    f" (pid {holder})" if holder else "",
                    lock_path.parent,
                    timeout,
                )
                announced = True
            time.sleep(_POLL)
            continue
        except BaseException:
            os.close(fd)
            raise
        if _is_current(fd, lock_path):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            return fd
        os.close(fd)  # the holder removed this file as it let go: lock the new one


def _is_current(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


# --- staging, commit and roll-forward ---------------------------------------------------------


@dataclass(frozen=True)
class _Transaction:
    """One multi-file write: its id and its folders in lock order (the first one commits)."""

    id: str
    folders: tuple[Path, ...]

    @property
    def primary(self) -> Path:
        return self.folders[0]

    def record(self, folder: Path) -> str:
        """Return what folder's staging remembers: the id and every folder, relative to it."""
        return json.dumps(
            {"id": self.id, "folders": [os.path.relpath(f, folder) for f in self.folders]}
        )

    def is_committed(self) -> bool:
        record = _read_json(self.primary / STAGING_NAME / COMMITTED_NAME)
        return record is not None and record.get("id") == self.id


def _stage_and_commit(plan: dict[Path, dict[str, str]]) -> None:
    txn = _Transaction(secrets.token_hex(8), tuple(_lock_order(plan)))
    try:
        for folder in txn.folders:
            _stage(folder, plan[folder], txn)
        _commit(txn)
    except BaseException:
        _abandon(txn)
        raise
    _roll_forward(txn)


def _stage(folder: Path, files: dict[str, str], txn: _Transaction) -> None:
    staging = folder / STAGING_NAME
    os.mkdir(staging)
    os.mkdir(staging / FILES_NAME)
    _write_synced(staging / TRANSACTION_NAME, txn.record(folder))
    for name, text in files.items():
        _write_synced(staging / FILES_NAME / name, text)
    _sync_folder(staging / FILES_NAME)
    _sync_folder(staging)
    _sync_folder(folder)


def _commit(txn: _Transaction) -> None:
    """Decide the write, durably: the rename that creates committed.json is the commit point."""
    marker = txn.primary / STAGING_NAME / COMMITTED_NAME
    pending = marker.with_name(COMMITTED_NAME + ".tmp")
    _write_synced(pending, json.dumps({"id": txn.id}))
    os.replace(pending, marker)
    _sync_folder(marker.parent)


def _abandon(txn: _Transaction) -> None:
    """Undo a write that failed before its files moved: the commit record first, then the rest."""
    marker = txn.primary / STAGING_NAME / COMMITTED_NAME
    if marker.exists():
        marker.unlink()
        _sync_folder(marker.parent)
    for folder in txn.folders:
        shutil.rmtree(folder / STAGING_NAME, ignore_errors=True)


def _roll_forward(txn: _Transaction) -> None:
    """Move the staged files of a committed write into place, then forget the write."""
    mine = [f for f in txn.folders if (found := _transaction(f)) and found.id == txn.id]
    for folder in mine:
        staged = folder / STAGING_NAME / FILES_NAME
        for name in sorted(os.listdir(staged)):
            _move(staged / name, folder / name)
        _sync_folder(folder)
    # The primary's staging folder holds the commit record: it goes last.
    for folder in sorted(mine, key=lambda f: f == txn.primary):
        shutil.rmtree(folder / STAGING_NAME)


def _move(staged: Path, target: Path) -> None:
    os.replace(staged, target)


@dataclass(frozen=True)
class _Leftover:
    """A staging folder found in a locked folder: its write, and whether that was committed."""

    folder: Path
    txn: _Transaction | None  # None when its record is unreadable (cut short by a kill)
    committed: bool


def _leftover(folder: Path) -> _Leftover | None:
    if not (folder / STAGING_NAME).exists():
        return None
    txn = _transaction(folder)
    return _Leftover(folder, txn, txn is not None and txn.is_committed())


def _recover(leftovers: list[_Leftover]) -> None:
    """Roll committed writes forward, then discard the staging of uncommitted ones."""
    done: set[str] = set()
    for found in leftovers:
        if found.txn and found.committed and found.txn.id not in done:
            log.info("completing an interrupted write into %s", found.folder)
            _roll_forward(found.txn)
            done.add(found.txn.id)
    for found in leftovers:
        if (found.folder / STAGING_NAME).exists():
            log.info("discarding an unfinished write into %s", found.folder)
            shutil.rmtree(found.folder / STAGING_NAME)


def _transaction(folder: Path) -> _Transaction | None:
    record = _read_json(folder / STAGING_NAME / TRANSACTION_NAME)
    folders = record.get("folders") if record else None
    if record is None or not isinstance(folders, list) or not folders:
        return None
    return _Transaction(
        str(record.get("id")), tuple(Path(os.path.realpath(folder / str(f))) for f in folders)
    )


def _read_json(path: Path) -> dict[str, object] | None:
    """Return a small JSON record, or None when it is missing or was cut short by a kill."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None
    return record if isinstance(record, dict) else None


# --- files -------------------------------------------------------------------------------------


def _write_synced(path: Path, text: str) -> None:
    """Create path with the usual permissions (0666 minus the umask) and sync it to disk."""
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old_temp_files(folder: Path, files: Collection[str]) -> None:
    """Remove the temporary files killed writers of earlier versions left in folder."""
    for entry in os.scandir(folder):
        match = _OLD_TEMP.fullmatch(entry.name)
        if match and entry.is_file(follow_symlinks=False):
            name = match["name"]
            if name.startswith("ivig-kg") or name in files:
                os.unlink(entry.path)


def _refuse_directories_in_the_way(folder: Path, files: Collection[str]) -> None:
    """Fail before the commit point, not halfway through the renames, when a target is a folder."""
    for name in files:
        target = folder / name
        if target.is_dir() and not target.is_symlink():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))


def _write_file_by_file(texts: dict[Path, str]) -> None:
    """Replace each file through a temporary one: the fallback where flock is missing (Windows).

    Each file is whole, but a write stopped halfway can leave some files new and some old.
    """
    mask = os.umask(0)
    os.umask(mask)
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.chmod(name, 0o666 & ~mask)
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
