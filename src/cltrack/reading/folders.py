"""Which files a list of paths names for the report reader: folders expanded recursively and sorted,
each file admitted by its content, the same file named twice read once; every file not read is a finding."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cltrack.findings import make
from cltrack.models import Finding
from cltrack.reading.workbook import WORKBOOK_SUFFIXES

REPORT_SUFFIXES: tuple[str, ...] = (*WORKBOOK_SUFFIXES, ".csv")  # the suffixes looked for in folders


def expand_folders(paths: Sequence[str | Path], findings: list[Finding]) -> list[tuple[str, Path]]:
    """Files to read as (name as shown, path): folders expanded, sorted; every file not read is a finding."""
    from cltrack.access import NOT_FOUND, unreadable_reason

    out: list[tuple[str, Path]] = []
    for given in paths:
        path = Path(given)
        why = unreadable_reason(path)
        if why is NOT_FOUND:
            findings.append(make("file-not-found", file=str(given)))
        elif why is not None:
            findings.append(make("file-unreadable", file=str(given), detail=why))
        elif path.is_dir():
            hidden = 0
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_dir():
                    continue
                if any(part.startswith(".") for part in rel.parts):
                    hidden += 1
                    continue
                shown = str(Path(str(given)) / rel)
                why = unreadable_reason(child)
                if why is None:
                    _admit(child, shown, True, out, findings)
                elif child.suffix.lower() in REPORT_SUFFIXES:
                    findings.append(make("file-unreadable", file=shown, detail=why))
                else:
                    findings.append(make("file-not-read", file=shown, content=why))
            if hidden:
                findings.append(make("hidden-files-not-read", file=str(given), count=hidden))
        else:
            _admit(path, str(given), False, out, findings)
    return _unique(out, findings)


def _admit(path: Path, shown: str, in_folder: bool, out: list[tuple[str, Path]], findings: list[Finding]) -> None:
    """Take a file to read by what it holds: a workbook or csv (a warning when its name says otherwise), else a finding."""
    from cltrack.reading.content import REPORT_SUFFIXES, content_of

    suffix = path.suffix.lower()
    try:
        content = content_of(path)
    except OSError as exc:
        from cltrack.syserrors import os_error

        findings.append(make("file-unreadable", file=shown, detail=os_error(exc)))
        return
    if content.kind == "lock" or (in_folder and suffix not in REPORT_SUFFIXES):
        findings.append(make("file-not-read", file=shown, content=content.name))
    elif not content.readable:
        findings.append(make("unsupported-format", file=shown, suffix=suffix or "(none)", content=content.name))
    else:
        if not content.named_by(suffix):
            findings.append(make("format-mismatch", file=shown, suffix=suffix or "(none)", content=content.name))
        out.append((shown, path))


def _unique(files: list[tuple[str, Path]], findings: list[Finding]) -> list[tuple[str, Path]]:
    """Each file once (named twice, or inside a folder also named): repeats get `same-file-twice`."""
    first: dict[Path, str] = {}
    out: list[tuple[str, Path]] = []
    for shown, path in files:
        key = path.resolve()
        if key in first:
            findings.append(make("same-file-twice", file=shown, first=first[key]))
        else:
            first[key] = shown
            out.append((shown, path))
    return out
