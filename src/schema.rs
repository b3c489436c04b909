//! Entities and their fields, as a pack's `entity` declarations define them.
//!
//! The engine knows no entity by name: `facility`, `region` and the rest, their
//! fields, units, enum values and Chinese column names all come from `rules/`.

use crate::units::{Dim, Unit};

/// Index of an entity in [`Schema::entities`].
pub type EntityId = usize;
/// Index of a field in [`Entity::fields`]: the record's value slot.
pub type Slot = usize;

/// Every entity known to a compiled rule set.
#[derive(Debug, Default, Clone)]
pub struct Schema {
    pub entities: Vec<Entity>,
    /// Geometry fields that fall back to a point made of two number fields
    /// (`location … or point(lon, lat)`), so a table with `经度`/`纬度` columns is
    /// located without a `位置` column.
    pub points: Vec<PointFrom>,
    /// Enum fields that are the level of a place field's place
    /// (`level … or level(name, province, city, county)`).
    pub levels: Vec<LevelFrom>,
}

/// An enum field holding the level of the place a place field names: where the
/// gazetteer knows the place, its level is the place's, whatever the cell says of
/// a province, city or county (`市` is a prefecture-level city or a county-level
/// one; `汝州市` is the latter), and a blank cell is filled. Or, `by` an office,
/// the level of the government office a text field names (`兰考县民政局` is a
/// county's), which fills a blank cell only: a staff member's stated level stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelFrom {
    pub entity: EntityId,
    pub target: Slot,
    pub place: Slot,
    pub by: LevelBy,
    /// The enum's values for a province, a city, a county and a township (the
    /// last only `by` an office).
    pub values: [Option<u16>; 4],
}

/// What names the place whose level a [`LevelFrom`] field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelBy {
    /// A place field (`or level(name, …)`).
    Place,
    /// A text field naming a government office (`or office_level(unit1, …)`).
    Office,
}

/// A geometry field read from a longitude and a latitude field when the record
/// has no value of its own for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointFrom {
    pub entity: EntityId,
    pub target: Slot,
    pub lon: Slot,
    pub lat: Slot,
}

#[derive(Debug, Clone, Default)]
pub struct Entity {
    pub name: String,
    /// Chinese (or other) names of the entity, e.g. `设施`.
    pub labels: Vec<String>,
    pub fields: Vec<Field>,
    /// What every record must satisfy (`check nursing_beds <= beds …`), checked as
    /// it is read: a record that contradicts itself has no trustworthy figure, so
    /// the fields of a failed check are unreadable to every rule.
    pub checks: Vec<Invariant>,
    /// The fields that make two records the same thing (`key name, county`): a
    /// second record with the same values is a duplicate, counted once.
    pub key: Vec<Slot>,
    /// `disjoint location`: records whose areas in this geometry field overlap
    /// share that land, and it is counted once.
    pub disjoint: Option<Slot>,
    /// The region of the pack that declares the entity, if it has one: a table
    /// only that document defines (Kaifeng's task table) is that region's, so a
    /// row naming no place, or a name several cities share, is settled there.
    pub home: Option<String>,
}

/// One `check` of an entity: `left op right`.
#[derive(Debug, Clone, PartialEq)]
pub struct Invariant {
    pub left: Slot,
    pub op: Cmp,
    pub right: Operand,
    pub zh: String,
    pub en: String,
}

/// The comparison of an [`Invariant`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Le,
    Lt,
    Ge,
    Gt,
}

impl Cmp {
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Le => "<=",
            Cmp::Lt => "<",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
        }
    }

    pub fn holds(self, a: crate::num::Q, b: crate::num::Q) -> bool {
        match self {
            Cmp::Le => a <= b,
            Cmp::Lt => a < b,
            Cmp::Ge => a >= b,
            Cmp::Gt => a > b,
        }
    }
}

