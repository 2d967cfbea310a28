"""The shipped plan catalogue: every plan loads and lints clean, targets match the source documents."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from cltrack.elements import ELEMENTS
from cltrack.errors import CltrackError
from cltrack.plans import catalogue as plans
from cltrack.plans import planfile

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
SHIPPED = ("dak-lak", "trieu-son", "hai-duong", "son-ha-2024", "dak-nong-2024")
TARGET_COUNTS = {"dak-lak": 17, "trieu-son": 12, "hai-duong": 9, "son-ha-2024": 2, "dak-nong-2024": 0}


def collapse(text: str) -> str:
    """NFC, white space collapsed to single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def test_every_shipped_plan_is_available_as_shipped():
    refs = {r.id: r for r in plans.available()}
    assert set(SHIPPED) <= set(refs)
    assert all(refs[p].shipped and not refs[p].overrides for p in SHIPPED)
    assert all(Path(refs[p].path).name == f"{p}.yaml" for p in SHIPPED)


@pytest.mark.parametrize("plan_id", SHIPPED)
def test_shipped_plan_lints_clean(plan_id):
    path = plans.find(plan_id).path
    assert plans.lint(path) == []


@pytest.mark.parametrize(("plan_id", "count"), TARGET_COUNTS.items())
def test_number_of_targets_per_plan(plan_id, count):
    plan = plans.load_plan(plan_id)
    assert plan.id == plan_id
    assert len(plan.targets) == count


def test_target_ids_follow_the_contract_and_are_unique():
    for plan_id in SHIPPED:
        ids = [t.id for t in plans.load_plan(plan_id).targets]
        assert len(ids) == len(set(ids)), plan_id
        assert all(planfile.TARGET_ID.match(i) for i in ids), ids


def test_every_target_reads_only_known_count_elements():
    for plan_id in SHIPPED:
        plan = plans.load_plan(plan_id)
        declared = {e.code for e in plan.elements}
        for t in plan.targets:
            for code in t.elements:
                assert code in declared, (plan_id, t.id, code)
                assert code not in ELEMENTS or ELEMENTS[code].kind != "id"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not next to the repository")
@pytest.mark.parametrize("plan_id", SHIPPED)
def test_text_vi_is_verbatim_in_the_source_document(plan_id):
    plan = plans.load_plan(plan_id)
    assert plan.document is not None
    document = collapse((SEEDS / plan.document).read_text(encoding="utf-8"))
    for t in plan.targets:
        assert collapse(t.text_vi) in document, (plan_id, t.id)


# (plan, target, kind, comparator, value, numerator, denominator), each read off the document by hand
SPOT_CHECKS = [
    ("dak-lak", "M1.1", "ratio", ">=", 100.0, ("cl_supported",), ("cl_identified",)),
    ("dak-lak", "M1.2", "ratio", ">", 90.0, ("cl_in_education",), ("cl_and_at_risk",)),  # "Trên 90%"
    ("dak-lak", "M2.2a", "ratio", ">=", 90.0, ("edu_staff_informed",), ("edu_staff",)),
    ("dak-lak", "M2.2b", "ratio", ">=", 100.0, ("care_staff_informed",), ("care_staff",)),
    ("dak-lak", "M2.2c", "ratio", ">=", 70.0, ("parents_informed",), ("parents",)),
    ("dak-lak", "M2.3b", "ratio", ">=", 90.0, ("employers_informed",), ("employers",)),
    ("dak-lak", "M2.4a", "ratio", ">=", 70.0, ("pupils_primary_informed",), ("pupils_primary",)),
    ("dak-lak", "M2.4b", "ratio", ">=", 100.0, ("pupils_lower_secondary_informed", "pupils_upper_secondary_informed"),
     ("pupils_lower_secondary", "pupils_upper_secondary")),
    ("dak-lak", "M3.1a", "count", ">=", 1.0, ("training_courses",), ()),  # "tối thiểu 01 lớp tập huấn/năm"
    ("dak-lak", "O2030.1", "rate", "<=", 0.0, ("child_labourers_5_17",), ("children_5_17",)),  # "không để xảy ra"
    ("dak-lak", "R.1", "ratio", ">=", 100.0, ("collaborators_informed_of_plan",), ("collaborators",)),
    ("trieu-son", "M1.1", "rate", "<=", 0.5, ("child_labourers_5_17",), ("children_5_17",)),  # "xuống 0,5%"
    ("trieu-son", "M1.3", "ratio", ">", 90.0, ("cl_in_education",), ("cl_and_at_risk",)),
    ("trieu-son", "M2.1a", "ratio", ">=", 90.0, ("edu_staff_informed", "care_staff_informed"), ("edu_staff", "care_staff")),
    ("trieu-son", "M2.1b", "ratio", ">=", 70.0, ("parents_informed",), ("parents",)),
    ("trieu-son", "M3.2b", "ratio", ">=", 70.0, ("craft_households_trained",), ("craft_households",)),
    ("hai-duong", "M1.1", "rate", "<=", 1.0, ("child_labourers_5_17",), ("children_5_17",)),  # "xuống 1%"
    ("hai-duong", "M1.3", "ratio", ">=", 99.0, ("cl_in_education",), ("cl_and_at_risk",)),
    ("hai-duong", "M2.1a", "ratio", ">=", 95.0, ("edu_staff_informed",), ("edu_staff",)),
    ("hai-duong", "M3.1", "ratio", ">=", 95.0, ("edu_sector_employees_trained",), ("edu_sector_employees",)),
    ("hai-duong", "O2030.1", "rate", "<", 1.0, ("child_labourers_5_17",), ("children_5_17",)),  # "xuống dưới 1%"
    ("hai-duong", "O2030.2", "count", "<=", 0.0, ("hazardous_5_17",), ()),
    ("son-ha-2024", "R.1", "count", ">=", 1.0, ("inspected_units",), ()),  # "ít nhất 01 địa bàn xã"
]


