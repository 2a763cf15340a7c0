//! An instrument's history checked against its header and its versions: the header's dates
//! are those of the history's events, every version falls within the instrument's life and
//! names an amendment the history holds. An instrument that ran its course has its open
//! versions closed at its last day.

use chrono::NaiveDate;

use super::model::{EventKind, HistoryEvent, Instrument, InstrumentStatus, Provision, Version};

/// One place where an instrument's header or a version disagrees with its history.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// The YAML path of the value at fault (`first_in_force`, `provisions[2].versions[0]`).
    pub ypath: String,
    /// What disagrees with what.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// Every disagreement between `inst`'s header, history and versions.
pub fn disagreements(inst: &Instrument) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let mut found = |ypath: &str, message: String, help: &str| {
        out.push(Disagreement {
            ypath: ypath.to_string(),
            message,
            help: help.to_string(),
        })
    };
    for (i, pair) in inst.history.windows(2).enumerate() {
        if pair[1].date < pair[0].date {
            found(
                &format!("history[{}].date", i + 1),
                format!(
                    "the history is out of order: {} comes after {}",
                    pair[1].date, pair[0].date
                ),
                "list the events oldest first",
            );
        }
    }
    let adoptions: Vec<(usize, _)> = inst
        .history
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == Some(EventKind::Adopted))
        .collect();
    if adoptions.len() > 1 {
        found(
            &format!("history[{}].kind", adoptions[1].0),
            "the history holds two adoptions of the instrument".to_string(),
            "a later whole revision is `kind: revised`",
        );
    }
    if let Some(&(i, adopted)) = adoptions.first() {
        if let Some(p) = inst.promulgated.filter(|&p| p != adopted.date) {
            found(
                "promulgated",
                format!(
                    "the header says promulgated {p}, but the history dates the adoption {}",
                    adopted.date
                ),
                "make `promulgated` the date of the `adopted` event of the history",
            );
        }
        if let (Some(first), Some(in_force)) = (inst.first_in_force, adopted.in_force) {
            if first != in_force {
                found(
                    "first_in_force",
                    format!(
                        "the header says first in force {first}, but the history's adoption (history[{i}]) came into force {in_force}"
                    ),
                    "make `first_in_force` the `in_force` of the adoption",
                );
            }
        }
    }
    let changes: Vec<&HistoryEvent> = inst.history.iter().filter(|e| e.changes_text()).collect();
    if let Some(e) = inst.effective {
        // the text held came into force with a change of the history: one that came into
        // force that day, or one whose in-force date is not known and was made by then
        let explained = changes.iter().any(|c| match c.in_force {
            Some(d) => d == e,
            None => c.date <= e,
        });
        if !changes.is_empty() && !explained {
            found(
                "effective",
                format!(
                    "the text held is said to be in force from {e}, but no adoption, revision or amendment of the history came into force that day"
                ),
                "make `effective` the `in_force` of the amendment that gave the text held, or add that amendment to the history",
            );
        }
        if let Some(first) = inst.first_in_force.filter(|&f| e < f) {
            found(
                "effective",
                format!("the text held is said to be in force from {e}, before the instrument first came into force ({first})"),
                "correct `effective` or `first_in_force`",
            );
        }
    }
    match (inst.status, inst.in_force_until) {
        (InstrumentStatus::Expired, None) => found(
            "status",
            "an expired instrument must say its last day in force".to_string(),
            "add `in_force_until: YYYY-MM-DD`",
        ),
        (InstrumentStatus::InForce | InstrumentStatus::Draft, Some(until)) => found(
            "in_force_until",
            format!("the instrument ended on {until} but its status says it is not over"),
            "make the status `expired` (it ran its course) or `repealed`",
        ),
        _ => {}
    }
    fn walk(
        inst: &Instrument,
        provisions: &[Provision],
        base: &str,
        found: &mut dyn FnMut(&str, String, &str),
    ) {
        for (i, p) in provisions.iter().enumerate() {
            let ypath = format!("{base}[{i}]");
            for (k, v) in p.versions.iter().enumerate() {
                let vpath = format!("{ypath}.versions[{k}]");
                let from = v.from.or(inst.effective);
                if let (Some(from), Some(first)) = (from, inst.first_in_force) {
                    if from < first {
                        found(
                            &format!("{vpath}.from"),
                            format!("this version is in force from {from}, before the instrument first came into force ({first})"),
                            "correct the version's `from` or the instrument's `first_in_force`",
                        );
                    }
                }
                if let Some(until) = inst.in_force_until {
                    if v.to.is_some_and(|to| to > until) || from.is_some_and(|f| f > until) {
                        found(
                            &format!("{vpath}.to"),
                            format!("this version runs past the instrument's last day in force ({until})"),
                            "end the version on or before `in_force_until`",
                        );
                    }
                }
                if let Some(doc) = &v.amendment {
                    match inst
                        .history
                        .iter()
                        .find(|e| e.document.as_deref() == Some(doc.as_str()))
                    {
                        None => found(
                            &format!("{vpath}.amendment"),
                            format!("the history holds no event of `{doc}`"),
                            "name the `document` of an event of the instrument's history, or add the event",
                        ),
                        Some(e) => {
                            if let (Some(in_force), Some(from)) = (e.in_force, from) {
                                if in_force != from {
                                    found(
                                        &format!("{vpath}.from"),
                                        format!("this version is said to come from `{doc}`, which came into force {in_force}, but it is in force from {from}"),
                                        "make the version's `from` the amendment's `in_force`",
                                    );
                                }
                            }
                        }
                    }
                }
            }
            walk(inst, &p.children, &format!("{ypath}.children"), found);
        }
    }
    walk(inst, &inst.provisions, "provisions", &mut found);
    out
}

