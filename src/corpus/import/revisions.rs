//! Several revisions of one instrument, each imported on its own, merged into one
//! instrument whose provisions carry dated versions. A provision whose text did not change
//! from one revision to the next keeps one version; a changed text closes the old version
//! the day before the new one starts; a provision a later revision drops is closed then.

use chrono::{Days, NaiveDate};

use crate::corpus::model::{Instrument, Provision, Version};

/// Merges revisions given oldest first. Each revision's provisions hold at most one version,
/// whose `from` is the day that revision's text took effect. The instrument's details
/// (titles, source, status) are the newest revision's; histories are joined.
pub fn merge_revisions(revisions: Vec<Instrument>) -> Option<Instrument> {
    let mut it = revisions.into_iter();
    let mut merged = it.next()?;
    for newer in it {
        let date = newer.effective;
        let mut history = std::mem::take(&mut merged.history);
        for h in &newer.history {
            if !history.contains(h) {
                history.push(h.clone());
            }
        }
        history.sort_by_key(|h| h.date);
        let provisions = merge_lists(
            std::mem::take(&mut merged.provisions),
            newer.provisions.clone(),
            date,
        );
        let first_effective = merged.effective;
        merged = Instrument {
            provisions,
            history,
            ..newer
        };
        // versions name their own dates; the instrument is in force from the oldest
        merged.effective = first_effective.or(merged.effective);
    }
    Some(merged)
}

/// Merges the provisions of an older and a newer revision, in the newer one's order, with
/// provisions only the older one has kept after their predecessor.
fn merge_lists(
    older: Vec<Provision>,
    newer: Vec<Provision>,
    date: Option<NaiveDate>,
) -> Vec<Provision> {
    let mut out: Vec<Provision> = Vec::with_capacity(newer.len());
    let older_paths: Vec<String> = older.iter().map(|p| p.path.clone()).collect();
    let mut older: Vec<Option<Provision>> = older.into_iter().map(Some).collect();
    for p in newer {
        match older
            .iter_mut()
            .find(|q| q.as_ref().is_some_and(|q| q.path == p.path))
            .and_then(Option::take)
        {
            Some(q) => out.push(merge_provision(q, p, date)),
            None => out.push(p),
        }
    }
    // provisions the newer revision no longer has: closed, kept before the next provision
    // of the older revision that is still there (or at the end)
    for (i, q) in older.into_iter().enumerate() {
        let Some(mut q) = q else { continue };
        close(&mut q, date);
        let at = older_paths[i + 1..]
            .iter()
            .find_map(|next| out.iter().position(|p| &p.path == next))
            .unwrap_or(out.len());
        out.insert(at, q);
    }
    out
}

/// The day before `date`, for closing a version.
fn day_before(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(1)).unwrap_or(date)
}

/// Closes the open version of a provision (and of its parts) the day before `date`.
fn close(p: &mut Provision, date: Option<NaiveDate>) {
    if let (Some(date), Some(last)) = (date, p.versions.last_mut()) {
        if last.to.is_none() && last.from.is_none_or(|f| f < date) {
            last.to = Some(day_before(date));
        }
    }
    for c in &mut p.children {
        close(c, date);
    }
}

fn merge_provision(older: Provision, newer: Provision, date: Option<NaiveDate>) -> Provision {
    let mut versions = older.versions;
    match newer.versions.into_iter().next() {
        Some(v) => push_version(&mut versions, v),
        None => {
            // the newer revision holds no text here (it became a heading of its parts)
            if let (Some(date), Some(last)) = (date, versions.last_mut()) {
                if last.to.is_none() && last.from.is_none_or(|f| f < date) {
                    last.to = Some(day_before(date));
                }
            }
        }
    }
    Provision {
        versions,
        children: merge_lists(older.children, newer.children, date),
        ..newer
    }
}

/// Adds a newer version: nothing when its text is the same as the open one's, otherwise
/// the open one is closed the day before it starts.
fn push_version(versions: &mut Vec<Version>, v: Version) {
    match versions.last_mut() {
        // the same text: still in force, or ended as the newer revision says (a section
        // repealed since)
        Some(last) if last.text == v.text && (last.to.is_none() || last.to == v.to) => {
            last.to = v.to;
        }
        Some(last) if last.to.is_none() => match (last.from, v.from) {
            (Some(f), Some(nf)) if nf <= f => last.text = v.text,
            (_, Some(nf)) => {
                last.to = Some(day_before(nf));
                versions.push(v);
            }
            // an undated newer text replaces the held one
            (_, None) => last.text = v.text,
        },
        _ => versions.push(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::model::{Source, Text, TextStatus};
    use indexmap::IndexMap;

    fn prov(path: &str, text: Option<&str>, from: &str) -> Provision {
        let versions = text
            .map(|t| {
                let mut m = IndexMap::new();
                m.insert(
                    "ja".to_string(),
                    Text {
                        status: TextStatus::Verbatim,
                        text: t.to_string(),
                        by: None,
                        sha256: None,
                        readings: Vec::new(),
                    },
                );
                vec![Version {
                    from: Some(from.parse().unwrap()),
                    to: None,
                    amendment: None,
                    text: m,
                }]
            })
            .unwrap_or_default();
        Provision {
            path: path.into(),
            versions,
            ..Default::default()
        }
    }

    fn inst(date: &str, provisions: Vec<Provision>) -> Instrument {
        Instrument {
            id: "jp/t".into(),
            jurisdiction: crate::corpus::Jurisdiction::from_code("jp").unwrap(),
            title: IndexMap::new(),
            short_titles: IndexMap::new(),
            issuer: IndexMap::new(),
            document_number: None,
            promulgated: None,
            effective: Some(date.parse().unwrap()),
            first_in_force: None,
            in_force_until: None,
            status: crate::corpus::model::InstrumentStatus::InForce,
            history: vec![],
            source: Source {
                address: date.into(),
                official: None,
                retrieved: None,
                sha256: Some("x".into()),
                text_sha256: None,
                note: None,
                copy: None,
                checked_against: Vec::new(),
                fetch: None,
            },
            provisions,
        }
    }

    #[test]
    fn unchanged_text_is_one_version_changed_text_two() {
        let old = inst(
            "2000-01-01",
            vec![
                prov("art-1", Some("甲"), "2000-01-01"),
                prov("art-2", Some("乙"), "2000-01-01"),
                prov("art-3", Some("丙"), "2000-01-01"),
            ],
        );
        let new = inst(
            "2010-04-01",
            vec![
                prov("art-1", Some("甲"), "2010-04-01"),
                prov("art-2", Some("乙乙"), "2010-04-01"),
                prov("art-2-2", Some("丁"), "2010-04-01"),
            ],
        );
        let m = merge_revisions(vec![old, new]).unwrap();
        let paths: Vec<_> = m.provisions.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["art-1", "art-2", "art-2-2", "art-3"]);
        assert_eq!(m.provisions[0].versions.len(), 1);
        assert_eq!(m.provisions[1].versions.len(), 2);
        assert_eq!(
            m.provisions[1].versions[0].to,
            Some("2010-03-31".parse().unwrap())
        );
        assert_eq!(
            m.provisions[3].versions[0].to,
            Some("2010-03-31".parse().unwrap())
        );
        assert_eq!(m.source.address, "2010-04-01");
        assert_eq!(m.effective, Some("2000-01-01".parse().unwrap()));
    }
}
