"""All-or-nothing outputs: a kill at any point leaves the old or the new complete set.

The old set is a real build of a copy of data/, the new set a real build of a copy whose dataset
title differs, so every output file tells the two apart. After each kill the folders must hold
the old set, the new set, or (only between the commit point and the next write) a committed
write that recovery completes; after recovery, exactly one complete set and nothing else.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import IN_CI, REPO

from ivig_kg import outputs
from ivig_kg.export.rdf import OutputFolderBusy, recover_outputs, write_atomically
from ivig_kg.pipeline import Inputs, build

NAMES: tuple[str, ...] = ("ivig-kg.jsonld", "ivig-kg.nt", "ivig-kg.ttl")
STRACE = shutil.which("strace")
# No .pyc writes in the children: they would add rename calls and shift strace's count.
CHILD_ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

# A child process that writes the sets through ivig_kg.outputs; its one argument is JSON.
DRIVER = r"""
import json, sys, time
from pathlib import Path
from ivig_kg import outputs

args = json.loads(sys.argv[1])

def texts(ref):
    return {Path(f) / n: (Path(ref) / n).read_bytes().decode("utf-8") for f, n in args["targets"]}

if args["mode"] == "once":
    outputs.write_atomically(texts(args["new"]))
elif args["mode"] == "loop":
    sets = [texts(args["new"]), texts(args["old"])]
    count = 0
    while True:
        outputs.write_atomically(sets[count % 2])
        count += 1
        if count == 1:
            print("ready", flush=True)
else:  # "paused-cli": run the command, stopping once right after the first file moved
    real_move = outputs._move
    flags = Path(args["flags"])

    def move(staged, target):
        real_move(staged, target)
        outputs._move = real_move
        (flags / "paused").touch()
        deadline = time.monotonic() + 120
        while not (flags / "go").exists() and time.monotonic() < deadline:
            time.sleep(0.02)

    outputs._move = move
    from ivig_kg.cli import main
    main(args["argv"], prog_name="ivig-kg")
"""


@dataclass(frozen=True)
class Sets:
    """Two complete builds that differ in every file, and the data each was built from."""

    old_data: Path
    new_data: Path
    old: dict[str, bytes]
    new: dict[str, bytes]


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> Sets:
    root = tmp_path_factory.mktemp("sets")
    old_data, new_data = root / "data-old", root / "data-new"
    shutil.copytree(REPO / "data", old_data)
    shutil.copytree(REPO / "data", new_data)
    dataset = new_data / "dataset.yaml"
    text, count = re.subn(r"(?m)^title: (.+)$", r"title: \1 (next release)", dataset.read_text())
    assert count == 1, "data/dataset.yaml has no title line to change"
    dataset.write_text(text)
    found: dict[str, dict[str, bytes]] = {}
    for label, data in (("old", old_data), ("new", new_data)):
        build(root / label, Inputs(data_dir=data))
        found[label] = {name: (root / label / name).read_bytes() for name in NAMES}
    assert all(found["old"][name] != found["new"][name] for name in NAMES)
    return Sets(old_data, new_data, found["old"], found["new"])


# --- helpers -----------------------------------------------------------------------------------

Layout = Mapping[Path, tuple[str, ...]]  # folder -> the output names it receives


def fill(layout: Layout, files: dict[str, bytes]) -> None:
    for folder, names in layout.items():
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            (folder / name).write_bytes(files[name])


def state(layout: Layout, sets: Sets) -> str:
    """Return "old" or "new" when every file holds that set, else "mixed"."""
    seen = {
        (folder, name): (folder / name).read_bytes() for folder in layout for name in layout[folder]
    }
    for label, files in (("old", sets.old), ("new", sets.new)):
        if all(data == files[name] for (_, name), data in seen.items()):
            return label
    return "mixed"


def commit_pending(folders: Iterable[Path]) -> bool:
    return any((f / outputs.STAGING_NAME / outputs.COMMITTED_NAME).exists() for f in folders)


def assert_guarantee_before_recovery(layout: Layout, sets: Sets, what: str) -> None:
    """What a reader outside ivig-kg may see between a kill and the next write."""
    seen = state(layout, sets)
    assert seen != "mixed" or commit_pending(layout), f"{what}: a mix with no commit to finish"


def assert_recovered(layout: Layout, sets: Sets, what: str) -> str:
    """Recover through the first folder: all folders must then hold one complete set.

    A killed writer's lock file stays in a folder until the next write there; the others must
    then be gone too.
    """
    recover_outputs(next(iter(layout)))
    seen = state(layout, sets)
    assert seen in {"old", "new"}, f"{what}: {seen} after recovery"
    for folder, names in layout.items():
        recover_outputs(folder)
        assert sorted(os.listdir(folder)) == sorted(names), f"{what}: leftovers in {folder}"
    return seen


def driver(args: Mapping[str, object]) -> list[str]:
    return [sys.executable, "-c", DRIVER, json.dumps(args)]


def targets(layout: Layout) -> list[tuple[str, str]]:
    return [(str(folder), name) for folder, names in layout.items() for name in names]


def strace() -> str:
    """Return strace's path; skip locally with a reason, fail under CI=true, when it cannot run."""
    reason = "strace is not installed (apt-get install -y strace)"
    if STRACE:
        probe = subprocess.run([STRACE, "-f", "-qq", "-o", "/dev/null", "true"], check=False)
        if probe.returncode == 0:
            return STRACE
        reason = "strace cannot trace here (ptrace is not permitted)"
    if IN_CI:
        pytest.fail(f"{reason}; .ci/run must provide it")
    pytest.skip(reason)


