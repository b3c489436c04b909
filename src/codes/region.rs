//! The codes of the region a run checks and the places records name.

use super::{Code, Level};

/// This stage's codes, in byte order.
pub(super) const CODES: &[Code] = &[
    Code {
        code: "ylcheck::region",
        level: Level::Fatal,
        zh: "检查的地区（--region、规划文件的 [plan] region 或 ylcheck.toml 中的 region）不是河南省的地区，或同名的地区不止一处；内置地名表无法读取时也报告此代码。",
        en: "The region checked (--region, a plan's [plan] region, or region in ylcheck.toml) is no place of 河南省, or more than one place has that name; also reported when the built-in gazetteer cannot be read.",
        fix_zh: "写作 开封市、开封市祥符区 或 祥符区；同名时写全称。",
        fix_en: "Write e.g. 开封市, 开封市祥符区 or 祥符区; where a name is shared, the full name.",
        example: "ylcheck check --region 开风市 设施.csv",
    },
    Code {
        code: "ylcheck::region::ambiguous_place",
        level: Level::Warning,
        zh: "地名单元格中的县（区）名不止一个市有，记录本身和 --region 都没有说明是哪个市的；用到它的检查结果为无法判断。",
        en: "A place cell names a county more than one city has, and neither the record nor --region says which; checks that use it are unknown.",
        fix_zh: "写全称（如“开封市示范区”），或填上市一列，或用 --region 指定市。",
        fix_en: "Write the full name (\"开封市示范区\", say), fill in the city, or name the city with --region.",
        example: "名称,类型,县（区）\n城东中心,街道综合养老服务中心,示范区    # 开封市、平顶山市都有 / in two cities",
    },
    Code {
        code: "ylcheck::region::no_place",
        level: Level::Warning,
        zh: "有记录没有注明所在的市或县（区），只按全省的文件检查；市、县的规则未能适用于它们。",
        en: "Some records name no city or county, so they were checked by the province's documents only; the cities' and counties' rules could not apply.",
        fix_zh: "填写这些记录的县（区）或所在市。",
        fix_en: "Fill in the records' county or city.",
        example: "名称,类型,床位数\n城东中心,街道综合养老服务中心,120    # 没有县（区）列 / no county column",
    },
    Code {
        code: "ylcheck::region::outside",
        level: Level::Warning,
        zh: "有记录不在本次检查的地区（--region）范围内，未检查。",
        en: "Some records lie outside the region checked (--region) and were not checked.",
        fix_zh: "若应检查它们，用 --region 指定它们所在的地区，或改正记录的县（区）。",
        fix_en: "If they should be checked, name their region with --region, or correct the records' county.",
        example: "ylcheck check --region 开封市 设施.csv    # 表中有洛阳市的设施 / rows in 洛阳市",
    },
    Code {
        code: "ylcheck::region::unchecked",
        level: Level::Warning,
        zh: "有记录所在地区没有能检查它们的规则（该地的文件对此类记录没有要求、相关规则在检查日期不在施行期内，或所需的其他输入没有提供），未检查。",
        en: "No rule could check some records in their place (its documents set nothing for such records, the rules that do are not in force on the checking date, or they need inputs not given), so they were not checked.",
        fix_zh: "确认地区是否写对；若规则需要其他输入（如县区表），一并给出。",
        fix_en: "Check the place is right; if the rules need other inputs (a table of counties, say), give them too.",
        example: "ylcheck check --region 河南省 设施.csv\n\n名称,类型,县（区）\n城东中心,街道综合养老服务中心,西工区",
    },
    Code {
        code: "ylcheck::region::unknown_pack_region",
        level: Level::Warning,
        zh: "规则包声明的 region 不是河南省的地区，其规则不检查任何记录。",
        en: "A pack's `region` is no place of 河南省; its rules check no record.",
        fix_zh: "把规则包的 region 改为河南省的市或县（区）名称。",
        fix_en: "Make the pack's region a city or county of 河南省.",
        example: "pack demo { source \"某文号\" region \"开风市\" }",
    },
    Code {
        code: "ylcheck::region::unknown_place",
        level: Level::Warning,
        zh: "地名单元格中的名称不是河南省的市、县（区）；用到它的检查结果为无法判断。",
        en: "A place cell names no city or county of 河南省; checks that use it are unknown.",
        fix_zh: "改正地名（可用旧名改后的现名，如开封县→祥符区）。",
        fix_en: "Correct the place's name (renamed ones under their current name, e.g. 开封县 → 祥符区).",
        example: "名称,类型,县（区）\n城东中心,街道综合养老服务中心,祥付区",
    },
];
