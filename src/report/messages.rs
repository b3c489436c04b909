//! A finding's message, requirement and shortfall as text, filled from the rule's
//! templates: what every format shows as the finding itself.

use super::{Amount, Context, Figures, amount};
use crate::data::Value;
use crate::eval::Finding;
use crate::i18n::tr;
use crate::pack::{FaultSeg, Seg};

impl<'a> Context<'a> {
    /// The rule's message for this record, or its title when it has none.
    pub fn message(&self, f: &Finding) -> String {
        let rule = self.rule(f);
        rule.message
            .as_ref()
            .and_then(|(zh, en)| self.fill(f, self.lang.pick_ref::<Vec<Seg>>(zh, en)))
            .unwrap_or_else(|| rule.title.get(self.lang).to_string())
    }

    /// What the rule requires of this record in the reader's words, with its
    /// figures: the rule's `requirement`, or its title when it has none or a figure
    /// it shows (`{required}` of a record that did not fail on a comparison) is not
    /// known.
    pub fn requirement(&self, f: &Finding) -> String {
        self.stated_requirement(f)
            .unwrap_or_else(|| self.rule(f).title.get(self.lang).to_string())
    }

    /// Why the rule could not decide, as its `unknown` says, when it says and the
    /// figures it shows are known.
    pub fn stated_reason(&self, f: &Finding, why: u16) -> Option<String> {
        self.rule(f)
            .reasons
            .get(usize::from(why))
            .and_then(|(zh, en)| self.fill(f, self.lang.pick_ref::<Vec<Seg>>(zh, en)))
    }

    /// The rule's own `requirement` for this record, when it has one and its
    /// figures are known.
    pub fn stated_requirement(&self, f: &Finding) -> Option<String> {
        self.rule(f)
            .requirement
            .as_ref()
            .and_then(|(zh, en)| self.fill(f, self.lang.pick_ref::<Vec<Seg>>(zh, en)))
    }

    /// The figure a failed comparison required, in its unit.
    pub fn required_amount(&self, f: &Finding) -> Option<Amount> {
        f.comparison.map(|c| amount(c.required, &c.display))
    }

    /// The figure a failed comparison required, as the report prints it.
    fn required_text(&self, f: &Finding) -> Option<String> {
        f.comparison.map(|c| Figures::of(&c).required)
    }

    /// The fields at fault, for a report line of their own: only where there are
    /// several and the message does not already name them.
    pub fn faults_note(&self, f: &Finding) -> Option<String> {
        let named = self
            .rule(f)
            .message
            .iter()
            .flat_map(|(zh, en)| zh.iter().chain(en))
            .any(|s| matches!(s, Seg::Faults | Seg::FaultsEach(_)));
        if named || f.faults.len() < 2 {
            return None;
        }
        self.faults(f)
    }

    /// The fields at fault, as the reader knows them: `社区养老服务设施目标、护理员培训目标`.
    pub fn faults(&self, f: &Finding) -> Option<String> {
        if f.faults.is_empty() {
            return None;
        }
        let ent = self.entity(f);
        // English reports name a field by its identifier, quoted as code, as they
        // do everywhere else.
        let names: Vec<String> = f
            .faults
            .iter()
            .map(|&s| match self.lang {
                crate::i18n::Lang::Zh => self.field_label(ent, s).to_string(),
                crate::i18n::Lang::En => format!("`{}`", self.field_label(ent, s)),
            })
            .collect();
        Some(names.join(self.lang.pick("、", ", ")))
    }

    /// `{faults: …}`: the pattern filled for every part at fault, with its column
    /// and its figures (each as a failed comparison's are printed, never reading as
    /// the other), joined by `；`. A part that is no comparison gives its column.
    fn each_fault(&self, f: &Finding, pattern: &[FaultSeg]) -> Option<String> {
        if f.faults.is_empty() {
            return None;
        }
        let ent = self.entity(f);
        let parts: Vec<String> = f
            .faults
            .iter()
            .enumerate()
            .map(|(k, &slot)| {
                let column = self.field_label(ent, slot);
                let Some(c) = f.fault_figures.get(k).copied().flatten() else {
                    return column.to_string();
                };
                let figures = Figures::of(&c);
                pattern
                    .iter()
                    .map(|p| match p {
                        FaultSeg::Lit(t) => t.as_str(),
                        FaultSeg::Column => column,
                        FaultSeg::Actual => &figures.actual,
                        FaultSeg::Required => &figures.required,
                    })
                    .collect()
            })
            .collect();
        Some(parts.join(self.lang.pick("；", "; ")))
    }

