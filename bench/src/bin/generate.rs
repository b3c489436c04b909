//! `generate N OUTDIR`: writes `facility.csv`, `region.csv` and `district.csv` for N
//! facilities into OUTDIR, following the data contract of DESIGN.md with the canonical
//! English headers.
//!
//! The output depends only on N: the same N gives the same bytes on every run and
//! machine (a fixed-seed SplitMix64, integer arithmetic only, no hash maps).
//!
//! Shape: N/200 counties, each with 10 streets, each street with 5 communities (so about
//! N/20 streets and N/4 communities), one township per county, one city; N/2 residential
//! districts. Street names come from a pool of 2000 and community names from a pool of
//! 6400, drawn in overlapping windows, so both repeat across counties and streets: the
//! joins need the composite keys.
//!
//! Every checked value is drawn from five classes against its threshold: blank (1 %),
//! exactly on the threshold (5 %), just below it (2 %), clearly below (8 %) and above
//! (84 %), so each check has a realistic share of failures, exact boundaries and unknowns.
//! Some filters and join keys are blank too — a facility's kind, a region's level, a
//! center's street, county or community — which the checks must treat as possibly
//! anything: in scope and unknown, and a possible match in a join.
//! Areas are bare numbers in m² with up to two decimals; list cells are joined with `、`;
//! booleans are 是/否; enum cells mix canonical names and the Chinese labels of
//! rules/entities.rules.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------------------
// A tiny deterministic PRNG (SplitMix64).
// ---------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `pm`/1000.
    fn chance(&mut self, pm: u64) -> bool {
        self.below(1000) < pm
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Values against a threshold.
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Class {
    Blank,
    Exact,
    JustBelow,
    Below,
    Above,
}

fn class(rng: &mut Rng) -> Class {
    match rng.below(1000) {
        0..=9 => Class::Blank,
        10..=59 => Class::Exact,
        60..=79 => Class::JustBelow,
        80..=159 => Class::Below,
        _ => Class::Above,
    }
}

/// An area in hundredths of m² that is at least `t` (hundredths) with the usual mix.
fn area_vs(rng: &mut Rng, t: i64) -> Option<i64> {
    match class(rng) {
        Class::Blank => None,
        Class::Exact => Some(t),
        Class::JustBelow => Some((t - *rng.pick(&[1, 10, 50, 100])).max(0)),
        Class::Below => {
            let v = t * rng.range(30, 94) / 100 + rng.range(0, 99);
            Some(round_area_down(rng, v.min(t - 1).max(0)))
        }
        Class::Above => {
            let v = t + rng.range(1, (t / 2).max(100));
            Some(round_area_up(rng, v))
        }
    }
}

/// Rounds to whole m² (half the time), to 0.1 m² or leaves hundredths, never below `v`.
fn round_area_up(rng: &mut Rng, v: i64) -> i64 {
    match rng.below(10) {
        0..=4 => (v + 99) / 100 * 100,
        5..=7 => (v + 9) / 10 * 10,
        _ => v,
    }
}

fn round_area_down(rng: &mut Rng, v: i64) -> i64 {
    match rng.below(10) {
        0..=4 => v / 100 * 100,
        5..=7 => v / 10 * 10,
        _ => v,
    }
}

/// A count that is at least `t`; below it down to `lo`, above it up to `hi`.
fn count_vs(rng: &mut Rng, t: i64, lo: i64, hi: i64) -> Option<i64> {
    match class(rng) {
        Class::Blank => None,
        Class::Exact => Some(t),
        Class::JustBelow => Some((t - 1).max(0)),
        Class::Below => Some(rng.range(lo.min(t - 1).max(0), (t - 1).max(0))),
        Class::Above => Some(rng.range(t + 1, hi.max(t + 1))),
    }
}

/// Nursing-type beds against 55 % of `beds`.
fn nursing_vs(rng: &mut Rng, beds: Option<i64>) -> Option<i64> {
    match beds {
        None => {
            if rng.chance(500) {
                None
            } else {
                Some(rng.range(0, 80))
            }
        }
        Some(0) => Some(0),
        Some(b) => {
            let t = (55 * b + 99) / 100; // the least count with nursing/beds ≥ 55 %
            match class(rng) {
                Class::Blank => None,
                Class::Exact => Some(t),
                Class::JustBelow => Some(t - 1),
                Class::Below => Some(rng.range(b * 25 / 100, t - 1)),
                Class::Above => Some(rng.range(t.min(b), b)),
            }
        }
    }
}

/// Beds of a center: a multiple of 20 now and then, so that exactly 55 % is possible.
fn beds(rng: &mut Rng, lo: i64, hi: i64) -> Option<i64> {
    let r = rng.below(1000);
    if r < 10 {
        None
    } else if r < 15 {
        Some(0)
    } else if r < 300 {
        Some(20 * rng.range((lo + 19) / 20, hi / 20))
    } else {
        Some(rng.range(lo, hi))
    }
}

/// `Some(value)`, or `None` (a blank cell) with probability `pm`/1000. The value is
/// computed first, so the draw order is fixed.
macro_rules! maybe {
    ($rng:expr, $pm:expr, $v:expr) => {{
        let v = $v;
        if $rng.chance($pm) { None } else { Some(v) }
    }};
}

// ---------------------------------------------------------------------------------------
// Formatting.
// ---------------------------------------------------------------------------------------

fn area(h: Option<i64>) -> String {
    match h {
        None => String::new(),
        Some(h) if h % 100 == 0 => format!("{}", h / 100),
        Some(h) if h % 10 == 0 => format!("{}.{}", h / 100, (h % 100) / 10),
        Some(h) => format!("{}.{:02}", h / 100, h % 100),
    }
}

/// An area cell: a bare number of m² mostly; about 3 % carry a unit — an m² spelling, or
/// 亩 where the value in 亩 has at most two decimals (a multiple of 20 m²: 2000 m² is
/// `3 亩`), so that the peers' DECIMAL(18, 2) arithmetic stays exact.
fn area_u(rng: &mut Rng, h: Option<i64>) -> String {
    let Some(v) = h else { return String::new() };
    let r = rng.below(1000);
    if r >= 30 {
        return area(Some(v));
    }
    let space = if rng.chance(500) { " " } else { "" };
    match r % 5 {
        0 | 1 if v % 2000 == 0 => format!("{}{space}亩", area(Some(v * 3 / 2000))),
        0..=2 => format!("{}{space}平方米", area(Some(v))),
        3 => format!("{}{space}㎡", area(Some(v))),
        _ => format!("{}{space}m2", area(Some(v))),
    }
}

/// A ratio cell in hundredths of a percent: a bare number (percent), or with `%` now
/// and then. A bare number up to 1 could be a fraction or percent points (ylcheck
/// leaves it unknown, as a bureau's reader should), so those always carry `%`.
fn pct(rng: &mut Rng, h: i64) -> String {
    let marked = rng.chance(200);
    if marked || (1..=100).contains(&h) {
        format!("{}%", area(Some(h)))
    } else {
        area(Some(h))
    }
}

fn num(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn text(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn boolean(v: Option<bool>) -> String {
    match v {
        None => String::new(),
        Some(true) => "是".into(),
        Some(false) => "否".into(),
    }
}

/// A coordinate with six decimals in `lo..hi` (in millionths).
fn coord(rng: &mut Rng, lo: i64, hi: i64) -> String {
    if rng.chance(10) {
        return String::new();
    }
    let v = rng.range(lo, hi);
    format!("{}.{:06}", v / 1_000_000, v % 1_000_000)
}

/// A list cell: the required items (some dropped), plus extras, shuffled, joined by 、.
fn list(rng: &mut Rng, required: &[&str], extras: &[&str], complete_pm: u64) -> String {
    if rng.chance(10) {
        return String::new();
    }
    let mut items: Vec<&str> = required.to_vec();
    if !rng.chance(complete_pm) {
        let drop = rng.range(1, 2) as usize;
        for _ in 0..drop {
            let i = rng.below(items.len() as u64) as usize;
            items.remove(i);
        }
    }
    let n_extra = rng.range(0, 3) as usize;
    let mut ex: Vec<&str> = extras.to_vec();
    rng.shuffle(&mut ex);
    items.extend(ex.into_iter().take(n_extra));
    rng.shuffle(&mut items);
    items.join("、")
}

// ---------------------------------------------------------------------------------------
// Names and labels.
// ---------------------------------------------------------------------------------------

const CHARS: &[&str] = &[
    "东", "西", "南", "北", "中", "新", "华", "平", "安", "和", "兴", "隆", "盛", "昌", "泰", "康",
    "宁", "福", "寿", "永", "庆", "丰", "源", "河", "山", "林", "水", "阳", "光", "明", "德", "仁",
    "义", "礼", "智", "信", "春", "秋", "金", "玉", "龙", "凤", "鸣", "岗", "桥", "湖", "台", "塘",
    "庄", "营", "集", "店", "寨", "坡", "岭", "沟", "湾", "州", "城", "关", "门", "园", "祥", "瑞",
    "嘉", "禾", "青", "云", "白", "石", "红", "星", "文", "化", "建", "设", "胜", "利", "团", "结",
];

/// Two characters from an index, through a bijection of `0..CHARS.len()²`, so that
/// consecutive indices give unrelated-looking names.
fn two_chars(i: usize) -> String {
    let l = CHARS.len();
    let m = l * l;
    let j = (i % m * 7919 + 13) % m;
    format!("{}{}", CHARS[j / l], CHARS[j % l])
}

fn county_name(ci: usize) -> String {
    // 6400 two-character stems × 2 suffixes: unique for up to 12800 counties. Not
    // `…县`/`…区`: ylcheck reads a county-like name it does not know as no place (the
    // counties here are invented), where DuckDB and polars would compare the text.
    let m = CHARS.len() * CHARS.len();
    format!("{}{}", two_chars(ci % m), ["片", "组团"][(ci / m + ci) % 2])
}

const STREET_POOL: usize = 2000;
const COMMUNITY_POOL: usize = 6400;
const STREETS_PER_COUNTY: usize = 10;
const COMMUNITIES_PER_STREET: usize = 5;

fn street_name(p: usize) -> String {
    format!("{}街道", two_chars(1000 + p % STREET_POOL))
}

fn community_name(p: usize) -> String {
    format!("{}社区", two_chars(3000 + p % COMMUNITY_POOL))
}

const STREET_CENTER: &[&str] = &["street_center", "街道综合养老服务中心", "综合养老服务中心"];
const COMMUNITY_CENTER: &[&str] = &[
    "community_center",
    "社区养老服务设施",
    "社区老年人日间照料中心",
    "社区养老服务中心",
    "社区日间照料中心",
];
const COUNTY_SUPPORT: &[&str] = &[
    "county_support",
    "县级特困供养服务机构",
    "县级特困人员供养服务机构",
];
const TOWNSHIP_HOME: &[&str] = &["township_home", "乡镇敬老院", "敬老院"];
const RURAL_HOME: &[&str] = &["rural_home", "农村幸福院", "幸福院"];
const INSTITUTION: &[&str] = &["institution", "养老机构", "养老院"];
const DEMO: &[&str] = &["demo", "示范型"];
const BASIC: &[&str] = &["basic", "基本型"];
const OPERATOR: &[&str] = &[
    "government",
    "政府运营",
    "公办",
    "market",
    "民办",
    "public_private",
    "公建民营",
    "其他",
];
const LEVEL_CITY: &[&str] = &["city", "市"];
const LEVEL_COUNTY: &[&str] = &["county", "县", "区", "县（区）", "县区"];
const LEVEL_TOWNSHIP: &[&str] = &["township", "乡镇", "镇"];
const LEVEL_STREET: &[&str] = &["street", "街道"];
const LEVEL_COMMUNITY: &[&str] = &["community", "社区"];
const STATUS_NEW: &[&str] = &["new", "新建"];
const STATUS_EXISTING: &[&str] = &["existing", "已建成", "已建"];

const SERVICES: &[&str] = &["全托", "日托", "上门服务", "运营家庭养老床位"];
const SERVICES_EXTRA: &[&str] = &["助餐", "助浴", "助洁", "康复护理", "文化娱乐", "心理慰藉"];
const ROOMS: &[&str] = &["休息室", "娱乐室", "阅览室", "餐厅"];
const ROOMS_EXTRA: &[&str] = &["厨房", "卫生间", "活动室", "医务室", "棋牌室"];
const CCTV: &[&str] = &["出入口", "大厅", "走廊", "餐厅", "活动室", "院落"];
const DISTRICT_SUFFIX: &[&str] = &["苑", "花园", "小区", "华庭", "名苑", "家园", "府", "新城"];

// ---------------------------------------------------------------------------------------
// Rows.
// ---------------------------------------------------------------------------------------

struct Csv {
    out: BufWriter<File>,
    line: String,
}

impl Csv {
    fn create(path: &Path, header: &str) -> std::io::Result<Csv> {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
        out.write_all(header.as_bytes())?;
        out.write_all(b"\n")?;
        Ok(Csv {
            out,
            line: String::new(),
        })
    }
    fn row(&mut self, cells: &[String]) -> std::io::Result<()> {
        self.line.clear();
        for (i, c) in cells.iter().enumerate() {
            // No cell needs quoting: that keeps line = row index + 2 for every reader.
            debug_assert!(!c.contains([',', '"', '\n', '\r']));
            if i > 0 {
                self.line.push(',');
            }
            self.line.push_str(c);
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())
    }
    fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

const FACILITY_HEADER: &str = "name,kind,grade,county,street,community,floor_area,land_area,beds,nursing_beds,embedded_beds,services,rooms,operator,cctv,upgraded,lon,lat";
const REGION_HEADER: &str = "name,level,parent,population,elderly_population,care_land_area,family_beds,smart_care_covered,signed_rate";
const DISTRICT_HEADER: &str =
    "name,status,households,care_floor_area,plot_completion,care_started,lon,lat";

#[derive(Default)]
struct Facility {
    name: String,
    kind: Option<&'static str>,
    grade: Option<&'static str>,
    county: Option<String>,
    street: Option<String>,
    community: Option<String>,
    floor_area: Option<i64>,
    land_area: Option<i64>,
    beds: Option<i64>,
    nursing_beds: Option<i64>,
    embedded_beds: Option<i64>,
    services: String,
    rooms: String,
}

impl Facility {
    fn cells(mut self, rng: &mut Rng) -> Vec<String> {
        // A row whose nursing or embedded beds outnumber its beds contradicts itself:
        // ylcheck refuses its numbers (`check` in rules/entities.rules), so the data
        // set stays consistent and the peers need not model that.
        for part in [&mut self.nursing_beds, &mut self.embedded_beds] {
            if let (Some(b), Some(p)) = (self.beds, *part)
                && p > b
            {
                *part = Some(b);
            }
        }
        let operator = if rng.chance(20) {
            String::new()
        } else {
            rng.pick(OPERATOR).to_string()
        };
        let cctv = if rng.chance(20) {
            String::new()
        } else {
            let mut c: Vec<&str> = CCTV.to_vec();
            rng.shuffle(&mut c);
            c.truncate(rng.range(1, 4) as usize);
            c.join("、")
        };
        let upgraded = maybe!(rng, 20, rng.chance(800));
        vec![
            self.name,
            text(self.kind),
            text(self.grade),
            self.county.unwrap_or_default(),
            self.street.unwrap_or_default(),
            self.community.unwrap_or_default(),
            area_u(rng, self.floor_area),
            area_u(rng, self.land_area),
            num(self.beds),
            num(self.nursing_beds),
            num(self.embedded_beds),
            self.services,
            self.rooms,
            operator,
            cctv,
            boolean(upgraded),
            coord(rng, 110_360_000, 116_650_000),
            coord(rng, 31_380_000, 36_370_000),
        ]
    }
}

/// Plausible values for the fields no check looks at (or a kind whose checks don't).
fn generic(rng: &mut Rng, f: &mut Facility) {
    f.floor_area = maybe!(rng, 10, rng.range(8_000, 800_000));
    f.land_area = maybe!(rng, 10, rng.range(10_000, 2_000_000));
    f.beds = maybe!(rng, 10, rng.range(0, 300));
    f.nursing_beds = f
        .beds
        .map(|b| rng.range(0, b))
        .and_then(|v| maybe!(rng, 10, v));
    f.embedded_beds = maybe!(rng, 10, rng.range(0, 40));
    f.services = list(rng, SERVICES, SERVICES_EXTRA, 100);
    f.rooms = list(rng, ROOMS, ROOMS_EXTRA, 300);
}

fn generate(n: usize, dir: &Path) -> std::io::Result<()> {
    let counties = (n / 200).max(1);
    let mut fac = Csv::create(&dir.join("facility.csv"), FACILITY_HEADER)?;
    let mut reg = Csv::create(&dir.join("region.csv"), REGION_HEADER)?;
    let mut dis = Csv::create(&dir.join("district.csv"), DISTRICT_HEADER)?;
    let mut rf = Rng::new(0x5EED_FAC1 ^ (n as u64) << 20);
    let mut rr = Rng::new(0x5EED_4E61 ^ (n as u64) << 20);
    let mut rd = Rng::new(0x5EED_D157 ^ (n as u64) << 20);

    // Not `…市`, for the same reason as the counties' names.
    let city = "基准城".to_string();
    let pop = rr.range(3_000_000, 9_000_000);
    reg.row(&[
        city.clone(),
        rr.pick(LEVEL_CITY).to_string(),
        "河南省".into(),
        num(Some(pop)),
        num(Some(pop / 5)),
        area(Some(pop * 21)),
        num(Some(pop / 5 * 8 / 1000)),
        "91.5".into(),
        "93".into(),
    ])?;

    let mut written = 0usize;
    let mut names: std::collections::HashMap<(String, String, String), u32> =
        std::collections::HashMap::new();
    for ci in 0..counties {
        let quota = n / counties + usize::from(ci < n % counties);
        let county = county_name(ci);

        // --- the county's region rows ---------------------------------------------
        let population = rr.range(200_000, 1_500_000);
        let elderly = population * rr.range(150, 260) / 1000;
        let land = area_vs(&mut rr, population * 20); // 0.2 m² per resident, in hundredths
        let fb_t = (elderly * 72 + 9_999) / 10_000; // the least count ≥ elderly × 7.2‰
        let family_beds = count_vs(&mut rr, fb_t, fb_t / 3, fb_t * 3 / 2);
        let ratio = |r: &mut Rng| {
            maybe!(r, 10, {
                let h = r.range(6_000, 10_000);
                pct(r, h)
            })
        };
        let (smart, signed) = (ratio(&mut rr), ratio(&mut rr));
        let level = if rr.chance(3) {
            String::new()
        } else {
            rr.pick(LEVEL_COUNTY).to_string()
        };
        reg.row(&[
            county.clone(),
            level,
            city.clone(),
            num(maybe!(&mut rr, 10, population)),
            num(maybe!(&mut rr, 10, elderly)),
            area_u(&mut rr, land),
            num(family_beds),
            smart.unwrap_or_default(),
            signed.unwrap_or_default(),
        ])?;
        let township = format!("{}镇", two_chars(5000 + ci));
        region_row(
            &mut rr,
            &mut reg,
            &township,
            LEVEL_TOWNSHIP,
            &county,
            20_000,
            80_000,
        )?;

        let mut rows: Vec<Vec<String>> = Vec::with_capacity(quota + 8);
        // consecutive counties' windows of the pool overlap: street names repeat
        let street_base = ci * 7;
        for sj in 0..STREETS_PER_COUNTY {
            let street = street_name(street_base + sj);
            region_row(
                &mut rr,
                &mut reg,
                &street,
                LEVEL_STREET,
                &county,
                30_000,
                120_000,
            )?;
            let community_base = (ci * STREETS_PER_COUNTY + sj) * 3;
            let communities: Vec<String> = (0..COMMUNITIES_PER_STREET)
                .map(|k| community_name(community_base + k))
                .collect();

            // street centers: none for ~10 % of streets, two for ~3 %
            let centers = match rf.below(1000) {
                0..=99 => 0,
                100..=969 => 1,
                _ => 2,
            };
            for _ in 0..centers {
                rows.push(
                    street_center(&mut rf, &county, &street, &communities, counties).cells(&mut rf),
                );
            }
            for community in &communities {
                region_row(
                    &mut rr,
                    &mut reg,
                    community,
                    LEVEL_COMMUNITY,
                    &street,
                    3_000,
                    15_000,
                )?;
                if rf.chance(850) {
                    rows.push(
                        community_center(&mut rf, &county, &street, community).cells(&mut rf),
                    );
                }
            }
        }
        if rf.chance(900) {
            rows.push(county_support(&mut rf, &county).cells(&mut rf));
        }
        while rows.len() < quota {
            let street = street_name(street_base + rf.below(STREETS_PER_COUNTY as u64) as usize);
            let community = community_name(
                (ci * STREETS_PER_COUNTY + rf.below(STREETS_PER_COUNTY as u64) as usize) * 3
                    + rf.below(COMMUNITIES_PER_STREET as u64) as usize,
            );
            let f = match rf.below(1000) {
                0..=99 => township_home(&mut rf, &county, &township),
                100..=649 => rural_home(&mut rf, &county, &street, &community),
                650..=989 => institution(&mut rf, &county, &street, &community),
                _ => {
                    // no kind: unknown for every facility check (it may be any kind),
                    // and a center that its street and community may have
                    let mut f = Facility {
                        name: format!(
                            "{}{}养老服务站",
                            street.trim_end_matches("街道"),
                            two_chars(rf.below(6400) as usize)
                        ),
                        county: Some(county.clone()),
                        street: Some(street.clone()),
                        community: Some(community),
                        ..Default::default()
                    };
                    generic(&mut rf, &mut f);
                    f
                }
            };
            rows.push(f.cells(&mut rf));
        }
        rows.truncate(quota);
        for r in &mut rows {
            // The same name in the same county and street is one facility to ylcheck
            // (`key` in rules/entities.rules): a repeat gets a number of its own.
            let key = (r[0].clone(), r[3].clone(), r[4].clone());
            let seen = names.entry(key).or_insert(0u32);
            *seen += 1;
            if *seen > 1 {
                r[0] = format!("{}（{}）", r[0], seen);
            }
            fac.row(r)?;
        }
        written += rows.len();
    }
    assert_eq!(written, n, "facility quota");

    // --- districts ----------------------------------------------------------------------
    for i in 0..n / 2 {
        let name = format!(
            "{}{}",
            two_chars(7000 + (i * 31) % 6400),
            rd.pick(DISTRICT_SUFFIX)
        );
        let r = rd.below(1000);
        let status = if r < 10 {
            None
        } else if r < 450 {
            Some((true, *rd.pick(STATUS_NEW)))
        } else {
            Some((false, *rd.pick(STATUS_EXISTING)))
        };
        let households = maybe!(&mut rd, 10, rd.range(80, 3_500));
        // households / 100 × 30 m² is households × 30 hundredths of m²
        let rate = match status {
            Some((true, _)) => 30,
            Some((false, _)) => 20,
            None => *rd.pick(&[20, 30]),
        };
        let care = match households {
            Some(h) => area_vs(&mut rd, h * rate),
            None => maybe!(&mut rd, 10, rd.range(1_000, 100_000)),
        };
        let completion = maybe!(&mut rd, 10, rd.range(0, 1000));
        let started = maybe!(&mut rd, 10, rd.chance(700));
        dis.row(&[
            name,
            status.map(|s| s.1.to_string()).unwrap_or_default(),
            num(households),
            area_u(&mut rd, care),
            completion.map(|c| pct(&mut rd, c * 10)).unwrap_or_default(),
            boolean(started),
            coord(&mut rd, 113_700_000, 114_900_000),
            coord(&mut rd, 34_600_000, 35_000_000),
        ])?;
    }
    fac.finish()?;
    reg.finish()?;
    dis.finish()
}

fn region_row(
    rng: &mut Rng,
    reg: &mut Csv,
    name: &str,
    levels: &[&str],
    parent: &str,
    lo: i64,
    hi: i64,
) -> std::io::Result<()> {
    let population = rng.range(lo, hi);
    let elderly = population * rng.range(150, 260) / 1000;
    let cell = |r: &mut Rng, pm: u64, s: String| if r.chance(pm) { String::new() } else { s };
    let name = cell(rng, 5, name.to_string());
    let level = rng.pick(levels).to_string();
    let level = cell(rng, 3, level);
    let parent = cell(rng, 5, parent.to_string());
    let land = population * rng.range(10, 30);
    let land = area_u(rng, Some(land));
    let family = num(Some(elderly * rng.range(4, 10) / 1000));
    let smart = rng.range(5_000, 10_000);
    let smart = pct(rng, smart);
    let signed = rng.range(5_000, 10_000);
    let signed = pct(rng, signed);
    reg.row(&[
        name,
        level,
        parent,
        cell(rng, 10, num(Some(population))),
        cell(rng, 10, num(Some(elderly))),
        cell(rng, 10, land),
        cell(rng, 10, family),
        cell(rng, 10, smart),
        cell(rng, 10, signed),
    ])
}

fn street_center(
    rng: &mut Rng,
    county: &str,
    street: &str,
    communities: &[String],
    counties: usize,
) -> Facility {
    let mut f = Facility {
        name: format!("{street}综合养老服务中心"),
        kind: Some(*rng.pick(STREET_CENTER)),
        ..Default::default()
    };
    f.county = match rng.below(1000) {
        0..=14 => None,
        15..=24 => Some(county_name(rng.below(counties as u64) as usize)), // another county
        _ => Some(county.to_string()),
    };
    f.street = maybe!(rng, 10, street.to_string());
    f.community = maybe!(rng, 300, rng.pick(communities).clone());
    f.floor_area = area_vs(rng, 200_000);
    f.land_area = maybe!(rng, 10, rng.range(200_000, 1_000_000));
    f.embedded_beds = count_vs(rng, 50, 10, 120);
    f.beds = beds(rng, 40, 160);
    f.nursing_beds = nursing_vs(rng, f.beds);
    f.services = list(rng, SERVICES, SERVICES_EXTRA, 850);
    f.rooms = list(rng, ROOMS, ROOMS_EXTRA, 500);
    f
}

fn community_center(rng: &mut Rng, county: &str, street: &str, community: &str) -> Facility {
    let mut f = Facility {
        name: format!("{community}养老服务中心"),
        kind: Some(*rng.pick(COMMUNITY_CENTER)),
        county: Some(county.to_string()),
        ..Default::default()
    };
    generic(rng, &mut f);
    f.street = maybe!(rng, 10, street.to_string());
    f.community = maybe!(rng, 10, community.to_string());
    f.floor_area = area_vs(rng, 20_000);
    f.beds = maybe!(rng, 10, rng.range(0, 30));
    f.nursing_beds = f.beds.map(|b| rng.range(0, b));
    f
}

fn county_support(rng: &mut Rng, county: &str) -> Facility {
    let mut f = Facility {
        name: format!("{}特困人员供养服务中心", county),
        kind: Some(*rng.pick(COUNTY_SUPPORT)),
        county: Some(county.to_string()),
        ..Default::default()
    };
    generic(rng, &mut f);
    f.beds = if rng.chance(5) {
        Some(0)
    } else {
        count_vs(rng, 100, 40, 300)
    };
    f.nursing_beds = match f.beds {
        None => maybe!(rng, 300, rng.range(50, 200)),
        Some(b) => match rng.below(1000) {
            0..=9 => None,
            10..=79 => Some(rng.range(b * 55 / 100, b - 1).max(0)),
            _ => Some(b),
        },
    };
    f.floor_area = match f.beds {
        Some(b) if b > 0 => area_vs(rng, b * 3_000), // 30 m² per bed
        _ => maybe!(rng, 10, rng.range(100_000, 1_000_000)),
    };
    f
}

fn township_home(rng: &mut Rng, county: &str, township: &str) -> Facility {
    let mut f = Facility {
        name: format!("{}敬老院", township),
        kind: Some(*rng.pick(TOWNSHIP_HOME)),
        county: Some(county.to_string()),
        street: Some(township.to_string()),
        ..Default::default()
    };
    generic(rng, &mut f);
    f.beds = beds(rng, 20, 140);
    f.nursing_beds = nursing_vs(rng, f.beds);
    f
}

fn rural_home(rng: &mut Rng, county: &str, street: &str, community: &str) -> Facility {
    let village = format!("{}村", two_chars(rng.below(6400) as usize));
    let mut f = Facility {
        name: format!("{village}幸福院"),
        kind: Some(*rng.pick(RURAL_HOME)),
        county: Some(county.to_string()),
        street: Some(street.to_string()),
        community: maybe!(rng, 500, community.to_string()),
        ..Default::default()
    };
    generic(rng, &mut f);
    let g = rng.below(1000);
    let (grade, area_t, beds_t) = if g < 300 {
        (Some(*rng.pick(DEMO)), 20_000, 10)
    } else if g < 950 {
        (Some(*rng.pick(BASIC)), 10_000, 3)
    } else {
        (None, *rng.pick(&[10_000, 20_000]), *rng.pick(&[3, 10]))
    };
    f.grade = grade;
    f.floor_area = area_vs(rng, area_t);
    f.beds = count_vs(rng, beds_t, 0, beds_t * 3);
    f.nursing_beds = f.beds.map(|b| rng.range(0, b));
    f.rooms = list(rng, ROOMS, ROOMS_EXTRA, 850);
    f
}

fn institution(rng: &mut Rng, county: &str, street: &str, community: &str) -> Facility {
    let mut f = Facility {
        name: format!(
            "{}{}养老院",
            two_chars(rng.below(6400) as usize),
            rng.pick(&["颐养", "康养", "福寿", "安康", "夕阳红"])
        ),
        kind: Some(*rng.pick(INSTITUTION)),
        county: Some(county.to_string()),
        street: Some(street.to_string()),
        community: maybe!(rng, 300, community.to_string()),
        ..Default::default()
    };
    generic(rng, &mut f);
    f
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: generate N OUTDIR   (N ≥ 200 facilities; writes facility.csv, region.csv, district.csv)";
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    if n < 200 {
        eprintln!("{usage}");
        return ExitCode::from(2);
    }
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| generate(n, &dir)) {
        eprintln!("generate: {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    eprintln!("generated {n} facilities in {}", dir.display());
    ExitCode::SUCCESS
}
