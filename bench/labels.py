"""Enum labels of rules/entities.rules that the peers (duckdb_checks.py, polars_checks.py)
need: a cell may hold the canonical name or any of its Chinese labels. ylcheck reads
these from the schema; the peers carry a copy, as a user's SQL or dataframe code would.
"""

KIND = {
    "street_center": ["street_center", "街道综合养老服务中心", "综合养老服务中心"],
    "community_center": ["community_center", "社区养老服务设施", "社区老年人日间照料中心",
                         "社区养老服务中心", "社区日间照料中心"],
    "county_support": ["county_support", "县级特困供养服务机构", "县级特困人员供养服务机构",
                       "县级供养服务机构"],
    "township_home": ["township_home", "乡镇敬老院", "敬老院"],
    "rural_home": ["rural_home", "农村幸福院", "幸福院"],
    "institution": ["institution", "养老机构", "养老院"],
}
GRADE = {"demo": ["demo", "示范型"], "basic": ["basic", "基本型"]}
LEVEL = {
    "province": ["province", "省"],
    "city": ["city", "市", "地级市"],
    "county": ["county", "县", "县（区）", "区", "县级", "县区"],
    "street": ["street", "街道"],
    "township": ["township", "乡镇", "乡", "镇"],
    "community": ["community", "社区"],
    "village": ["village", "村", "行政村"],
}
STATUS = {"new": ["new", "新建"], "existing": ["existing", "已建成", "已建"]}
BOOL = {True: ["是", "true", "yes", "1"], False: ["否", "false", "no", "0"]}
# List cells are split on any of these.
LIST_SEPARATORS = ["、", ";", "；", ",", "，"]


def label_map(enum):
    """{label: canonical name} for one enum."""
    return {label: name for name, labels in enum.items() for label in labels}
