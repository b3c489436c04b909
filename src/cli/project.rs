//! The project's settings, `ylcheck.toml`: found by walking up from the current
//! directory (as ruff and eslint find theirs) or named with `--config`, so a
//! bureau's or a planner's repository says once which region, packs, waivers and
//! format its checks use. A flag given on the command line wins over the file.

use super::error::{CliError, Errors};
use clap::ValueEnum;
use jiff::civil::Date;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ylcheck::diag::Diag;
use ylcheck::i18n::Lang;
use ylcheck::lang::params::Override;
use ylcheck::settings::{Doc, entries};

/// The file's name.
pub const FILE: &str = "ylcheck.toml";

/// The keys of `ylcheck.toml`.
const KEYS: &[&str] = &[
    "rules",
    "region",
    "as_of",
    "select",
    "ignore",
    "fail_on",
    "waivers",
    "format",
    "lang",
    "params",
    "allow_empty",
];

/// What `ylcheck.toml` says; a key it leaves out is `None`. Paths in it are
/// already joined to the file's directory.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    /// Where it was read from, as the user would name it (`../../ylcheck.toml`).
    pub path: String,
    /// Packs checked beside the embedded ones.
    pub rules: Option<Vec<String>>,
    pub region: Option<String>,
    pub as_of: Option<Date>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<super::FailOn>,
    pub waivers: Option<String>,
    pub format: Option<super::FormatArg>,
    pub lang: Option<Lang>,
    /// `[params]`, in the order written.
    pub params: Vec<Override>,
    /// A run that checks nothing passes (`--allow-empty`).
    pub allow_empty: Option<bool>,
}

/// The `--config` and `--no-config` flags, which every command but `init` reads.
#[derive(clap::Args, Debug, Default)]
pub struct ConfigArgs {
    /// Read the project settings from PATH (default: the nearest ylcheck.toml from
    /// the current directory up)
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<String>,
    /// Ignore any ylcheck.toml
    #[arg(long, global = true, conflicts_with = "config")]
    no_config: bool,
}

/// The names clap accepts for a value enum, so the file takes exactly what the
/// flag does.
fn names<T: ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_string())
        .collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn value<T: ValueEnum>(name: &str) -> Option<T> {
    T::from_str(name, false).ok()
}

/// The nearest `ylcheck.toml` in `dir` or above it, named relative to `dir`
/// (`ylcheck.toml`, `../ylcheck.toml`, …) so reports name it as the user sees it.
pub fn discover(dir: &Path) -> Option<String> {
    let mut up = PathBuf::new();
    for d in dir.ancestors() {
        if d.join(FILE).is_file() {
            return Some(up.join(FILE).to_string_lossy().into_owned());
        }
        up.push("..");
    }
    None
}