/// The right side of an [`Invariant`]: another field, or a constant in the base unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Field(Slot),
    Const(crate::num::Q),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    /// Column headers accepted for this field besides its name, Chinese first.
    pub aliases: Vec<String>,
    /// A place field whose cell names a county (`place county`): a city written
    /// there says only that the county is one of the city's, which is unknown.
    pub names_county: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    Text,
    /// A province, city or county name (`淮阳区`, `周口市淮阳区`): stored as the
    /// gazetteer's full name, so that joins and `==` compare places, not
    /// spellings. Names of smaller units (streets, communities) stay as written.
    Place,
    /// A smaller unit's name (a street, town, community or village): stored as its
    /// identity ([`crate::region::unit_name`]), so `北书店街道办事处` and `龙亭区北书店街道`
    /// are `北书店街道`.
    Locality,
    Bool,
    Date,
    /// A list of text items, written `a、b、c` (also `;` `,` `，` `；`).
    List,
    /// A number of the given dimension. `unit` is how a bare number in a data cell
    /// is read and how reports print the value; `None` means the base unit.
    /// `count` marks a count of things (beds, households), printed without unit.
    Quantity {
        dim: Dim,
        unit: Option<&'static Unit>,
        count: bool,
        /// Kept with the precision it was written at (`67%` is 66.5 %–67.5 %), for
        /// checking a reported figure against its calculation (`agrees`).
        reported: bool,
    },
    Enum(Variants),
    /// A site or boundary in longitude–latitude, read from GeoJSON or a plan.
    Geometry,
}

/// An enum's variants, with every name and label indexed: a data cell of an
/// enum is read once per record, and is found by one hash, not by comparing it
/// with each label of each variant in turn.
#[derive(Debug, Clone)]
pub struct Variants {
    list: Vec<Variant>,
    /// Each name and label, to the first variant it names.
    index: foldhash::HashMap<Box<str>, u16>,
}

impl From<Vec<Variant>> for Variants {
    fn from(list: Vec<Variant>) -> Variants {
        let mut index = foldhash::HashMap::default();
        for (i, v) in list.iter().enumerate() {
            let Ok(i) = u16::try_from(i) else { break };
            for text in std::iter::once(&v.name).chain(&v.labels) {
                index.entry(text.as_str().into()).or_insert(i);
            }
        }
        Variants { list, index }
    }
}

#[cfg(test)]
impl FieldType {
    /// An enum of `(name, label)` variants, none of them `maybe` another: the
    /// enums tests read cells against.
    pub(crate) fn labelled(variants: &[(&str, &str)]) -> FieldType {
        let list: Vec<Variant> = variants
            .iter()
            .map(|(name, label)| Variant {
                name: (*name).into(),
                labels: vec![(*label).into()],
                maybe: Vec::new(),
            })
            .collect();
        FieldType::Enum(list.into())
    }
}

impl std::ops::Deref for Variants {
    type Target = [Variant];
    fn deref(&self) -> &[Variant] {
        &self.list
    }
}

impl PartialEq for Variants {
    fn eq(&self, other: &Variants) -> bool {
        self.list == other.list
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    /// Chinese labels accepted in data, the first one printed in zh reports.
    pub labels: Vec<String>,
    /// The values this one may be (`maybe [street_center, …]`), by index: a record
    /// of this value compared with one of them is unknown, never equal nor unequal.
    pub maybe: Vec<u16>,
}

impl Schema {
    /// The place-level fields of one entity.
    pub fn levels_of(&self, entity: EntityId) -> impl Iterator<Item = &LevelFrom> {
        self.levels.iter().filter(move |p| p.entity == entity)
    }

    /// The field a field of `entity` is read from when its own column is absent
    /// (the 单位 a blank 级别 is read from, the 经度 of a location), if `has`
    /// says the input has the column(s) it is read from.
    pub fn derived_from(
        &self,
        entity: EntityId,
        slot: Slot,
        has: impl Fn(Slot) -> bool,
    ) -> Option<Slot> {
        self.levels_of(entity)
            .find(|l| l.target == slot && has(l.place))
            .map(|l| l.place)
            .or_else(|| {
                self.points_of(entity)
                    .find(|p| p.target == slot && has(p.lon) && has(p.lat))
                    .map(|p| p.lon)
            })
    }

    /// The name slot of an entity whose records are places (its level is `or
    /// level(name, …)` of its own name): a 合计 row of such a table may be the
    /// row of the city whose counties it sums, which the run decides.
    pub fn place_name_slot(&self, entity: EntityId) -> Option<Slot> {
        let name = self.entities.get(entity)?.name_slot()?;
        self.levels_of(entity)
            .any(|l| l.by == LevelBy::Place && l.place == name)
            .then_some(name)
    }

    /// The point fallbacks of one entity.
    pub fn points_of(&self, entity: EntityId) -> impl Iterator<Item = &PointFrom> {
        self.points.iter().filter(move |p| p.entity == entity)
    }

