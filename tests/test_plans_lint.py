"""Checking plan files: every broken file gives the right finding code at the right line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from cltrack.errors import CltrackError
from cltrack.plans import catalogue as plans

GOOD = """\
id: test-plan
name:
  vi: Kế hoạch thử
  en: Test plan
issuer: UBND huyện Thử
level: district
area:
  province: Tỉnh Thanh Hóa
  province_code: "38"
  district: Huyện Triệu Sơn
  district_code: "397"
period: [2021, 2030]
deadline_years: [2025, 2030]
reporting:
  - period: annual
    day: 15
    month: 11
    to: UBND huyện
elements:
  - code: inspected_units
    header_vi: Số đơn vị được kiểm tra
    header_en: units inspected
targets:
  - id: M2.1a
    objective: "2"
    kind: ratio
    short:
      vi: Cha mẹ được cung cấp thông tin
      en: Parents informed
    numerator: [parents_informed]
    denominator: [parents]
    comparator: ">="
    value: 70
    unit: percent
    deadline: 2025
    level: district
    section: II.1.b
    text_vi: 70% cha mẹ được cung cấp thông tin.
    text_en: 70% of parents are informed.
  - id: R.1
    objective: R
    kind: count
    short:
      vi: Số đơn vị được kiểm tra
      en: Units inspected
    numerator: [inspected_units]
    comparator: ">="
    value: 1
    unit: count
    deadline: 2025
    level: district
    section: II.5.a
    text_vi: kiểm tra ít nhất 01 xã
    text_en: inspect at least 1 commune