@pytest.mark.parametrize(("plan_id", "tid", "kind", "comparator", "value", "num", "den"), SPOT_CHECKS)
def test_comparator_and_value_read_from_the_document(plan_id, tid, kind, comparator, value, num, den):
    t = plans.load_plan(plan_id).target(tid)
    assert t is not None
    assert (t.kind, t.comparator, t.value, t.numerator, t.denominator) == (kind, comparator, value, num, den)


def test_unit_share_of_district_offices_publishing_at_least_one_article():
    t = plans.load_plan("dak-lak").target("M2.1")
    assert (t.kind, t.comparator, t.value, t.unit) == ("unit_share", ">=", 100.0, "percent")
    rule = t.unit_share
    assert (rule.elements, rule.comparator, rule.threshold, rule.unit_level) == (("articles_published",), ">=", 1.0, "district")
    assert t.numerator == () and t.denominator == ()


def test_one_bullet_with_two_percentages_is_two_targets_with_the_same_sentence():
    plan = plans.load_plan("trieu-son")
    a, b = plan.target("M2.1a"), plan.target("M2.1b")
    assert a.text_vi == b.text_vi and a.section == b.section == "II.1.b, gạch đầu dòng 1"
    assert (a.value, b.value) == (90.0, 70.0)


def test_reduce_as_far_as_possible_is_a_qualitative_target_with_a_direction():
    t = plans.load_plan("trieu-son").target("O2030.2")
    assert t.qualitative and t.comparator is None and t.value is None
    assert t.direction == "decrease" and t.deadline == 2030
    assert (t.numerator, t.denominator) == (("hazardous_5_17",), ("child_labourers_5_17",))


def test_rate_targets_carry_the_survey_rule_set():
    for plan_id in ("trieu-son", "hai-duong", "dak-lak"):
        rates = [t for t in plans.load_plan(plan_id).targets if t.kind == "rate"]
        assert rates and all(t.survey_rules == "vn_law" for t in rates)
    assert all(t.survey_rules is None for t in plans.load_plan("trieu-son").targets if t.kind != "rate")


def test_plan_specific_elements_are_declared_with_headers():
    plan = plans.load_plan("son-ha-2024")
    refs = {e.code: e for e in plan.elements}
    assert refs["inspected_units"].header_vi.startswith("Số xã, đơn vị được kiểm tra")
    assert refs["inspected_units"].kind == "district"
    assert "inspected_units" not in ELEMENTS


def test_areas_levels_and_reporting_deadlines():
    ts, hd, sh, dn = (plans.load_plan(p) for p in ("trieu-son", "hai-duong", "son-ha-2024", "dak-nong-2024"))
    assert (ts.level, ts.area.province_code, ts.area.district_code) == ("district", "38", "397")
    assert (hd.level, hd.area.province_code, hd.area.district) == ("sector", "30", None)
    assert [(r.period, r.day, r.month) for r in ts.reporting] == [("annual", 15, 11)]
    assert [(r.period, r.day, r.month) for r in hd.reporting] == [("six-monthly", 15, 6), ("annual", 15, 12)]
    assert [(r.period, r.day, r.month) for r in sh.reporting] == [("six-monthly", 31, 5), ("annual", 30, 11)]
    assert [(r.period, r.day, r.month) for r in dn.reporting] == [("six-monthly", 20, 5), ("annual", 20, 11)]
    assert sh.period == (2024, 2024) and sh.area.district_code == "529"