/// The settings in force: from `--config`, or found from the current directory,
/// or none (`--no-config`, or no file anywhere up).
pub fn load(args: &ConfigArgs, lang: Lang) -> Result<Option<Config>, Errors> {
    if args.no_config {
        return Ok(None);
    }
    let path = match &args.config {
        Some(p) => p.clone(),
        None => match std::env::current_dir().ok().and_then(|d| discover(&d)) {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let bytes = super::read_input(&path)?;
    let text =
        String::from_utf8(bytes).map_err(|_| CliError::ConfigNotUtf8 { path: path.clone() })?;
    Ok(Some(parse(&path, Arc::from(text), lang)?))
}

/// Reads `ylcheck.toml`'s text; `path` is where it is, for joining the paths in it.
pub fn parse(path: &str, text: Arc<str>, lang: Lang) -> Result<Config, Vec<Diag>> {
    let mut doc = Doc::new(path, text.clone(), lang);
    let root = doc.parse(&text)?;
    let dir = Path::new(path).parent().unwrap_or(Path::new(""));
    let join = |p: String| dir.join(p).to_string_lossy().into_owned();
    let mut c = Config {
        path: path.to_string(),
        ..Config::default()
    };
    let formats = names::<super::FormatArg>();
    let fail_ons = names::<super::FailOn>();
    let langs = names::<super::LangArg>();
    for (key, v) in entries(root.get_ref()) {
        let k = key.get_ref().as_ref();
        match k {
            "rules" => c.rules = doc.strings(k, v).map(|v| v.into_iter().map(join).collect()),
            "region" => c.region = doc.string(k, v),
            "as_of" => c.as_of = doc.date(k, v),
            "select" => c.select = doc.strings(k, v),
            "ignore" => c.ignore = doc.strings(k, v),
            "fail_on" => c.fail_on = doc.choice(k, v, &refs(&fail_ons)).and_then(|s| value(&s)),
            "waivers" => c.waivers = doc.string(k, v).map(join),
            "allow_empty" => c.allow_empty = doc.boolean(k, v),
            "format" => c.format = doc.choice(k, v, &refs(&formats)).and_then(|s| value(&s)),
            "lang" => {
                c.lang = doc
                    .choice(k, v, &refs(&langs))
                    .and_then(|s| value(&s))
                    .map(super::LangArg::lang);
            }
            "params" => {
                if let Some(t) = doc.table(k, v) {
                    for (name, q) in entries(t) {
                        let n = name.get_ref().to_string();
                        if let Some(value) = doc.quantity(&format!("params.{n}"), &n, q) {
                            // From the name to the end of the value.
                            let (from, to) = (name.span().start, q.span().end);
                            c.params.push(Override {
                                name: n,
                                value,
                                from: Some((path.to_string(), text.clone(), (from, to - from))),
                            });
                        }
                    }
                }
            }
            _ => {
                doc.unknown_key(key, KEYS);
            }
        }
    }
    if doc.errors.is_empty() {
        Ok(c)
    } else {
        Err(doc.errors)
    }
}

/// The rule files a run checks with: `given` (`--rules`) alone, else the embedded
/// packs and the project's (`rules` in ylcheck.toml) beside them.
pub fn rule_files_in_force(
    given: &[String],
    beside: &[String],
) -> Result<Vec<(String, Arc<str>)>, Errors> {
    if !given.is_empty() || beside.is_empty() {
        return super::read_rule_files(given);
    }
    let mut files = super::read_rule_files(&[])?;
    let extra = super::read_rule_files(beside)?;
    files.extend(
        extra
            .into_iter()
            .filter(|(name, _)| name != ylcheck::embedded::ENTITIES.0),
    );
    Ok(files)
}

/// Reads and checks a waivers file: a bad one stops the run before any input is read.
pub fn read_waivers(path: &str, lang: Lang) -> Result<ylcheck::waiver::Waivers, Errors> {
    let bytes = super::read_input(path)?;
    let text = String::from_utf8(bytes).map_err(|_| CliError::WaiversNotUtf8 {
        path: path.to_string(),
    })?;
    Ok(ylcheck::waiver::Waivers::parse(
        path,
        Arc::from(text),
        lang,
    )?)
}

/// A list flag given on the command line replaces the file's list.
pub fn list(flag: Vec<String>, file: Option<&Vec<String>>) -> Vec<String> {
    match (flag.is_empty(), file) {
        (true, Some(v)) => v.clone(),
        _ => flag,
    }
}

/// The file's `[params]` with the `--param` flags over them, name by name.
pub fn params(
    flags: &[String],
    file: Option<&Config>,
    lang: Lang,
) -> Result<Vec<Override>, Errors> {
    let flags = flags
        .iter()
        .map(|p| ylcheck::rules::param_flag(p, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out: Vec<Override> = file
        .map(|c| c.params.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|o| !flags.iter().any(|f| f.name == o.name))
        .cloned()
        .collect();
    out.extend(flags);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_file() {
        let text = "rules = [\"rules/extra.rules\"]\nwaivers = \"waivers.toml\"\n[params]\nwalk_radius = \"800 m\"\nn = 3\n";
        let c = parse("../../ylcheck.toml", Arc::from(text), Lang::En).expect("parses");
        assert_eq!(c.rules, Some(vec!["../../rules/extra.rules".to_string()]));
        assert_eq!(c.waivers.as_deref(), Some("../../waivers.toml"));
        let pairs: Vec<(&str, &str)> = c
            .params
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_str()))
            .collect();
        assert_eq!(pairs, [("walk_radius", "800 m"), ("n", "3")]);
        let spans: Vec<&str> = c
            .params
            .iter()
            .filter_map(|o| o.from.as_ref())
            .map(|(_, t, (at, len))| &t[*at..at + len])
            .collect();
        assert_eq!(spans, ["walk_radius = \"800 m\"", "n = 3"]);
        let here = parse("ylcheck.toml", Arc::from(text), Lang::En).expect("parses");
        assert_eq!(here.waivers.as_deref(), Some("waivers.toml"));
    }

    #[test]
    fn flags_override_the_file() {
        let from_file = |name: &str, value: &str| Override {
            name: name.into(),
            value: value.into(),
            from: Some(("ylcheck.toml".into(), Arc::from(""), (0, 0))),
        };
        let c = Config {
            params: vec![from_file("walk_radius", "800 m"), from_file("k", "1")],
            select: Some(vec!["kaifeng-*".into()]),
            ..Config::default()
        };
        let flag = Override {
            name: "walk_radius".into(),
            value: "500m".into(),
            from: None,
        };
        assert_eq!(
            params(&["walk_radius=500m".into()], Some(&c), Lang::En).expect("a valid flag"),
            vec![from_file("k", "1"), flag]
        );
        assert_eq!(
            list(vec![], c.select.as_ref()),
            vec!["kaifeng-*".to_string()]
        );
        assert_eq!(
            list(vec!["x".into()], c.select.as_ref()),
            vec!["x".to_string()]
        );
    }

    #[test]
    fn discovery_walks_up() {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let deep = tmp.path().join("a/b");
        std::fs::create_dir_all(&deep).expect("mkdir");
        std::fs::write(tmp.path().join(FILE), "").expect("write");
        assert_eq!(discover(&deep).as_deref(), Some("../../ylcheck.toml"));
        assert_eq!(discover(tmp.path()).as_deref(), Some("ylcheck.toml"));
    }
}
