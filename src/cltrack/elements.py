"""The data standard (shared/spec/data-elements.md) as a table: codes, Vietnamese headers.

Generated once from the spec; codes may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Element:
    """A data element: code, Vietnamese header, English meaning, kind (id, count, district)."""

    code: str
    header_vi: str
    meaning_en: str
    kind: str


ELEMENTS: dict[str, Element] = {
    e.code: e
    for e in (
        Element("province", "Tỉnh", "province name", "id"),
        Element(
            "district", "Huyện", "district, town or city name (blank on a province-level row)", "id"
        ),
        Element(
            "commune", "Xã", "commune, ward or township name (blank on a district-level row)", "id"
        ),
        Element(
            "unit_code",
            "Mã ĐVHC",
            "optional GSO administrative code of the most detailed unit in the row",
            "id",
        ),
        Element(
            "year",
            "Năm",
            "reporting year (a report may also carry the year in its file or sheet name)",
            "id",
        ),
        Element(
            "children_5_17",
            "Số trẻ em và người chưa thành niên từ 5 đến 17 tuổi",
            "population aged 5-17",
            "count",
        ),
        Element(
            "child_labourers_5_17",
            "Số lao động trẻ em và người chưa thành niên từ 5 đến 17 tuổi lao động trái quy định",
            "those of them working in breach of the law",
            "count",
        ),
        Element(
            "hazardous_5_17",
            "Số trẻ em và người chưa thành niên làm công việc nặng nhọc, độc hại, nguy hiểm",
            "those of them in heavy, toxic or dangerous work",
            "count",
        ),
        Element(
            "cl_identified",
            "Số lao động trẻ em, trẻ em có nguy cơ, trẻ em bị mua bán vì mục đích bóc lột sức lao động được phát hiện",
            "children identified (child labourers, at-risk, trafficked for labour)",
            "count",
        ),
        Element(
            "cl_supported",
            "Số trẻ em được hỗ trợ, can thiệp kịp thời, quản lý, theo dõi",
            "of those identified, supported and followed up in time",
            "count",
        ),
        Element(
            "cl_and_at_risk",
            "Số lao động trẻ em và trẻ em có nguy cơ",
            "child labourers and at-risk children",
            "count",
        ),
        Element(
            "cl_in_education",
            "Số lao động trẻ em, trẻ em có nguy cơ được tiếp cận giáo dục phổ thông, đào tạo nghề",
            "of those, in general education or suitable vocational training",
            "count",
        ),
        Element(
            "edu_staff",
            "Số cán bộ, giáo viên, nhân viên cơ sở giáo dục",
            "staff of educational institutions",
            "count",
        ),
        Element(
            "edu_staff_informed",
            "Số cán bộ, giáo viên, nhân viên cơ sở giáo dục được cung cấp thông tin",
            "of those, given information on child-labour prevention",
            "count",
        ),
        Element(
            "care_staff",
            "Số viên chức, người lao động cơ sở nuôi dưỡng trẻ em",
            "staff of child-care (residential) facilities",
            "count",
        ),
        Element(
            "care_staff_informed",
            "Số viên chức, người lao động cơ sở nuôi dưỡng trẻ em được cung cấp thông tin",
            "of those, informed",
            "count",
        ),
        Element("parents", "Số cha mẹ, người chăm sóc trẻ em", "parents and caregivers", "count"),
        Element(
            "parents_informed",
            "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin",
            "of those, informed",
            "count",
        ),
        Element(
            "grassroots_officials",
            "Số cán bộ, công chức, người lao động hệ thống chính trị cơ sở",
            "officials of the commune-level political system",
            "count",
        ),
        Element(
            "grassroots_officials_informed",
            "Số cán bộ, công chức hệ thống chính trị cơ sở được tiếp cận thông tin",
            "of those, informed",
            "count",
        ),
        Element("employers", "Số người sử dụng lao động", "employers", "count"),
        Element(
            "employers_informed",
            "Số người sử dụng lao động được tiếp cận thông tin",
            "of those, informed",
            "count",
        ),
        Element("pupils_primary", "Số học sinh tiểu học", "primary pupils", "count"),
        Element(
            "pupils_primary_informed",
            "Số học sinh tiểu học được cung cấp thông tin",
            "of those, informed",
            "count",
        ),
        Element(
            "pupils_lower_secondary",
            "Số học sinh trung học cơ sở",
            "lower-secondary pupils",
            "count",
        ),
        Element(
            "pupils_lower_secondary_informed",
            "Số học sinh trung học cơ sở được cung cấp thông tin",
            "of those, informed",
            "count",
        ),
        Element(
            "pupils_upper_secondary",
            "Số học sinh trung học phổ thông",
            "upper-secondary pupils",
            "count",
        ),
        Element(
            "pupils_upper_secondary_informed",
            "Số học sinh trung học phổ thông được cung cấp thông tin",
            "of those, informed",
            "count",
        ),
        Element("children", "Số trẻ em", "children (under 16)", "count"),
        Element(
            "children_informed", "Số trẻ em được cung cấp thông tin", "of those, informed", "count"
        ),
        Element(
            "residents_cl_villages",
            "Số người dân ở thôn, buôn, tổ dân phố có lao động trẻ em",
            "residents of villages where child labour exists",
            "count",
        ),
        Element(
            "residents_cl_villages_informed",
            "Số người dân ở thôn, buôn, tổ dân phố có lao động trẻ em được phổ biến kiến thức",
            "of those, informed",
            "count",
        ),
        Element(
            "businesses",
            "Số doanh nghiệp, hợp tác xã, hộ gia đình sản xuất kinh doanh",
            "enterprises, cooperatives and producing households (craft villages included)",
            "count",
        ),
        Element(
            "businesses_informed",
            "Số doanh nghiệp, hợp tác xã, hộ gia đình được cung cấp thông tin",
            "of those, informed",
            "count",
        ),
        Element(
            "child_workers",
            "Số người làm công tác trẻ em cấp huyện, cấp xã",
            "people working on child affairs at district and commune level (related agencies included)",
            "count",
        ),
        Element(
            "child_workers_trained",
            "Số người làm công tác trẻ em cấp huyện, cấp xã được tập huấn",
            "of those, trained",
            "count",
        ),
        Element(
            "high_risk_establishments",
            "Số hộ gia đình, doanh nghiệp, hợp tác xã lĩnh vực có nguy cơ cao sử dụng lao động trẻ em",
            "households, firms, cooperatives in high-risk sectors (garment, brick kilns, coffee, rubber, agriculture)",
            "count",
        ),
        Element(
            "high_risk_establishments_trained",
            "Số hộ gia đình, doanh nghiệp, hợp tác xã lĩnh vực có nguy cơ cao được tập huấn",
            "of those, trained",
            "count",
        ),
        Element(
            "enterprises",
            "Số doanh nghiệp, hợp tác xã",
            "enterprises (SMEs in particular) and cooperatives",
            "count",
        ),
        Element(
            "enterprises_trained",
            "Số doanh nghiệp, hợp tác xã được tập huấn",
            "of those, trained",
            "count",
        ),
        Element(
            "craft_households",
            "Số hợp tác xã, hộ gia đình trong làng nghề",
            "cooperatives and households in craft villages",
            "count",
        ),
        Element(
            "craft_households_trained",
            "Số hợp tác xã, hộ gia đình trong làng nghề được tập huấn",
            "of those, trained",
            "count",
        ),
        Element(
            "edu_sector_employees",
            "Số công chức, viên chức ngành giáo dục",
            "civil servants and public employees of the education sector",
            "count",
        ),
        Element(
            "edu_sector_employees_trained",
            "Số công chức, viên chức ngành giáo dục được tập huấn",
            "of those, trained",
            "count",
        ),
        Element(
            "collaborators",
            "Số cộng tác viên làm công tác trẻ em ở thôn, buôn, tổ dân phố",
            "village child-protection collaborators",
            "count",
        ),
        Element(
            "collaborators_informed_of_plan",
            "Số cộng tác viên được phổ biến kế hoạch",
            "of those, told of the plan",
            "count",
        ),
        Element(
            "articles_published",
            "Số tin, bài về phòng ngừa lao động trẻ em",
            "news items or articles on child-labour prevention that the district LĐTBXH office produced with the press that year",
            "district",
        ),
        Element(
            "training_courses",
            "Số lớp tập huấn",
            "training courses on child-labour prevention held that year",
            "district",
        ),
        Element(
            "collaborator_trainings",
            "Số lớp tập huấn cho cộng tác viên",
            "of those, courses for village collaborators",
            "district",
        ),
    )
}

IDENTIFIERS: tuple[str, ...] = tuple(c for c, e in ELEMENTS.items() if e.kind == "id")
COUNTS: tuple[str, ...] = tuple(c for c, e in ELEMENTS.items() if e.kind != "id")

# (part, whole) pairs checked as part <= whole (issue 4's validation rules).
PART_WHOLE: tuple[tuple[str, str], ...] = tuple(
    (c, c.rsplit("_", 1)[0])
    for c in COUNTS
    if c.endswith(("_informed", "_trained")) and c.rsplit("_", 1)[0] in ELEMENTS
) + (
    ("collaborators_informed_of_plan", "collaborators"),
    ("child_labourers_5_17", "children_5_17"),
    ("hazardous_5_17", "child_labourers_5_17"),
    ("cl_supported", "cl_identified"),
    ("cl_in_education", "cl_and_at_risk"),
    ("collaborator_trainings", "training_courses"),
)

# Survey microdata columns (data-elements.md section 2).
SURVEY_COLUMNS: tuple[str, ...] = (
    "province",
    "district",
    "commune",
    "year",
    "age",
    "sex",
    "hours_work",
    "hours_chores",
    "hazardous_work",
    "in_school",
    "weight",
    "stratum",
    "psu",
    "permitted_work",
)