/// Where a version's wording comes from, as far as the history tells.
#[derive(Debug, Clone, Copy)]
pub enum Wording<'a> {
    /// The version names the event that gave it this wording.
    Of(&'a HistoryEvent),
    /// The version names none; it starts the day this adoption, revision or amendment came
    /// into force, so it is the text as it stood after it (a consolidated text), whichever
    /// event last changed this provision.
    ConsolidatedAfter(&'a HistoryEvent),
}

/// The event of `inst`'s history behind version `v` (see [`Wording`]). None when the
/// history does not say.
pub fn wording_from<'a>(inst: &'a Instrument, v: &Version) -> Option<Wording<'a>> {
    if let Some(doc) = &v.amendment {
        return inst
            .history
            .iter()
            .find(|e| e.document.as_deref() == Some(doc.as_str()))
            .map(Wording::Of);
    }
    let from = v.from.or(inst.effective)?;
    inst.history
        .iter()
        .rev()
        .find(|e| e.changes_text() && e.in_force == Some(from))
        .map(Wording::ConsolidatedAfter)
}

impl<'a> Wording<'a> {
    /// The event.
    pub fn event(self) -> &'a HistoryEvent {
        match self {
            Wording::Of(e) | Wording::ConsolidatedAfter(e) => e,
        }
    }

    /// How a line of text says it: `wording of 平成17年法律第38号`.
    pub fn describe(self) -> String {
        match self {
            Wording::Of(e) => format!("wording of {}", event_name(e)),
            Wording::ConsolidatedAfter(e) if e.kind == Some(EventKind::Adopted) => {
                format!("as enacted, {}", event_name(e))
            }
            Wording::ConsolidatedAfter(e) => format!("consolidated text after {}", event_name(e)),
        }
    }
}

/// How an event names itself in a line of text: its document, else its description.
pub fn event_name(e: &HistoryEvent) -> &str {
    e.document.as_deref().unwrap_or(&e.event)
}

/// Closes at `in_force_until` every version of an instrument that ran its course which
/// names no end of its own, so that no date after the instrument's end finds it in force.
pub fn close_at_end(inst: &mut Instrument) {
    let Some(until) = inst.in_force_until else {
        return;
    };
    fn close(provisions: &mut [Provision], until: NaiveDate) {
        for p in provisions {
            for v in &mut p.versions {
                if v.to.is_none() {
                    v.to = Some(until);
                }
            }
            close(&mut p.children, until);
        }
    }
    close(&mut inst.provisions, until);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_corpus_agrees_with_its_histories() {
        let corpus = crate::corpus::load_embedded().unwrap();
        for inst in &corpus.instruments {
            assert_eq!(disagreements(inst), vec![], "{}", inst.id);
        }
    }
}