    /// The entity closest to a misspelt `name`, as a message names it: in Chinese
    /// its label even when the name was closer (`facilty` suggests `养老服务设施`).
    pub fn suggest_entity(&self, name: &str, lang: crate::i18n::Lang) -> Option<&str> {
        let all = self.entities.iter().flat_map(|e| {
            std::iter::once(&e.name)
                .chain(&e.labels)
                .map(String::as_str)
        });
        let hit = crate::diag::suggest(name, all)?;
        let e = self.entity(hit).and_then(|e| self.entities.get(e))?;
        Some(if lang.is_zh() && e.name == hit {
            e.shown(lang)
        } else {
            hit
        })
    }

    pub fn entity(&self, name: &str) -> Option<EntityId> {
        self.entities
            .iter()
            .position(|e| e.name == name || e.labels.iter().any(|l| l == name))
    }
}

impl Entity {
    /// How a message names the entity: its first label in Chinese (`养老服务设施`),
    /// its name in English (`facility`). Chinese text never shows an identifier.
    pub fn shown(&self, lang: crate::i18n::Lang) -> &str {
        match (lang, self.labels.first()) {
            (crate::i18n::Lang::Zh, Some(l)) => l,
            _ => &self.name,
        }
    }

    /// Finds a field by its canonical name or any alias (exact match).
    pub fn field(&self, name: &str) -> Option<Slot> {
        self.fields.iter().position(|f| f.name == name).or_else(|| {
            self.fields
                .iter()
                .position(|f| f.aliases.iter().any(|a| a == name))
        })
    }

    /// The slots of the fields that say where a record is, in the order they
    /// place it: its own name first (a region row), then the others.
    pub fn place_slots(&self) -> Vec<Slot> {
        let mut out: Vec<Slot> = (0..self.fields.len())
            .filter(|&s| self.fields[s].ty == FieldType::Place)
            .collect();
        if let Some(n) = self.name_slot()
            && let Some(i) = out.iter().position(|&s| s == n)
        {
            out.remove(i);
            out.insert(0, n);
        }
        out
    }

    /// The slot of the field that names a record (`name`, else the first text field).
    pub fn name_slot(&self) -> Option<Slot> {
        self.fields
            .iter()
            .position(|f| f.name == "name")
            .or_else(|| {
                self.fields
                    .iter()
                    .position(|f| matches!(f.ty, FieldType::Text | FieldType::Place))
            })
    }
}

impl Field {
    /// How a message names the field: its first Chinese alias, the column header a
    /// form uses (`建设状态`), in Chinese; its name (`status`) in English.
    pub fn shown(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => self
                .aliases
                .iter()
                .find(|a| !a.is_ascii())
                .unwrap_or(&self.name),
            crate::i18n::Lang::En => &self.name,
        }
    }
}

impl Variant {
    /// How a message names the value: its first label in Chinese (`新建`), its
    /// name in English (`new`).
    pub fn shown(&self, lang: crate::i18n::Lang) -> &str {
        match (lang, self.labels.first()) {
            (crate::i18n::Lang::Zh, Some(l)) => l,
            _ => &self.name,
        }
    }
}

impl FieldType {
    /// The value closest to `text` among an enum's names and labels, as a message
    /// names it: in Chinese a label, never a name (`new` suggests `新建`).
    pub fn suggest(&self, text: &str, lang: crate::i18n::Lang) -> Option<String> {
        let FieldType::Enum(vs) = self else {
            return None;
        };
        let candidates = vs.iter().flat_map(|v| {
            std::iter::once(v.name.as_str()).chain(v.labels.iter().map(String::as_str))
        });
        let hit = crate::diag::suggest(text, candidates)?;
        let v = vs
            .iter()
            .find(|v| v.name == hit || v.labels.iter().any(|l| l == hit))?;
        Some(
            if lang.is_zh() && v.name == hit {
                v.shown(lang)
            } else {
                hit
            }
            .to_string(),
        )
    }

    /// The variant index of an enum value given by name or label.
    pub fn variant(&self, text: &str) -> Option<u16> {
        match self {
            FieldType::Enum(vs) => vs.index.get(text).copied(),
            _ => None,
        }
    }

    /// How reports print a value's unit for this field.
    pub fn unit_symbol(&self) -> String {
        match self {
            FieldType::Quantity { unit: Some(u), .. } => u.symbol.to_string(),
            FieldType::Quantity { dim, .. } => dim.base_symbol(),
            _ => String::new(),
        }
    }
}