def test_next_deadline_is_the_first_due_date_on_or_after_today():
    ts, hd = plans.load_plan("trieu-son"), plans.load_plan("hai-duong")
    assert plans.next_deadline(ts, dt.date(2024, 11, 15))[0] == dt.date(2024, 11, 15)
    assert plans.next_deadline(ts, dt.date(2024, 11, 16))[0] == dt.date(2025, 11, 15)
    due, rule = plans.next_deadline(hd, dt.date(2024, 7, 1))
    assert (due, rule.period) == (dt.date(2024, 12, 15), "annual")
    assert plans.next_deadline(hd, dt.date(2020, 1, 1))[0] == dt.date(2021, 6, 15)  # not before the period
    assert plans.next_deadline(ts, dt.date(2030, 11, 16)) is None  # the period is over


def test_targets_json_has_the_contract_fields():
    rows = plans.targets_json(plans.load_plan("hai-duong"))
    assert len(rows) == 9
    required = {"id", "objective", "kind", "comparator", "value", "unit", "deadline", "text_vi", "text_en", "section"}
    assert all(required <= set(r) for r in rows)
    first = rows[0]
    assert (first["id"], first["comparator"], first["value"], first["unit"], first["deadline"]) == ("M1.1", "<=", 1.0, "percent", 2025)


# --------------------------------------------------------------------------- user plans


def _user_plan(folder: Path, plan_id: str, value: str = "70") -> Path:
    """A copy of trieu-son under another id (or the same), with M2.1b's value changed."""
    text = (REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8")
    text = text.replace("id: trieu-son", f"id: {plan_id}", 1)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "- id: M2.1b")
    value_line = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("value:"))
    lines[value_line] = f"    value: {value}"
    path = folder / f"{plan_id}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_user_plan_with_a_new_id_is_listed_after_the_shipped_ones(tmp_path):
    _user_plan(tmp_path, "my-district")
    refs = plans.available(str(tmp_path))
    mine = next(r for r in refs if r.id == "my-district")
    assert (mine.shipped, mine.overrides) == (False, False)
    assert plans.load_plan("my-district", targets_dir=str(tmp_path)).id == "my-district"


def test_user_plan_with_a_shipped_id_takes_precedence(tmp_path):
    _user_plan(tmp_path, "trieu-son", value="75")
    ref = plans.find("trieu-son", str(tmp_path))
    assert (ref.shipped, ref.overrides) == (False, True)
    assert plans.load_plan("trieu-son", targets_dir=str(tmp_path)).target("M2.1b").value == 75.0
    assert plans.load_plan("trieu-son").target("M2.1b").value == 70.0
    notes = plans.overriding(str(tmp_path))
    assert [(f.code, f.args["plan"]) for f in notes] == [("plan-overrides-shipped", "trieu-son")]


def test_cltrack_targets_environment_variable_is_the_user_folder(tmp_path, monkeypatch):
    _user_plan(tmp_path, "trieu-son", value="80")
    monkeypatch.setenv("CLTRACK_TARGETS", str(tmp_path))
    assert plans.load_plan("trieu-son").target("M2.1b").value == 80.0


def test_unknown_plan_id_names_the_available_ones():
    with pytest.raises(CltrackError, match=r"unknown plan 'nowhere' \(available: dak-lak, .*trieu-son"):
        plans.load_plan("nowhere")


def test_missing_user_folder_is_an_error(tmp_path):
    with pytest.raises(CltrackError, match="does not exist"):
        plans.available(str(tmp_path / "absent"))


def test_plan_loaded_by_path(tmp_path):
    path = _user_plan(tmp_path, "copy-plan", value="65")
    plan = plans.load_plan(str(path))
    assert plan.source == str(path) and plan.target("M2.1b").value == 65.0


def test_docs_list_every_target_of_every_plan():
    docs = (REPO / "docs" / "plans.md").read_text(encoding="utf-8")
    for plan_id in SHIPPED:
        section = docs.split(f"### `{plan_id}`", 1)[1].split("### ", 1)[0]
        for t in plans.load_plan(plan_id).targets:
            value = "" if t.value is None else f"{t.value:g}"
            assert f"| {t.id} | {t.kind} |" in section and f"| {value} | {t.unit} | {t.deadline} |" in section, (plan_id, t.id)
