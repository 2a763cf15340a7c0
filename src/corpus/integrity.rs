//! Checksums of the texts `fetch` and `import` write. Each verbatim text records the SHA-256
//! of its words, and the instrument's source the SHA-256 of them all (`text_sha256`), so
//! that a text edited by hand afterwards is told apart from the official one: loading marks
//! it `modified`, and `sources` names the instrument with the checksum written and the one
//! its texts now have.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::import::lawrefbook::sha256_hex;
use super::model::{Instrument, Provision, TextStatus};

/// What the texts of an instrument that records `text_sha256` hash to now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextCheck {
    /// `intact`, or `modified` when a text was changed since it was written.
    pub status: &'static str,
    /// The checksum written with the texts.
    pub expected_sha256: String,
    /// The checksum of the texts as they are.
    pub actual_sha256: String,
}

impl TextCheck {
    /// Whether a text was changed since it was written.
    pub fn is_modified(&self) -> bool {
        self.expected_sha256 != self.actual_sha256
    }
}

/// Records the checksum of every verbatim text of `inst`, and of them all, as it is
/// about to be written.
pub fn seal(inst: &mut Instrument) {
    fn walk(provisions: &mut [Provision]) {
        for p in provisions {
            for t in p.versions.iter_mut().flat_map(|v| v.text.values_mut()) {
                if t.status == TextStatus::Verbatim {
                    t.sha256 = Some(sha256_hex(t.text.as_bytes()));
                }
            }
            walk(&mut p.children);
        }
    }
    walk(&mut inst.provisions);
    inst.source.text_sha256 = Some(texts_sha256(inst));
}

/// Marks `modified` every verbatim text whose recorded checksum its words no longer
/// match; the number of texts marked.
pub fn mark_modified(inst: &mut Instrument) -> usize {
    fn walk(provisions: &mut [Provision]) -> usize {
        let mut marked = 0;
        for p in provisions {
            for t in p.versions.iter_mut().flat_map(|v| v.text.values_mut()) {
                let changed = t.status == TextStatus::Verbatim
                    && t.sha256
                        .as_deref()
                        .is_some_and(|h| h != sha256_hex(t.text.as_bytes()));
                if changed {
                    t.status = TextStatus::Modified;
                    marked += 1;
                }
            }
            marked += walk(&mut p.children);
        }
        marked
    }
    walk(&mut inst.provisions)
}

/// The check of an instrument's texts against the checksum written with them, when one
/// was written.
pub fn check(inst: &Instrument) -> Option<TextCheck> {
    let expected = inst.source.text_sha256.clone()?;
    let actual = texts_sha256(inst);
    let status = if expected == actual {
        "intact"
    } else {
        "modified"
    };
    Some(TextCheck {
        status,
        expected_sha256: expected,
        actual_sha256: actual,
    })
}

/// SHA-256 over the address, language and words of every text that records a checksum,
/// in document order.
fn texts_sha256(inst: &Instrument) -> String {
    fn walk(prefix: &str, provisions: &[Provision], h: &mut Sha256) {
        for p in provisions {
            let address = format!("{prefix}/{}", p.path);
            for (lang, t) in p.versions.iter().flat_map(|v| &v.text) {
                if t.sha256.is_some() {
                    for part in [address.as_str(), lang.as_str(), t.text.as_str()] {
                        h.update(part.as_bytes());
                        h.update([0]);
                    }
                }
            }
            walk(&address, &p.children, h);
        }
    }
    let mut h = Sha256::new();
    walk(&inst.id, &inst.provisions, &mut h);
    super::load::hex(&h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::model::{Text, Version};

    fn instrument(text: &str) -> Instrument {
        let mut texts = indexmap::IndexMap::new();
        for (lang, status) in [
            ("ja", TextStatus::Verbatim),
            ("en", TextStatus::Translation),
        ] {
            texts.insert(
                lang.to_string(),
                Text {
                    status,
                    text: text.into(),
                    by: None,
                    sha256: None,
                    readings: Vec::new(),
                },
            );
        }
        let yaml = "id: jp/x\njurisdiction: jp\ntitle: {ja: x}\nstatus: in_force\nsource: {address: x}\nprovisions: []\n";
        let mut inst: Instrument = serde_yaml::from_str(yaml).unwrap();
        inst.provisions.push(Provision {
            path: "art-2".into(),
            versions: vec![Version {
                from: None,
                to: None,
                amendment: None,
                text: texts,
            }],
            ..Default::default()
        });
        inst
    }

    #[test]
    fn an_edited_verbatim_text_is_modified() {
        let mut inst = instrument("原文");
        seal(&mut inst);
        let texts = &inst.provisions[0].versions[0].text;
        assert!(texts["ja"].sha256.is_some());
        assert!(texts["en"].sha256.is_none(), "translations are not sealed");
        let mut intact = inst.clone();
        assert_eq!(mark_modified(&mut intact), 0);
        assert_eq!(check(&intact).unwrap().status, "intact");
        let mut edited = inst.clone();
        edited.provisions[0].versions[0].text["ja"].text = "原分".into();
        assert_eq!(mark_modified(&mut edited), 1);
        let text = &edited.provisions[0].versions[0].text;
        assert_eq!(text["ja"].status, TextStatus::Modified);
        assert_eq!(text["en"].status, TextStatus::Translation);
        let found = check(&edited).unwrap();
        assert!(found.is_modified());
        assert_eq!(found.status, "modified");
        assert_eq!(Some(found.expected_sha256), inst.source.text_sha256);
    }
}
