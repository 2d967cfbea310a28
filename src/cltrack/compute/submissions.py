"""The date each report came: a `submitted` column, a manifest, git history, or file times.

In this order, per data row:
1. the row's own `submitted` cell, when the data has that column and the cell holds a date;
2. `--submitted-from`: a csv `file,submitted` (a file matched by its path as given, else its name);
3. when the file lies in a git work tree (the CI use case): the author date of the newest commit that
   added or changed it, from one `git log` per repository for all its files;
4. the file's modification time, with a warning: a copy or a fresh clone resets it, which makes every
   report look late.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cltrack import findings as fnd
from cltrack.errors import CltrackError
from cltrack.models import Finding

if TYPE_CHECKING:  # pragma: no cover
    import pandas

SOURCES: tuple[str, ...] = ("column", "manifest", "git", "mtime")


def parse_date(text: str) -> date:
    """A date from 'YYYY-MM-DD', 'DD/MM/YYYY' or 'DD-MM-YYYY' (a time part is ignored)."""
    t = str(text).strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", t)
        if not m:
            raise CltrackError("'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)", text=text)
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    if y < 1:
        raise CltrackError("'{text}' is not a valid date: there is no year {year}", text=text, year=y)
    if not 1 <= mo <= 12:
        raise CltrackError("'{text}' is not a valid date: there is no month {month}", text=text, month=mo)
    try:
        return date(y, mo, d)
    except ValueError:  # (Python's own words are English: say which part is wrong)
        raise CltrackError("'{text}' is not a valid date: {month}/{year} has no day {day}", text=text, month=mo, year=y, day=d) from None


def read_manifest(path: str | Path) -> dict[str, date]:
    """{file: submitted date} from a csv with columns `file` and `submitted`."""
    from cltrack.textfile import csv_records, read_text

    p = Path(path)
    text = read_text(p, "manifest")  # one encoding detection for every csv: Excel on Vietnamese Windows saves Windows-1258
    records = csv_records(text, p, "manifest")
    fields = [f.strip().lower() for f in records[0][1]] if records else []
    if "file" not in fields or "submitted" not in fields:
        raise CltrackError("{p}: the manifest needs the columns 'file' and 'submitted' (found: {fields})", p=p, fields=', '.join(fields))
    at_file, at_date = fields.index("file"), fields.index("submitted")
    out: dict[str, date] = {}
    for line, record in records[1:]:
        file = record[at_file].strip() if at_file < len(record) else ""
        if not file:
            continue
        try:
            out[file] = parse_date(record[at_date].strip() if at_date < len(record) else "")
        except CltrackError as exc:  # a CltrackError inside another is said in the same language
            raise CltrackError("{p}, line {line}: {exc}", p=p, line=line, exc=exc) from None
    return out


def git_root(path: Path) -> Path | None:
    """The work tree holding `path` (a folder with `.git` above it), or None; no subprocess."""
    for folder in (path if path.is_dir() else path.parent, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


def git_dates(paths: Iterable[str]) -> dict[str, date]:
    """{path: author date of the newest commit that added or changed it} for files in git work trees.

    One `git log` per repository for all its files; files git does not track are left out."""
    by_root: dict[Path, dict[str, str]] = {}
    for p in dict.fromkeys(paths):
        full = Path(p).resolve()
        root = git_root(full)
        if root is not None:
            by_root.setdefault(root, {})[full.relative_to(root).as_posix()] = p
    out: dict[str, date] = {}
    for root, rel in by_root.items():
        out.update({rel[k]: v for k, v in _log(root, list(rel)).items()})
    return out


def _log(root: Path, rel_paths: Sequence[str]) -> dict[str, date]:
    """{relative path: date} from one `git log --name-only` over `rel_paths` (newest commit first)."""
    cmd = ["git", "-C", str(root), "-c", "core.quotePath=false", "log", "--no-renames", "--diff-filter=AM",
           "--format=@@%aI", "--name-only", "--", *rel_paths]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if proc.returncode != 0:
        return {}
    wanted = set(rel_paths)
    out: dict[str, date] = {}
    current: date | None = None
    for line in proc.stdout.splitlines():
        if line.startswith("@@"):
            current = date.fromisoformat(line[2:12])
        elif line and current is not None and line in wanted and line not in out:
            out[line] = current
    return out


def _mtime(path: str) -> date | None:
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime).date()
    except OSError:
        return None


def file_dates(files: Sequence[str], manifest: Mapping[str, date] | None = None) -> dict[str, tuple[date | None, str]]:
    """{file: (date, source)}: the manifest, else git history, else the modification time."""
    manifest = manifest or {}
    by_name = {Path(k).name: v for k, v in manifest.items()}
    out: dict[str, tuple[date | None, str]] = {}
    rest = []
    for f in files:
        listed = manifest.get(f, by_name.get(Path(f).name))
        if listed is not None:
            out[f] = (listed, "manifest")
        else:
            rest.append(f)
    from_git = git_dates(rest)
    for f in rest:
        out[f] = (from_git[f], "git") if f in from_git else (_mtime(f), "mtime")
    return out


def submission_dates(rows: pandas.DataFrame, manifest: Mapping[str, date] | None = None) -> pandas.DataFrame:
    """Per data row: `submitted` (date) and `submitted_from` (column, manifest, git or mtime)."""
    import pandas as pd

    names = rows["_file"].astype(str)
    per_file = file_dates(list(names.unique()), manifest)
    out = pd.DataFrame(index=rows.index)
    out["submitted"] = names.map(lambda f: per_file[f][0])
    out["submitted_from"] = names.map(lambda f: per_file[f][1])
    if "submitted" in rows.columns:
        col = rows["submitted"].map(_maybe_date)
        has = col.notna()
        out.loc[has, "submitted"] = col[has]
        out.loc[has, "submitted_from"] = "column"
    return out


def mtime_warning(rows: pandas.DataFrame, dates: pandas.DataFrame) -> list[Finding]:
    """One warning naming the files whose dates are only their modification times (unreliable)."""
    files = sorted(set(rows.loc[dates["submitted_from"] == "mtime", "_file"].astype(str)))
    if not files:
        return []
    shown = ", ".join(Path(f).name for f in files[:3]) + (f" (+{len(files) - 3})" if len(files) > 3 else "")
    return [fnd.make("submitted-from-mtime", count=len(files), files=shown)]


def _maybe_date(value: object) -> date | None:
    """A date from a cell value (date, datetime, text), else None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    try:
        return parse_date(str(value))
    except CltrackError:
        return None
