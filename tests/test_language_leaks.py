"""One language per output (issue 17): every command on the sample data says its words in --lang.

Each command runs on the shipped samples with `--lang vi`; no word of an English label or message
(the English side of every bilingual label and finding message, less the words both sides share)
may be printed. The reverse for `--lang en`: no word of a Vietnamese label or message, less the
words of the data itself (unit names, the plan's own Vietnamese text, the report files' cells,
the data standard's headers), which are printed as they are in both languages. Codes and ids
(finding codes, element codes, target ids, file paths) are the same in both and are not words.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "trieu-son"
FILES = ("trieu-son-2023.xlsx", "bieu-tong-hop-2024.xlsx")  # a plain report and the printed district form (title, notes, total)
TRIEU_SON = "DATA"  # a folder holding FILES, made by the fixture
SURVEY = str(REPO / "docs" / "examples" / "dieu-tra-2024.csv")  # three districts of the sample survey, some hours blank
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
LABEL_TABLES = ["cltrack.i18n", "cltrack.render.rollup", "cltrack.render.units", "cltrack.render.plans",
                "cltrack.export.rollup", "cltrack.export.pack", "cltrack.export.report_xlsx"]
COMMANDS = {
    "evaluate": ["evaluate", "trieu-son", TRIEU_SON, "--year", "2024"],
    "evaluate-matrix": ["evaluate", "trieu-son", TRIEU_SON, "--year", "2024", "--matrix"],
    "explain": ["explain", "trieu-son", "M2.1b", TRIEU_SON, "--year", "2024"],
    "rollup": ["rollup", "trieu-son", TRIEU_SON],
    "status": ["status", "trieu-son", TRIEU_SON, "--as-of", "2025-01-15", "--submitted-from", "MANIFEST"],
    "status-json": ["status", "trieu-son", TRIEU_SON, "--as-of", "2025-01-15", "--format", "json"],
    "validate": ["validate", TRIEU_SON],
    "validate-layouts": ["validate", str(REPO / "docs" / "examples" / "reading")],  # hidden sheets, bad cells, two tables
    "plans": ["plans"],
    "targets": ["targets", "trieu-son"],
    "survey": ["survey", SURVEY, "--by", "sex"],
    "units": ["units", "lookup", "Dân Lực"],
    "lint": ["lint", str(REPO / "docs" / "examples" / "my-plan.yaml")],
    "lint-every-error": ["lint", str(REPO / "tests" / "data" / "every-error.yaml")],  # every plan-file error lint can name
    "pack": ["pack", "trieu-son", "hai-duong", TRIEU_SON, "--year", "2024", "--as-of", "2025-01-15", "--output", "PACK"],
}
# Words that are the same in both languages or are names, not labels (checked by hand).
SHARED = {"logit", "stata", "korn", "graubard", "clopper", "pearson", "nchs", "cagr", "excel", "libreoffice", "cltrack",
          "json", "yaml", "github", "unicef", "gso", "ilo", "sdg", "calc", "windows", "utf"}


def _labels() -> list[tuple[str, str]]:
    """(vi, en) of every bilingual label table and every finding message."""
    from cltrack.findings import CATALOGUE

    pairs = [(k.vi, k.en) for k in CATALOGUE.values()] + [(k.hint_vi, k.hint_en) for k in CATALOGUE.values()]
    for name in LABEL_TABLES:
        module = importlib.import_module(name)
        for table in (v for k, v in vars(module).items() if k.endswith("LABELS") and isinstance(v, dict)):
            pairs += [v for v in table.values() if isinstance(v, tuple) and len(v) == 2]
    return pairs


def _words(text: str) -> set[str]:
    """Lower-case words of four letters or more, without placeholders, JSON keys, codes or paths."""
    text = re.sub(r"\{\w*\}|\"[\w-]+\":|\S*[/\\]\S*|\S+\.(xlsx|csv|yaml|md|json)\b", " ", text)
    return {w.lower() for w in re.findall(r"(?<![\w-])[^\W\d_]{4,}(?![\w-])", text)} - CODES


def _codes() -> set[str]:
    """Data-element codes (a plain word such as `children` is a code in a formula, not English)."""
    from cltrack.elements import ELEMENTS

    return set(ELEMENTS)


def _plan_codes() -> set[str]:
    """The plan-file format's own keys and choice values (docs/plans.md): what a person types in the YAML, the same in
    both languages, so a lint message names them as they are ('level' must be one of national, province, ...)."""
    from cltrack.models import LEVELS, TARGET_KINDS
    from cltrack.plans import planfile, targetcheck, yamlcheck

    tables = [v for m in (planfile, targetcheck, yamlcheck) for k, v in vars(m).items()
              if k.endswith("_KEYS") and isinstance(v, dict) or k.isupper() and isinstance(v, tuple)]
    names = {str(x) for t in [*tables, LEVELS, TARGET_KINDS] for x in t}
    return {w.lower() for n in names for w in re.findall(r"[^\W\d_]+", n)}


CODES: set[str] = set()
CODES = _codes()
PLAN_CODES = _plan_codes()
LABEL_PAIRS = _labels()
VI_WORDS = set().union(*(_words(vi) for vi, _ in LABEL_PAIRS))
EN_WORDS = set().union(*(_words(en) for _, en in LABEL_PAIRS))
ENGLISH_ONLY = EN_WORDS - VI_WORDS - SHARED
DIACRITIC = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def _data_words() -> set[str]:
    """Words of the data, printed as they are in either language: units, plans, headers, report cells."""
    from cltrack.elements import ELEMENTS
    from cltrack.plans.catalogue import load_plan
    from cltrack.units import gazetteer

    words: set[str] = set()
    for el in ELEMENTS.values():
        words |= _words(el.header_vi or "")
    for ref in ("trieu-son", "hai-duong", "dak-lak", "son-ha-2024", "dak-nong-2024"):
        words |= _words((REPO / "targets" / f"{ref}.yaml").read_text(encoding="utf-8"))
        load_plan(ref)
    for list_id in ("2025-01", "2025-07"):
        gaz = gazetteer.load(list_id)
        for level in ("province", "district", "commune"):
            words |= {w for u in gaz.units(level) for w in _words(u.name)}
    from openpyxl import load_workbook

    for path in (SAMPLE / name for name in FILES):
        book = load_workbook(path, read_only=True)
        for ws in book.worksheets:
            for row in ws.iter_rows(values_only=True):
                words |= {w for cell in row if isinstance(cell, str) for w in _words(cell)}
    words |= _words(Path(SURVEY).read_text(encoding="utf-8")[:200000])
    from cltrack.render.units import NOTE_EN

    words |= {w for note in NOTE_EN for w in _words(note)}  # the conversion table's official notes, shown after their meaning
    return words


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """What each command prints (stdout and stderr) in each language."""
    manifest = tmp_path_factory.mktemp("m") / "manifest.csv"
    data = manifest.parent / "data"
    data.mkdir()
    for name in FILES:
        (data / name).write_bytes((SAMPLE / name).read_bytes())
    manifest.write_text("file,submitted\n" + "".join(f"{n},{d}\n" for n, d in zip(FILES, ["2024-11-10", "2024-11-20"], strict=True)),
                        encoding="utf-8")
    out: dict[tuple[str, str], str] = {}
    for name, args in COMMANDS.items():
        for lang in ("vi", "en"):
            pack = manifest.parent / f"pack-{lang}"
            given = {"MANIFEST": str(manifest), "PACK": str(pack), "DATA": str(data)}
            run = CliRunner().invoke(app, [given.get(a, a) for a in args] + ["--lang", lang], env=ENV)
            assert "Traceback" not in run.output, run.output
            out[(name, lang)] = run.output + ((pack / "index.md").read_text(encoding="utf-8") if name == "pack" else "")
    return out


def _said(output: str) -> str:
    """The words for people in an output: all of a text output; of JSON (whose keys and values are codes) the messages."""
    import json

    try:
        data = json.loads(output)
    except ValueError:
        return output
    found: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            found.extend(v for k, v in x.items() if k in ("message", "hint", "explanation") and isinstance(v, str))
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    assert found, "a JSON output with findings says something"
    return "\n".join(found)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_vietnamese_output_prints_no_english_label_word(name: str, outputs: dict[tuple[str, str], str]) -> None:
    text = _said(outputs[(name, "vi")])
    assert text.strip()
    leaks = sorted(_words(text) & ENGLISH_ONLY - (PLAN_CODES if name.startswith("lint") else set()))
    assert not leaks, f"cltrack {name} --lang vi prints English words {leaks}:\n" + "\n".join(
        line for line in text.splitlines() if set(_words(line)) & set(leaks))[:3000]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_an_english_output_prints_no_vietnamese_label_word(name: str, outputs: dict[tuple[str, str], str],
                                                           data_words: set[str]) -> None:
    text = _said(outputs[(name, "en")])
    leaks = sorted(w for w in _words(text) & VI_WORDS - EN_WORDS - data_words if DIACRITIC.search(w))
    assert not leaks, f"cltrack {name} --lang en prints Vietnamese words {leaks}:\n" + "\n".join(
        line for line in text.splitlines() if set(_words(line)) & set(leaks))[:3000]


@pytest.fixture(scope="module")
def data_words() -> set[str]:
    """The data's own words (see _data_words)."""
    return _data_words()


