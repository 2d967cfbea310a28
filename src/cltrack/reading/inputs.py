"""Which files the paths given name: folders expanded recursively and each file routed to unit
reports or survey microdata, one rule for every command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cltrack.findings import make
from cltrack.models import Finding
from cltrack.reading.sniff import looks_like_survey

Paths = Sequence[str | Path]


@dataclass
class Inputs:
    """The files named by the paths given: unit reports and survey microdata, with findings on the rest."""

    reports: list[str] = field(default_factory=list)
    surveys: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def expand(paths: Paths, surveys: Paths = ()) -> Inputs:
    """Folders expanded as the report reader does (recursively, sorted; every file not read is a
    finding), each file routed to reports or survey microdata (age and hours_work columns);
    `surveys` are survey files named as such (--survey). A folder with neither is `no-report-files`."""
    from cltrack.reading.folders import expand_folders

    out = Inputs()
    found: list[Finding] = []
    for given in paths:
        if Path(given).suffix.lower() == ".parquet" and looks_like_survey(given):  # no report is Parquet: never admitted as one
            out.surveys.append(str(given))
            continue
        listed = expand_folders([given], found)
        for shown, path in listed:
            (out.surveys if looks_like_survey(path) else out.reports).append(shown)
        if not listed and _is_folder(Path(given)):
            found.append(make("no-report-files", file=str(given)))
    # the reader says again what it says of the files it reads (a name that is not its format)
    out.findings = [f for f in found if f.code != "format-mismatch" or f.file not in set(out.reports)]
    out.surveys += [str(s) for s in surveys]
    return out


def _is_folder(path: Path) -> bool:
    """True for a folder we can look into (a folder closed to us is already file-unreadable)."""
    try:
        return path.is_dir()
    except OSError:
        return False
