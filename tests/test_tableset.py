"""The output folder changes as one unit (icanalysis.tableset), outputs never overlap the raw folder, and one run
at a time writes a folder. Kills are simulated by failing at chosen points of the commit (fault injection)."""

from __future__ import annotations

import hashlib

import pytest
from filelock import FileLock

from icanalysis import tableset
from icanalysis.io import read_processed
from icanalysis.loading import InputError
from icanalysis.pipeline import RunSettings, run

BODY = "“It was a choice that I made,” the actor said. The director agreed with the whole crew on set.\n"


def _raw(folder, n):
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(f"Story {i}. " + BODY, encoding="utf-8")
    return folder


def _tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts
            and p.name not in (tableset.LOCK_FILE, "run_timings.json")}  # bookkeeping, not the table set


def _settings():
    return RunSettings(progress=False)


def test_a_run_killed_before_its_journal_leaves_the_old_set(tmp_path, monkeypatch):
    raw, out = _raw(tmp_path / "raw", 2), tmp_path / "out"
    run(raw, out, _settings())
    old = _tree(out)
    _raw(raw, 3)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed while writing the report")

    monkeypatch.setattr("icanalysis.pipeline._write_report", killed)
    with pytest.raises(KeyboardInterrupt):
        run(raw, out, _settings())
    assert _tree(out) == old  # the complete old set, no staging left
    assert not (out / tableset.STAGING).exists()


@pytest.mark.parametrize("moved", [0, 1, 4])
def test_a_run_killed_during_its_commit_is_rolled_forward_by_the_next_reader(tmp_path, monkeypatch, moved):
    raw, out, fresh = _raw(tmp_path / "raw", 2), tmp_path / "out", tmp_path / "fresh"
    run(raw, out, _settings())
    _raw(raw, 3)
    run(raw, fresh, _settings())
    expected = _tree(fresh)
    real_move, calls = tableset._move, []

    def dies_after(source, target):
        if len(calls) == moved:
            raise SystemExit("killed mid-commit")
        calls.append(target)
        real_move(source, target)

    monkeypatch.setattr(tableset, "_move", dies_after)
    with pytest.raises(SystemExit):
        run(raw, out, _settings())
    monkeypatch.setattr(tableset, "_move", real_move)
    assert (out / tableset.STAGING / tableset.JOURNAL).is_file()
    articles = read_processed("articles", out)  # the reader finishes the commit first
    assert len(articles) == 3
    assert _tree(out) == expected


def test_outputs_may_not_overlap_the_raw_folder(tmp_path):
    raw = _raw(tmp_path / "raw", 1)
    before = _tree(raw)
    for out in (raw, raw / "out", tmp_path):
        with pytest.raises(InputError, match="overlaps the raw folder"):
            run(raw, out, _settings())
    with pytest.raises(InputError, match="--cache-dir"):
        run(raw, tmp_path / "out", RunSettings(progress=False, cache_dir=str(raw / ".cache")))
    assert _tree(raw) == before


def test_a_second_run_into_a_busy_folder_stops_with_a_message(tmp_path):
    raw, out = _raw(tmp_path / "raw", 1), tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / tableset.LOCK_FILE)), \
            pytest.raises(tableset.OutputBusy, match="another icanalysis run"), tableset.staged(out, timeout=0.2):
        pass
    run(raw, out, _settings())  # free again
    assert (out / "articles.csv").exists()


def test_kill_9_at_many_moments_leaves_the_old_or_the_new_set(tmp_path):
    """Real kills: a run in a child process is SIGKILLed at moments spread over its duration; afterwards a
    reader finds exactly the old table set or exactly the new one (never a mix, never a .tmp left over)."""
    import signal
    import subprocess
    import sys
    import time

    raw, out = _raw(tmp_path / "raw", 3), tmp_path / "out"
    code = ("import sys; from icanalysis.pipeline import RunSettings, run; "
            "run(sys.argv[1], sys.argv[2], RunSettings(progress=False))")

    def child():
        return subprocess.Popen([sys.executable, "-c", code, str(raw), str(out)])

    assert child().wait() == 0
    old = _tree(out)
    for i in range(3, 6):
        (raw / f"a{i}.txt").write_text(f"Story {i}. " + BODY, encoding="utf-8")
    start = time.perf_counter()
    assert child().wait() == 0
    duration = time.perf_counter() - start
    new = _tree(out)
    assert new != old
    (raw / "a5.txt").unlink()  # from now on every run writes the five-article set
    reference = tmp_path / "five"
    run(raw, reference, _settings())
    five = _tree(reference)
    for k in range(8):
        proc = child()
        time.sleep(duration * (0.3 + 0.1 * k))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        read_processed("articles", out)  # a reader first finishes what a kill after the journal left
        visible = {name: digest for name, digest in _tree(out).items() if not name.startswith(tableset.STAGING)}
        assert visible in (new, five), sorted(set(visible.items()) ^ set(new.items()))[:4]
        new = visible if visible == five else new  # once the five-article set landed, it is the old set