"""


def write(tmp_path: Path, text: str, name: str = "test-plan.yaml") -> Path:
    """The plan text in a file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """1-based number of the nth line holding `fragment`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if fragment in line]
    return hits[nth - 1]


def test_the_good_plan_is_clean(tmp_path):
    path = write(tmp_path, GOOD)
    assert plans.lint(path) == []
    plan = plans.load_plan(str(path))
    assert [t.id for t in plan.targets] == ["M2.1a", "R.1"]
    assert [e.code for e in plan.elements] == ["inspected_units", "parents_informed", "parents"]


# (name, old text, new text, expected code, line fragment in the broken file, its occurrence)
BROKEN = [
    ("unknown key", "    unit: percent\n", "    unit: percent\n    colour: red\n", "plan-unknown-key", "colour: red", 1),
    ("wrong type", "    value: 70\n", "    value: seventy\n", "plan-wrong-type", "value: seventy", 1),
    ("unknown data element", "[parents_informed]", "[parent_informed]", "plan-unknown-element", "parent_informed", 1),
    ("duplicate target id", "  - id: R.1\n", "  - id: M2.1a\n", "plan-duplicate-target", "- id: M2.1a", 2),
    ("comparator outside the contract", '    comparator: ">="\n    value: 70', '    comparator: "=>"\n    value: 70',
     "plan-bad-comparator", '"=>"', 1),
    ("ratio without denominator", "    denominator: [parents]\n", "", "plan-ratio-without-denominator", "- id: M2.1a", 1),
    ("deadline outside the period", "    deadline: 2025\n    level: district\n    section: II.1.b",
     "    deadline: 2035\n    level: district\n    section: II.1.b", "plan-deadline-outside-period", "deadline: 2035", 1),
    ("yaml syntax", "    section: II.1.b\n", "    section: II.1.b: bad\n", "plan-yaml-syntax", "II.1.b: bad", 1),
    ("missing key", "    unit: percent\n", "", "plan-missing-key", "- id: M2.1a", 1),
    ("target id against the convention", "  - id: M2.1a\n", "  - id: 2.1a\n", "plan-bad-target-id", "- id: 2.1a", 1),
    ("plan id differs from the file name", "id: test-plan\n", "id: other-plan\n", "plan-id-mismatch", "id: other-plan", 1),
    ("plan-specific element without its header", "    header_en: units inspected\n", "", "plan-missing-key",
     "- code: inspected_units", 1),
    ("plan level outside the list", "level: district\narea:", "level: commune\narea:", "plan-bad-value", "level: commune", 1),
    ("duplicate key", "issuer: UBND huyện Thử\n", "issuer: UBND huyện Thử\nissuer: again\n", "plan-duplicate-key",
     "issuer: again", 1),
    ("period backwards", "period: [2021, 2030]", "period: [2030, 2021]", "plan-bad-value", "period: [2030, 2021]", 1),
    ("qualitative target without direction", '    comparator: ">="\n    value: 70\n', "    comparator: null\n    value: null\n",
     "plan-missing-key", "- id: M2.1a", 1),
    ("GSO code typed as a number", 'province_code: "38"', "province_code: 38", "plan-wrong-type", "province_code: 38", 1),
    ("reporting day that does not exist", "    day: 15\n    month: 11\n", "    day: 31\n    month: 11\n", "plan-bad-value",
     "- period: annual", 1),
    ("percentage over 100", "    value: 70\n", "    value: 170\n", "plan-bad-value", "value: 170", 1),
    ("count target with a denominator", "    numerator: [inspected_units]\n",
     "    numerator: [inspected_units]\n    denominator: [parents]\n", "plan-bad-value", "denominator: [parents]", 2),
    ("identifying column used as a count", "[parents_informed]", "[year]", "plan-bad-value", "[year]", 1),
]


@pytest.mark.parametrize(("old", "new", "code", "fragment", "nth"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_plan_gives_the_expected_code_at_the_line(tmp_path, old, new, code, fragment, nth):
    assert GOOD.count(old) == 1
    text = GOOD.replace(old, new)
    path = write(tmp_path, text)
    found = plans.lint(path)
    line = line_of(text, fragment, nth)
    assert (code, line) in [(f.code, f.row) for f in found], [plans.lint_line(f) for f in found]
    hit = next(f for f in found if (f.code, f.row) == (code, line))
    assert hit.file == str(path) and hit.severity == "error"
    assert isinstance(hit.args["col"], int) and hit.args["col"] >= 1
    with pytest.raises(CltrackError) as err:
        plans.load_plan(str(path))
    assert str(err.value).startswith(f"{path}:") and "\n" not in str(err.value)


def test_column_points_at_the_offending_value(tmp_path):
    text = GOOD.replace("[parents_informed]", "[parent_informed]")
    found = plans.lint(write(tmp_path, text))
    (f,) = found
    assert (f.row, f.args["col"]) == (line_of(text, "parent_informed"), len("    numerator: [") + 1)
    assert plans.lint_line(f).endswith("plan-unknown-element: unknown data-element code 'parent_informed'")


def test_every_problem_is_collected_not_just_the_first(tmp_path):
    text = (GOOD.replace("[parents_informed]", "[parent_informed]")
            .replace('    comparator: ">="\n    value: 70', '    comparator: "=>"\n    value: 70')
            .replace("    deadline: 2025\n    level: district\n    section: II.5.a", "    deadline: 2040\n    level: district\n    section: II.5.a"))
    found = plans.lint(write(tmp_path, text))
    assert [f.code for f in found] == ["plan-unknown-element", "plan-bad-comparator", "plan-deadline-outside-period"]
    assert [f.row for f in found] == sorted(f.row for f in found)
    with pytest.raises(CltrackError, match=r"and 2 more; run `cltrack lint"):
        plans.load_plan(str(tmp_path / "test-plan.yaml"))


def test_wrong_type_message_says_what_is_expected(tmp_path):
    found = plans.lint(write(tmp_path, GOOD.replace("period: [2021, 2030]", "period: 2021-2030")))
    (f,) = [f for f in found if f.code == "plan-wrong-type"]
    assert "'period' must be a list of two years, got text '2021-2030'" in plans.lint_line(f)


def test_unknown_key_message_lists_the_allowed_keys(tmp_path):
    found = plans.lint(write(tmp_path, GOOD.replace("issuer:", "isuer:")))
    codes = {f.code for f in found}
    assert codes == {"plan-unknown-key", "plan-missing-key"}
    unknown = next(f for f in found if f.code == "plan-unknown-key")
    assert "unknown key 'isuer' (allowed: id, name, issuer," in plans.lint_line(unknown)


def test_empty_file_and_non_mapping_file(tmp_path):
    (empty,) = plans.lint(write(tmp_path, "", "empty.yaml"))
    assert (empty.code, empty.row) == ("plan-wrong-type", 1)
    (listing,) = plans.lint(write(tmp_path, "- a\n- b\n", "listing.yaml"))
    assert listing.code == "plan-wrong-type"


def test_file_that_is_not_utf8_is_a_syntax_finding(tmp_path):
    path = tmp_path / "test-plan.yaml"
    path.write_bytes(GOOD.encode("cp1258", errors="replace"))
    (f,) = plans.lint(path)
    assert f.code == "plan-yaml-syntax" and "UTF-8" in f.args["detail"].en


def test_missing_file_is_a_file_not_found_finding(tmp_path):
    (f,) = plans.lint(tmp_path / "nope.yaml")
    assert f.code == "file-not-found"
