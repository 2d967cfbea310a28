"""The plan cache: an unchanged file is served from disk, any change to it is parsed again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cltrack.plans import cache, planfile
from cltrack.plans import catalogue as plans

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """Parses of plan files are counted; the cache lives in tmp_path/cache."""
    monkeypatch.setenv("CLTRACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLTRACK_NO_CACHE", raising=False)
    calls: list[str] = []
    real = planfile.check

    def check(path):  # noqa: ANN001, ANN202
        calls.append(str(path))
        return real(path)

    monkeypatch.setattr(planfile, "check", check)
    return calls


def copy_plan(tmp_path: Path, plan_id: str = "trieu-son") -> Path:
    """A copy of a shipped plan in tmp_path."""
    path = tmp_path / f"{plan_id}.yaml"
    shutil.copy(REPO / "targets" / f"{plan_id}.yaml", path)
    return path


def test_an_unchanged_plan_is_parsed_once(counted, tmp_path):
    path = copy_plan(tmp_path)
    first, second = plans.load_plan(str(path)), plans.load_plan(str(path))
    assert counted == [str(path)]
    assert second == first and len(second.targets) == len(first.targets) == 12


def test_an_edited_plan_is_parsed_again_and_its_new_content_counts(counted, tmp_path):
    path = copy_plan(tmp_path)
    assert plans.load_plan(str(path)).targets[0].value == 0.5
    path.write_text(path.read_text(encoding="utf-8").replace("value: 0.5", "value: 0.4", 1), encoding="utf-8")
    assert plans.load_plan(str(path)).targets[0].value == 0.4
    assert len(counted) == 2


def test_lint_findings_are_cached_with_their_positions(counted, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nlevel: town\n", encoding="utf-8")
    first, second = plans.lint(bad), plans.lint(bad)
    assert first == second and len(counted) == 1
    assert any(f.code == "plan-bad-value" and f.row == 2 for f in second)


def test_no_cache_parses_every_time(counted, tmp_path, monkeypatch):
    monkeypatch.setenv("CLTRACK_NO_CACHE", "1")
    path = copy_plan(tmp_path)
    plans.load_plan(str(path)), plans.load_plan(str(path))
    assert len(counted) == 2
    assert not (tmp_path / "cache").exists()


def test_a_damaged_entry_is_recomputed(counted, tmp_path):
    path = copy_plan(tmp_path)
    plans.load_plan(str(path))
    (entry,) = (tmp_path / "cache").glob("plan-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert len(plans.load_plan(str(path)).targets) == 12
    assert len(counted) == 2


def test_an_unwritable_cache_folder_only_costs_speed(counted, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CLTRACK_CACHE_DIR", str(blocker / "cache"))  # a folder under a file cannot exist
    path = copy_plan(tmp_path)
    assert plans.load_plan(str(path)).id == plans.load_plan(str(path)).id == "trieu-son"
    assert len(counted) == 2


def test_old_entries_beyond_the_limit_are_removed(tmp_path):
    for i in range(5):
        cache.store(tmp_path / f"plan-{i}.pickle", i)
    cache.prune(tmp_path, keep=3)
    assert len(list(tmp_path.glob("*.pickle"))) == 3 and not list(tmp_path.glob("*.tmp"))


def test_an_entry_for_other_content_under_the_same_name_is_not_served(counted, tmp_path, monkeypatch):
    path = copy_plan(tmp_path)
    plans.load_plan(str(path))
    monkeypatch.setattr(cache, "entry_name", lambda kind, p, content, plain=False: "plan-same.pickle")  # force a name clash
    plans.load_plan(str(path))
    path.write_text(path.read_text(encoding="utf-8").replace("value: 0.5", "value: 0.4", 1), encoding="utf-8")
    assert plans.load_plan(str(path)).targets[0].value == 0.4
    assert len(counted) == 3


def test_a_planted_entry_owned_by_someone_else_is_ignored_with_a_warning(counted, tmp_path):
    path = copy_plan(tmp_path)
    plans.load_plan(str(path))
    (entry,) = (tmp_path / "cache").glob("plan-*.pickle")
    os.chown(entry, 65534, 65534)  # as if another user (nobody) had written it; the tests run as root
    with pytest.warns(cache.UntrustedCache, match="owned by user id 65534"):
        assert plans.load_plan(str(path)).id == "trieu-son"
    assert len(counted) == 2  # parsed again, the planted pickle never loaded


def test_an_entry_others_can_write_or_a_link_is_never_loaded(counted, tmp_path):
    path = copy_plan(tmp_path)
    plans.load_plan(str(path))
    (entry,) = (tmp_path / "cache").glob("plan-*.pickle")
    entry.chmod(0o666)
    with pytest.warns(cache.UntrustedCache, match="writable by others"):
        plans.load_plan(str(path))
    real = entry.with_name("elsewhere.bin")
    entry.rename(real)
    entry.symlink_to(real)  # a link planted under the entry's name is not followed
    plans.load_plan(str(path))
    assert len(counted) == 3


def test_a_cache_folder_others_can_write_is_not_used(counted, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("CLTRACK_CACHE_DIR", str(shared))
    cache.folder_is_private.cache_clear()
    path = copy_plan(tmp_path)
    with pytest.warns(cache.UntrustedCache, match="writable by others"):
        plans.load_plan(str(path)), plans.load_plan(str(path))
    assert len(counted) == 2 and not list(shared.iterdir())


def test_entries_are_written_for_the_user_only(counted, tmp_path):
    plans.load_plan(str(copy_plan(tmp_path)))
    (entry,) = (tmp_path / "cache").glob("plan-*.pickle")
    assert entry.stat().st_mode & 0o777 == 0o600


def test_plain_data_is_kept_with_marshal_and_served_equal(tmp_path, monkeypatch):
    monkeypatch.setenv("CLTRACK_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "plan.yaml"
    source.write_text("id: x\n", encoding="utf-8")
    value = {"rows": [["M1", "Giảm 10%", None, 1.5, True]], "pair": (2021, 2025)}
    calls = []
    first = cache.cached("view", source, lambda: calls.append(1) or value, plain=True)
    served = cache.cached("view", source, lambda: calls.append(1) or value, plain=True)
    assert first == served == value and len(calls) == 1
    (entry,) = (tmp_path / "cache").glob("view-*.marshal")
    assert "pickle" not in entry.name
    source.write_text("id: y\n", encoding="utf-8")  # other content: computed again
    cache.cached("view", source, lambda: calls.append(1) or value, plain=True)
    assert len(calls) == 2


def test_an_entry_made_by_code_that_changed_since_is_computed_again(tmp_path, monkeypatch):
    """The entry keeps the size and mtime of every cltrack module loaded when it was made; one edited module voids it."""
    import sys
    import types

    package = tmp_path / "pkg"
    (package / "plans").mkdir(parents=True)
    module = package / "plans" / "rules.py"
    module.write_text("LIMIT = 1\n", encoding="utf-8")
    (package / "units.gz").write_bytes(b"data")  # a data file counts for every entry, loaded or not
    fake = types.ModuleType("cltrack_fake_rules")
    fake.__file__ = str(module)
    monkeypatch.setitem(sys.modules, "cltrack_fake_rules", fake)
    monkeypatch.setattr(cache, "PACKAGE", package)
    monkeypatch.setenv("CLTRACK_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "plan.yaml"
    source.write_text("id: x\n", encoding="utf-8")
    calls = []

    def served() -> object:
        cache.signature.cache_clear()  # a new process
        return cache.cached("view", source, lambda: calls.append(1) or {"limit": len(calls)}, plain=True)

    assert cache.code_files() == [(os.path.join("plans", "rules.py"), 10, module.stat().st_mtime_ns),
                                  ("units.gz", 4, (package / "units.gz").stat().st_mtime_ns)]
    assert served() == served() == {"limit": 1} and len(calls) == 1
    module.write_text("LIMIT = 22\n", encoding="utf-8")  # the code changed: size and mtime
    assert served() == {"limit": 2} and served() == {"limit": 2}
    os.utime(package / "units.gz", ns=(1, 1))  # a data file touched
    assert served() == {"limit": 3}
    module.unlink()  # a module gone
    assert served() == {"limit": 4} and len(calls) == 4