def test_the_word_lists_can_catch_a_leak() -> None:
    assert {"annual", "column", "warning", "reading"} <= ENGLISH_ONLY  # words once printed in Vietnamese outputs
    assert {"hằng", "cảnh", "tiêu"} <= VI_WORDS - EN_WORDS


@pytest.mark.parametrize(("lang", "said"), [
    ("vi", ["Năm mâu thuẫn: 2024 theo cột Năm, 2023 theo tên tệp", "Xã Dân Lực: chưa có báo cáo hằng năm (hạn 15/11/2024)",
            "Xã Dân Lý: chưa có báo cáo 6 tháng (hạn 15/06/2024)"]),
    ("en", ["conflicting years: 2024 from the year column, 2023 from the file name", "Xã Dân Lực: no annual report (due 2024-11-15)",
            "Xã Dân Lý: no six-monthly report (due 2024-06-15)"]),
])
def test_word_codes_inside_a_message_are_said_in_its_language(lang: str, said: list[str]) -> None:
    from cltrack.findings import make, message

    found = [make("year-conflict", first=2024, first_source="column", second=2023, second_source="file"),
             make("report-missing", unit="Xã Dân Lực", period="annual", due=dt.date(2024, 11, 15)),
             make("report-missing", unit="Xã Dân Lý", period="six-monthly", due=dt.date(2024, 6, 15))]
    assert [message(f, lang) for f in found] == said
    assert found[0].args["first_source"] == "column"  # the finding keeps the code; only the words change