    /// A message template filled from a finding, or `None` when a figure it
    /// shows is not part of this finding.
    fn fill(&self, f: &Finding, segs: &[Seg]) -> Option<String> {
        let rule = self.rule(f);
        let ent = self.entity(f);
        let mut out = String::new();
        let blank = |seg: Option<&Seg>| match seg {
            Some(Seg::Field(slot)) => matches!(self.value(f, *slot), None | Some(Value::Missing)),
            _ => false,
        };
        fn lit(seg: Option<&Seg>) -> Option<&str> {
            match seg {
                Some(Seg::Lit(t)) => Some(t.as_str()),
                _ => None,
            }
        }
        const OPEN: [char; 2] = ['（', '('];
        const CLOSE: [char; 2] = ['）', ')'];
        // A blank field is said once: a parenthesised blank right after a blank
        // (`{staff2}（{level2}）`, both blank) adds nothing, and is left out.
        let mut skip_close = false;
        let mut i = 0;
        while let Some(seg) = segs.get(i) {
            i += 1;
            match seg {
                Seg::Lit(t) if skip_close => {
                    skip_close = false;
                    out.push_str(t.strip_prefix(CLOSE).unwrap_or(t));
                }
                Seg::Lit(t) => out.push_str(t),
                Seg::Field(slot) => match self.value(f, *slot) {
                    // Which field is blank, not a bare "(blank)"; inside the template's
                    // own parentheses, without a second pair.
                    None | Some(Value::Missing) => {
                        let label = self.field_label(ent, *slot);
                        let enclosed = i >= 2
                            && lit(segs.get(i - 2)).is_some_and(|t| t.ends_with(OPEN))
                            && lit(segs.get(i)).is_some_and(|t| t.starts_with(CLOSE));
                        // Right after its own name (`床位数{beds}`) a blank is just 未填,
                        // not the name again in parentheses.
                        let named =
                            i >= 2 && lit(segs.get(i - 2)).is_some_and(|t| names_tail(t, label));
                        out.push_str(&match (enclosed, named, self.lang) {
                            (_, true, crate::i18n::Lang::Zh) => "未填".to_string(),
                            (_, true, crate::i18n::Lang::En) => " blank".to_string(),
                            (true, _, crate::i18n::Lang::Zh) => format!("{label}未填"),
                            (true, _, crate::i18n::Lang::En) => format!("{label} blank"),
                            (false, _, _) => tr(
                                self.lang,
                                format!("（{label}未填）"),
                                format!("({label} blank)"),
                            ),
                        });
                        if lit(segs.get(i)).is_some_and(|t| t.trim() == "（" || t.trim() == "(")
                            && blank(segs.get(i + 1))
                            && lit(segs.get(i + 2)).is_some_and(|t| t.starts_with(CLOSE))
                        {
                            i += 2;
                            skip_close = true;
                        }
                    }
                    // A cell's text is shown on the message's one line.
                    v => out.push_str(&crate::escape::quoted(&self.show_value(ent, *slot, v))),
                },
                Seg::Let(i) => {
                    let bounds = f
                        .let_bounds
                        .iter()
                        .find(|(j, _, _)| j == i)
                        .map(|&(_, lo, hi)| (lo, hi));
                    out.push_str(&crate::escape::line(&self.show_let(
                        rule,
                        *i,
                        f.lets.get(*i),
                        bounds,
                        f.comparison.as_ref(),
                    )));
                }
                Seg::Required => out.push_str(&self.required_text(f)?),
                Seg::Faults => out.push_str(&self.faults(f)?),
                Seg::FaultsEach(pattern) => out.push_str(&self.each_fault(f, pattern)?),
                Seg::Lacking if f.lacking.is_empty() => return None,
                Seg::Lacking => out.push_str(&crate::escape::line(
                    &f.lacking.join(self.lang.pick("、", ", ")),
                )),
            }
        }
        Some(out)
    }

    /// The finding's message (or, for an unknown, why) with its shortfall and
    /// citation: what the CI formats show, where there is no room for more.
    pub fn full_message(&self, f: &Finding) -> String {
        let rule = self.rule(f);
        let lang = self.lang;
        let mut m = match f.outcome {
            crate::eval::Outcome::Unknown => self.unknown_reason(f),
            _ => self.message(f) + &self.progress_note(f),
        };
        if f.outcome != crate::eval::Outcome::Unknown
            && let Some(req) = self.stated_requirement(f)
        {
            m.push_str(&tr(
                lang,
                format!("；要求：{req}"),
                format!("; required: {req}"),
            ));
        }
        if let Some(a) = f.comparison.and_then(|c| Figures::of(&c).shortfall) {
            m.push_str(&tr(lang, format!("；差额 {a}"), format!("; short by {a}")));
        }
        m.push_str(&tr(
            lang,
            format!("（依据：{}）", rule.cite),
            format!(" (source: {})", rule.cite),
        ));
        m
    }

    /// For a task with a deadline: whether it is behind or overdue, and the deadline.
    pub fn progress_note(&self, f: &Finding) -> String {
        use crate::eval::Progress;
        match f.progress {
            Some(Progress::Behind(d)) => tr(
                self.lang,
                format!("（进度落后，期限 {d}）"),
                format!(" (behind; due {d})"),
            ),
            Some(Progress::Overdue(d)) => tr(
                self.lang,
                format!("（已逾期，期限 {d}）"),
                format!(" (overdue; due {d})"),
            ),
            None => String::new(),
        }
    }

    /// A finding in one line, as the machine formats and the findings workbook
    /// give it: an unknown as the rule's title and why it could not be decided,
    /// else the rule's message with its deadline's note.
    pub fn one_line(&self, f: &Finding) -> String {
        match f.outcome {
            crate::eval::Outcome::Unknown => format!(
                "{}{}{}",
                self.rule(f).title.get(self.lang),
                self.lang.pick("：", ": "),
                self.unknown_reason(f)
            ),
            _ => self.message(f) + &self.progress_note(f),
        }
    }
}

/// Whether a message's text ends with (the last part of) a field's own name: the
/// words after its last separator, at least two characters, that the name ends
/// with (`、护理型床位数` for `县级特困供养机构护理型床位数`).
fn names_tail(text: &str, label: &str) -> bool {
    const SEPARATORS: &[char] = &[
        '、', '，', ',', '；', ';', '：', ':', '（', '(', '）', ')', '。', ' ', '“', '”',
    ];
    let tail = text.rsplit(SEPARATORS).next().unwrap_or("");
    tail.chars().count() >= 2 && label.ends_with(tail)
}