def kill_at(tracer: str, syscall: str, n: int) -> list[str]:
    """strace options that SIGKILL the process on entry to its n-th call of syscall."""
    return [
        tracer,
        "-f",
        "-qq",
        "-o",
        "/dev/null",
        "-e",
        f"trace={syscall}",
        "-e",
        f"inject={syscall}:signal=KILL:when={n}",
    ]


def run_all(commands: list[list[str]], timeout: float = 180) -> list[tuple[int, str]]:
    """Run the commands side by side, to save time; return each exit code and stderr."""
    procs = [
        subprocess.Popen(cmd, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for cmd in commands
    ]
    results = []
    for proc in procs:
        stderr = proc.communicate(timeout=timeout)[1].decode(errors="replace")
        results.append((proc.returncode, stderr))
    return results


# --- kills -------------------------------------------------------------------------------------


def test_a_build_killed_in_any_rename_leaves_one_complete_set(sets: Sets, tmp_path: Path) -> None:
    # rename 1 is the commit point, 2 and 3 move the first files into place.
    tracer = strace()
    layouts = {n: {tmp_path / f"out-{n}": NAMES} for n in (1, 2, 3)}
    for layout in layouts.values():
        fill(layout, sets.old)
    commands = [
        [*kill_at(tracer, "rename", n), sys.executable, "-m", "ivig_kg", "build"]
        + ["--data", str(sets.new_data), "--out", str(next(iter(layout)))]
        for n, layout in layouts.items()
    ]
    for (n, layout), (code, stderr) in zip(layouts.items(), run_all(commands), strict=True):
        assert code == -signal.SIGKILL, f"rename {n}: not killed (exit {code}): {stderr}"
        assert_guarantee_before_recovery(layout, sets, f"rename {n}")

    # Killed before the commit: the old set; after it: the new one.
    assert assert_recovered(layouts[1], sets, "rename 1") == "old"
    assert assert_recovered(layouts[2], sets, "rename 2") == "new"

    # Killed between two moves: the next build completes that write, then makes its own, and
    # leaves nothing else behind.
    out = tmp_path / "out-3"
    assert state(layouts[3], sets) == "mixed"
    (out / ".ivig-kg.nt.k1ll3d0k.tmp").write_text("left by an older version\n")
    build(out, Inputs(data_dir=sets.old_data))
    assert state(layouts[3], sets) == "old"
    assert sorted(os.listdir(out)) == sorted(NAMES)


# Points in a write of three files into one folder and the packaged N-Triples copy into another,
# from taking the second lock to letting the last one go; ``rename`` 1 is the commit point.
KILL_POINTS = [
    ("flock", 2),  # second lock taken
    ("unlink", 1),  # an older version's temporary file removed
    ("mkdir", 7),  # second staging folder
    ("fsync", 7),  # first folder staged
    ("fsync", 13),  # the commit record, written but not yet renamed
    ("rename", 1),
    ("fsync", 14),  # committed, nothing moved yet
    ("rename", 2),
    ("rename", 3),
    ("rename", 4),
    ("rename", 5),  # the last file
    ("fsync", 16),
    ("unlinkat", 1),  # cleaning up the staging folders
    ("unlinkat", 3),
    ("rmdir", 2),
    ("unlink", 3),  # letting the last lock go
]


def test_a_two_folder_write_killed_at_any_syscall_is_all_or_nothing(
    sets: Sets, tmp_path: Path
) -> None:
    tracer = strace()
    layouts: dict[tuple[str, int], Layout] = {}
    commands = []
    for syscall, n in KILL_POINTS:
        case = tmp_path / f"{syscall}-{n}"
        layout = {case / "dist": NAMES, case / "graph": ("ivig-kg.nt",)}
        fill(layout, sets.old)
        (case / "dist" / ".ivig-kg.ttl.abcd1234.tmp").write_text("left by an older version\n")
        layouts[(syscall, n)] = layout
        args = {"mode": "once", "new": str(tmp_path / "new"), "targets": targets(layout)}
        commands.append([*kill_at(tracer, syscall, n), *driver(args)])
    fill({tmp_path / "new": NAMES}, sets.new)
    outcomes = {}
    for (point, killed), (code, stderr) in zip(layouts.items(), run_all(commands), strict=True):
        assert code in {0, -signal.SIGKILL}, f"{point}: exit {code}: {stderr}"
        assert_guarantee_before_recovery(killed, sets, str(point))
        outcomes[point] = assert_recovered(killed, sets, str(point))
    assert set(outcomes.values()) == {"old", "new"}, outcomes


def test_writes_killed_at_random_moments_leave_one_complete_set(sets: Sets, tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    layout = {tmp_path / "dist": NAMES, tmp_path / "graph": ("ivig-kg.nt",)}
    fill({tmp_path / "old": NAMES}, sets.old)
    fill({tmp_path / "new": NAMES}, sets.new)
    fill(layout, sets.old)
    args = {"mode": "loop", "old": str(tmp_path / "old"), "new": str(tmp_path / "new")}
    interrupted = 0
    for attempt in range(12):
        what = f"seed {seed}, kill {attempt}"
        proc = subprocess.Popen(
            driver({**args, "targets": targets(layout)}), env=CHILD_ENV, stdout=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n", what
        time.sleep(rng.uniform(0.0, 0.08))
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        interrupted += any(sorted(os.listdir(f)) != sorted(n) for f, n in layout.items())
        assert_guarantee_before_recovery(layout, sets, what)
        assert_recovered(dict(reversed(layout.items())) if attempt % 2 else layout, sets, what)
    assert interrupted, f"seed {seed}: no kill landed inside a write"


# --- two writers -------------------------------------------------------------------------------


def test_a_second_writer_waits_for_a_paused_build_or_fails_clearly(
    sets: Sets, tmp_path: Path
) -> None:
    out, flags = tmp_path / "dist", tmp_path / "flags"
    flags.mkdir()
    layout = {out: NAMES}
    fill(layout, sets.old)
    first_argv = ["build", "--data", str(sets.new_data), "--out", str(out)]
    first = subprocess.Popen(
        driver({"mode": "paused-cli", "flags": str(flags), "argv": first_argv}),
        env=CHILD_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (flags / "paused").exists():
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()
            time.sleep(0.05)
        assert state(layout, sets) == "mixed" and commit_pending([out])  # paused between renames

        # A second build starts; while it computes, an export with a short timeout gives up
        # with the CLI's error and hint.
        second = subprocess.Popen(
            [sys.executable, "-m", "ivig_kg", "build", "--data", str(sets.old_data)]
            + ["--out", str(out)],
            env=CHILD_ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        quick = subprocess.run(
            [sys.executable, "-m", "ivig_kg", "export", "--format", "ttl", "--out", str(out)],
            env={**CHILD_ENV, outputs.TIMEOUT_VARIABLE: "0.5"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert quick.returncode == 1, quick.stderr
        assert f"waiting for another ivig-kg process (pid {first.pid}) writing to" in quick.stderr
        assert "error: cannot write" in quick.stderr and outputs.TIMEOUT_VARIABLE in quick.stderr
        assert "hint:" in quick.stderr and "Traceback" not in quick.stderr

        # The second build waits, says so, and writes once the first has finished.
        assert second.stderr is not None
        waited = ""
        while "waiting for another ivig-kg process" not in waited:
            line = second.stderr.readline()
            assert line, f"the second build never waited: {waited}"
            waited += line
        assert state(layout, sets) == "mixed"  # still untouched by the second build
    finally:
        (flags / "go").touch()
    assert first.wait(timeout=120) == 0, first.communicate()
    assert second.wait(timeout=120) == 0, second.communicate()
    assert state(layout, sets) == "old"  # the second build's set, complete
    assert sorted(os.listdir(out)) == sorted(NAMES)


def test_a_busy_folder_times_out_naming_the_holder(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    target = tmp_path / "out" / "ivig-kg.ttl"
    target.parent.mkdir()
    with outputs._locked([target.parent.resolve()], timeout=5):
        started = time.monotonic()
        with pytest.raises(OutputFolderBusy) as caught:
            write_atomically({target: "new\n"}, timeout=0.3)
    assert 0.3 <= time.monotonic() - started < 5
    assert isinstance(caught.value, OSError) and caught.value.filename == str(
        target.parent.resolve()
    )
    assert f"pid {os.getpid()}" in str(caught.value)
    assert "waiting for another ivig-kg process" in caplog.text
    assert not target.exists()


def test_writers_locking_folders_in_opposite_orders_do_not_deadlock(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    failures: list[BaseException] = []

    def writer(first: Path, second: Path, tag: str) -> None:
        try:
            for i in range(15):
                write_atomically({first / tag: f"{i}\n", second / tag: f"{i}\n"}, timeout=30)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [
        threading.Thread(target=writer, args=(a, b, "x")),
        threading.Thread(target=writer, args=(b, a, "y")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures and not any(t.is_alive() for t in threads)
    for folder in (a, b):
        assert sorted(os.listdir(folder)) == ["x", "y"]
        assert (folder / "x").read_text() == (folder / "y").read_text() == "14\n"


# --- leftovers, failures and permissions -------------------------------------------------------


def test_the_next_write_removes_what_killed_writers_left(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    stale = out / outputs.STAGING_NAME / outputs.FILES_NAME
    stale.mkdir(parents=True)
    (stale / "ivig-kg.ttl").write_text("half written")
    (out / outputs.LOCK_NAME).write_text("999999\n")  # its writer is gone, so is the lock
    old_temps = [".ivig-kg.nt.abcd1234.tmp", ".graph.html.x_y_z_12.tmp"]
    for name in old_temps:
        (out / name).write_text("left by an older version\n")
    (out / ".notes.abcd1234.tmp").write_text("not ours\n")

    write_atomically({out / "ivig-kg.ttl": "new\n", out / "graph.html": "<p>\n"})

    assert sorted(os.listdir(out)) == [".notes.abcd1234.tmp", "graph.html", "ivig-kg.ttl"]
    assert (out / "ivig-kg.ttl").read_text() == "new\n"


def test_a_failure_before_the_commit_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "ivig-kg.ttl").write_text("old\n")

    def disk_full(txn: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs, "_commit", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomically({out / "ivig-kg.ttl": "new\n", out / "ivig-kg.nt": "new\n"})
    assert sorted(os.listdir(out)) == ["ivig-kg.ttl"]
    assert (out / "ivig-kg.ttl").read_text() == "old\n"


@pytest.mark.parametrize("start", ["dist", "graph"])
def test_a_write_stopped_after_the_commit_is_completed_from_either_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    layout = {tmp_path / "dist": ("a", "b"), tmp_path / "graph": ("c",)}
    texts = {folder / name: f"new {name}\n" for folder, names in layout.items() for name in names}
    real_move = outputs._move
    moved: list[Path] = []

    def move_one_then_die(staged: Path, target: Path) -> None:
        if moved:
            raise KeyboardInterrupt  # stands in for a kill between two renames
        moved.append(target)
        real_move(staged, target)

    monkeypatch.setattr(outputs, "_move", move_one_then_die)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(texts)
    monkeypatch.setattr(outputs, "_move", real_move)
    assert sum(p.exists() for p in texts) == 1  # a reader outside sees the mix until ...

    recover_outputs(tmp_path / start)  # ... recovery through either folder completes it
    assert all(p.read_text() == f"new {p.name}\n" for p in texts)
    for folder, names in layout.items():
        assert sorted(os.listdir(folder)) == sorted(names)


def test_files_in_two_folders_get_the_usual_permissions(tmp_path: Path) -> None:
    texts = {tmp_path / "a" / "x.nt": "x\n", tmp_path / "b" / "c" / "y.nt": "é\r\n"}
    write_atomically(texts)
    mask = os.umask(0)
    os.umask(mask)
    for path, text in texts.items():
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask
        assert path.read_bytes() == text.encode("utf-8")


def test_the_fallback_without_flock_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "ivig-kg.ttl"
    outputs._write_file_by_file({target: "first\n"})
    outputs._write_file_by_file({target: "second\n"})
    mask = os.umask(0)
    os.umask(mask)
    assert target.read_text() == "second\n" and os.listdir(target.parent) == ["ivig-kg.ttl"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
