//! LawRefBook-style Markdown: a `# Title` line, optional `# subtitle`, dated history lines
//! (`2015年4月24日 …`), `<!-- INFO END -->`, then `##`/`###`/`####` headings for 编/章/节 and
//! paragraphs that begin `第N条` (Chinese numerals) for each article; paragraphs without the
//! prefix belong to the article before them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use crate::corpus::load::hex;
use crate::corpus::model::{
    HistoryEvent, Instrument, InstrumentStatus, Jurisdiction, Provision, Source, Text, TextStatus,
    Version,
};
use crate::corpus::numerals::parse_number;
use crate::diagnostic::{Diagnostic, SourceFile};

/// An article read from a LawRefBook file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedArticle {
    /// Address segment (`art-181`, `art-120-1`).
    pub path: String,
    /// The number as written (`第一百八十一条`, `第一百二十条之一`).
    pub heading: String,
    /// 编/章/节 headings it sits under.
    pub division: Vec<String>,
    /// Its paragraphs, the `第N条` prefix removed from the first.
    pub paragraphs: Vec<String>,
    /// 1-based line where it starts.
    pub line: usize,
}

/// A LawRefBook file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct LawRefBookDoc {
    /// The first `# ` line.
    pub title: String,
    /// A second `# ` line, if any.
    pub subtitle: Option<String>,
    /// A document number line of a plain-text regulation (`保监发〔2015〕11号`).
    pub document_number: Option<String>,
    /// Dated history lines.
    pub history: Vec<HistoryEvent>,
    /// The articles in order.
    pub articles: Vec<ImportedArticle>,
    /// Problems that did not stop the parse (duplicate numbers, unreadable numerals).
    pub warnings: Vec<Diagnostic>,
}

/// What to use for a plain-text regulation (a `.txt` file saved from a regulator's page:
/// a title line, dated lines, then `第N条` paragraphs) where the file does not say it.
#[derive(Debug, Clone, Default)]
pub struct PlainText {
    /// The instrument id (`cn/pilot-measures`).
    pub id: Option<String>,
    /// The title, instead of the file's first line.
    pub title: Option<String>,
    /// The date the text is in force from.
    pub date: Option<NaiveDate>,
}

/// Whether a file is read as plain text rather than LawRefBook Markdown.
pub fn is_plain_text(name: &str) -> bool {
    name.ends_with(".txt")
}

/// Parses one LawRefBook Markdown text, or a plain-text regulation when the file's name
/// ends in `.txt`. An error names file:line:col.
pub fn parse_lawrefbook(source: &SourceFile) -> crate::Result<LawRefBookDoc> {
    parse_with_title(source, None)
}

/// As [`parse_lawrefbook`], with the title given when the file has no title line.
pub fn parse_with_title(
    source: &SourceFile,
    given_title: Option<&str>,
) -> crate::Result<LawRefBookDoc> {
    let text: &str = &source.text;
    let plain = is_plain_text(&source.name);
    let mut subtitle = None;
    let mut document_number = None;
    let mut history = Vec::new();
    let mut articles: Vec<ImportedArticle> = Vec::new();
    let mut warnings = Vec::new();
    let mut division: Vec<(usize, String)> = Vec::new();
    let mut in_body = !plain && !text.contains("<!-- INFO END -->");
    let mut title: Option<String> = given_title.map(str::to_string);
    let mut in_front_matter = false;
    let mut front_title: Option<String> = None;
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let line_start = offset;
        offset += raw.len();
        let line = strip_comment(raw.trim_end_matches(['\n', '\r'])).trim();
        if i == 0 && line == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter {
            if let Some(t) = line.strip_prefix("title:") {
                front_title = Some(t.trim().trim_matches('"').to_string());
            }
            in_front_matter = line != "---";
            continue;
        }
        if raw.contains("<!-- INFO END -->") {
            in_body = true;
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if plain && !in_body {
            // a title line, dated lines and a document number, up to the first article
            if article_start(line).is_none() && bare_division_level(line).is_none() {
                if let Some(ev) = history_line(line) {
                    history.push(ev);
                } else if line.ends_with('号') && line.contains(['〔', '[']) {
                    document_number = Some(line.to_string());
                } else if title.is_none() {
                    title = Some(line.to_string());
                } else if subtitle.is_none() && given_title.is_none() {
                    subtitle = Some(line.to_string());
                }
                continue;
            }
            in_body = true;
        }
        if !in_body || title.is_none() {
            if let Some(t) = line.strip_prefix("# ") {
                if title.is_none() {
                    title = Some(t.trim().to_string());
                } else if subtitle.is_none() {
                    subtitle = Some(t.trim().to_string());
                }
                continue;
            }
            if !in_body {
                if let Some(ev) = history_line(line) {
                    history.push(ev);
                }
                continue;
            }
        }
        if let Some(hashes) = heading_level(line).or_else(|| bare_division_level(line)) {
            let heading = line
                .trim_start_matches('#')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            division.retain(|(lvl, _)| *lvl < hashes);
            division.push((hashes, heading));
            continue;
        }
        match article_start(line) {
            Some(Ok((path, heading, body))) => {
                if articles.iter().any(|a| a.path == path) {
                    warnings.push(
                        Diagnostic::warning(format!("{heading} appears twice; both are kept as separate paragraphs of the first"))
                            .at(source.span(line_start..line_start + raw.trim_end().len())),
                    );
                    if let Some(a) = articles.iter_mut().find(|a| a.path == path) {
                        a.paragraphs.push(line.to_string());
                    }
                    continue;
                }
                articles.push(ImportedArticle {
                    path,
                    heading,
                    division: division.iter().map(|(_, h)| h.clone()).collect(),
                    paragraphs: if body.is_empty() { vec![] } else { vec![body] },
                    line: line_no,
                });
            }
            Some(Err(numeral)) => {
                warnings.push(
                    Diagnostic::warning(format!("cannot read the article number `{numeral}`; the line is kept as a paragraph"))
                        .at(source.span(line_start..line_start + raw.trim_end().len())),
                );
                if let Some(a) = articles.last_mut() {
                    a.paragraphs.push(line.to_string());
                }
            }
            None => {
                if let Some(a) = articles.last_mut() {
                    a.paragraphs.push(line.to_string());
                }
            }
        }
    }
    let Some(title) = title.or(front_title) else {
        return Err(crate::Error::input(
            Diagnostic::error("no `# Title` line: this is not a LawRefBook law file")
                .at(source.span(0..0))
                .help("a LawRefBook file starts with `# ` and the instrument's title"),
        ));
    };
    Ok(LawRefBookDoc {
        title,
        subtitle,
        document_number,
        history,
        articles,
        warnings,
    })
}

fn strip_comment(line: &str) -> &str {
    match line.find("<!--") {
        Some(i) => &line[..i],
        None => line,
    }
}

fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    (hashes >= 2 && line[hashes..].starts_with(' ')).then_some(hashes)
}

/// A division heading written without `#` (`第一章  总则`, `第二节 销售管理`), as some
/// copies have them: its level as if it had `##` (编), `###` (章) or `####` (节).
fn bare_division_level(line: &str) -> Option<usize> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find(['编', '章', '节'])?;
    parse_number(&rest[..end])?;
    let after = &rest[end + '章'.len_utf8()..];
    let short = line.chars().count() <= 40 && !line.contains(['。', '，', '；']);
    if !(short && (after.is_empty() || after.starts_with(char::is_whitespace))) {
        return None;
    }
    Some(match &rest[end..end + '章'.len_utf8()] {
        "编" => 2,
        "章" => 3,
        _ => 4,
    })
}

/// `2015年4月24日 第十二届…` → a history event; a date alone is an event named by itself.
fn history_line(line: &str) -> Option<HistoryEvent> {
    let (date_part, event) = line
        .split_once(|c: char| c.is_whitespace())
        .unwrap_or((line, line));
    let y = date_part.split_once('年')?;
    let m = y.1.split_once('月')?;
    let d = m.1.strip_suffix('日')?;
    let date = NaiveDate::from_ymd_opt(
        y.0.trim().parse().ok()?,
        m.0.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )?;
    Some(HistoryEvent {
        date,
        event: event.trim().to_string(),
    })
}

/// `第一百二十条之一 资助…` → (`art-120-1`, `第一百二十条之一`, `资助…`); `Err` when the
/// line looks like an article start but the numeral cannot be read.
fn article_start(line: &str) -> Option<Result<(String, String, String), String>> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find('条')?;
    let numeral = &rest[..end];
    if numeral.is_empty() || numeral.chars().count() > 8 {
        return None;
    }
    let Some(n) = parse_number(numeral) else {
        return Some(Err(numeral.to_string()));
    };
    let mut after = &rest[end + '条'.len_utf8()..];
    let mut path = format!("art-{n}");
    let mut heading = format!("第{numeral}条");
    if let Some(branch) = after.strip_prefix('之') {
        let stop = branch
            .find(|c: char| c.is_whitespace() || c == '\u{3000}')
            .unwrap_or(branch.len());
        if let Some(m) = parse_number(&branch[..stop]) {
            path = format!("art-{n}-{m}");
            heading = format!("第{numeral}条之{}", &branch[..stop]);
            after = &branch[stop..];
        }
    }
    // the number must be followed by a space (ASCII or ideographic) or end the line
    if !(after.is_empty() || after.starts_with(|c: char| c.is_whitespace() || c == '\u{3000}')) {
        return None;
    }
    Some(Ok((
        path,
        heading,
        after
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .to_string(),
    )))
}

/// The instrument a LawRefBook file becomes without annotations: id `cn/<file stem>`,
/// verbatim Chinese text, the file's checksum (`sha256`, hex) as source.
pub fn to_instrument(
    doc: &LawRefBookDoc,
    id: &str,
    source_address: &str,
    sha256: &str,
    file_stem: &str,
) -> Instrument {
    let date_in_name = file_stem
        .rsplit_once('(')
        .and_then(|(_, d)| d.strip_suffix(')'))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let effective = date_in_name.or_else(|| doc.history.iter().map(|h| h.date).max());
    let mut title = IndexMap::new();
    title.insert(
        "zh".to_string(),
        match &doc.subtitle {
            Some(s) => format!("{} {s}", doc.title),
            None => doc.title.clone(),
        },
    );
    let provisions = doc
        .articles
        .iter()
        .map(|a| {
            let mut text = IndexMap::new();
            text.insert(
                "zh".to_string(),
                Text {
                    status: TextStatus::Verbatim,
                    text: a.paragraphs.join("\n"),
                    by: None,
                    sha256: None,
                },
            );
            let mut heading = IndexMap::new();
            heading.insert("zh".to_string(), a.heading.clone());
            heading.insert(
                "en".to_string(),
                format!("Article {}", a.path.trim_start_matches("art-")),
            );
            Provision {
                path: a.path.clone(),
                heading,
                division: a.division.clone(),
                summary: None,
                concepts: vec![],
                refs: vec![],
                versions: vec![Version {
                    from: None,
                    to: None,
                    text,
                }],
                source: None,
                children: vec![],
            }
        })
        .collect();
    Instrument {
        id: id.to_string(),
        jurisdiction: Jurisdiction::Cn,
        title,
        short_titles: IndexMap::new(),
        issuer: IndexMap::new(),
        document_number: doc.document_number.clone(),
        promulgated: doc.history.iter().map(|h| h.date).min(),
        effective,
        status: InstrumentStatus::InForce,
        history: doc.history.clone(),
        source: Source {
            address: source_address.to_string(),
            official: None,
            retrieved: None,
            sha256: Some(sha256.to_string()),
            text_sha256: None,
            note: None,
        },
        provisions,
    }
}

/// SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// What an import run did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that could not be imported, and warnings, each located.
    pub problems: Vec<Diagnostic>,
    /// Articles imported in all.
    pub articles: usize,
    /// Bytes of source read.
    pub bytes: u64,
    /// Source files read without error, when several make one instrument (revisions);
    /// otherwise the files written are counted.
    pub files_read: Option<usize>,
    /// Source files and folders that could not be read or imported (each also has an
    /// error among `problems`).
    pub not_read: Vec<PathBuf>,
    /// Output files that could not be written (each also has an error among `problems`).
    pub not_written: Vec<PathBuf>,
}

impl ImportReport {
    /// How many source files were imported.
    pub fn imported_files(&self) -> usize {
        self.files_read.unwrap_or(self.written.len())
    }

    /// Whether anything failed: a source not read or imported, an output not written.
    pub fn failed(&self) -> bool {
        !(self.not_read.is_empty() && self.not_written.is_empty())
    }
}

/// The Markdown files to import under `path` (the file itself, or every `.md` below a
/// folder except `_index.md` pages and the data set's own README/PROVENANCE/template),
/// and the folders or files below it that could not be read, each with its error.
pub fn source_files(path: &Path) -> (Vec<PathBuf>, Vec<(PathBuf, Diagnostic)>) {
    if path.is_file() {
        return (vec![path.to_path_buf()], Vec::new());
    }
    let skip = ["_index.md", "README.md", "PROVENANCE.md", "法律法规模版.md"];
    let mut unreadable = Vec::new();
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| match e {
            Ok(e) => Some(e),
            Err(e) => {
                let at = e.path().unwrap_or(path).to_path_buf();
                let d = Diagnostic::error(format!("{}: cannot read: {e}", at.display()))
                    .help("check that the folder and everything in it is readable; its files were not imported");
                unreadable.push((at, d));
                None
            }
        })
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| skip.contains(&n))
        })
        .collect();
    out.sort();
    (out, unreadable)
}

/// The instrument id for a file imported without annotations: `cn/` and the file's path
/// below the import root, with separators and brackets turned into `-`.
pub fn id_for(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let rel = rel.with_extension("");
    let raw = rel.to_string_lossy();
    let mut slug = String::new();
    for c in raw.chars() {
        let c = match c {
            '/' | '\\' | '(' | ')' | '（' | '）' | ' ' | '\u{3000}' | '、' | '《' | '》' | '“'
            | '”' => '-',
            c => c,
        };
        if !(c == '-' && (slug.is_empty() || slug.ends_with('-'))) {
            slug.push(c);
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "imported" } else { slug };
    format!("cn/{slug}")
}

/// Imports one file or a folder of files; a file that cannot be read is reported with its
/// location and the run goes on. `progress` is called after each file.
pub fn import_path(
    path: &Path,
    out_dir: &Path,
    meta: Option<&super::meta::Meta>,
    plain: &PlainText,
    progress: &mut dyn FnMut(&Path),
) -> ImportReport {
    let mut report = ImportReport::default();
    let root = if path.is_file() {
        path.parent().unwrap_or(Path::new("")).to_path_buf()
    } else {
        path.to_path_buf()
    };
    let (files, unreadable) = source_files(path);
    for (folder, d) in unreadable {
        report.not_read.push(folder);
        report.problems.push(d);
    }
    for file in files {
        progress(&file);
        let name = file.display().to_string();
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                report
                    .problems
                    .push(Diagnostic::error(format!("{name}: cannot read: {e}")));
                report.not_read.push(file);
                continue;
            }
        };
        report.bytes += bytes.len() as u64;
        // the checksum is of the file's bytes, as they are (byte order mark and all)
        let checksum = sha256_hex(&bytes);
        let text = match crate::diagnostic::decode_text(&name, bytes) {
            Ok(t) => t,
            Err(e) => {
                report.problems.extend(e.diagnostics().iter().cloned());
                report.not_read.push(file);
                continue;
            }
        };
        let source = SourceFile::new(name.clone(), text);
        let doc = match parse_with_title(&source, plain.title.as_deref()) {
            Ok(d) => d,
            Err(e) => {
                report.problems.extend(e.diagnostics().iter().cloned());
                report.not_read.push(file);
                continue;
            }
        };
        report.problems.extend(doc.warnings.iter().cloned());
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = meta
            .map(|m| m.id.clone())
            .or_else(|| plain.id.clone())
            .unwrap_or_else(|| id_for(&root, &file));
        let address = meta
            .and_then(|m| m.source.as_ref().map(|s| s.address.clone()))
            .unwrap_or_else(|| name.clone());
        let mut inst = to_instrument(&doc, &id, &address, &checksum, &stem);
        if plain.date.is_some() {
            inst.effective = plain.date;
        }
        if let Some(m) = meta {
            if let Err(mut d) = m.apply(&mut inst) {
                report.problems.append(&mut d);
                report.not_read.push(file);
                continue;
            }
        }
        report.articles += inst.provisions.len();
        let out = if out_dir.extension().is_some_and(|x| x == "yaml") {
            out_dir.to_path_buf()
        } else {
            out_dir.join(format!("{}.yaml", inst.id.trim_start_matches("cn/")))
        };
        // two source names can make the same id ("a b" and "a-b"): keep both, numbered
        let (out, inst) = if report.written.contains(&out) && meta.is_none() {
            let mut n = 2;
            while report.written.contains(&out.with_file_name(format!(
                "{}-{n}.yaml",
                out.file_stem().unwrap_or_default().to_string_lossy()
            ))) {
                n += 1;
            }
            let mut inst = inst;
            inst.id = format!("{}-{n}", inst.id);
            report.problems.push(Diagnostic::warning(format!(
                "{name}: its id is taken by another file of this import; imported as `{}`",
                inst.id
            )));
            (
                out.with_file_name(format!(
                    "{}-{n}.yaml",
                    out.file_stem().unwrap_or_default().to_string_lossy()
                )),
                inst,
            )
        } else {
            (out, inst)
        };
        match write_instrument(&inst, &out) {
            Ok(()) => report.written.push(out),
            Err(e) => {
                report.problems.push(
                    Diagnostic::error(format!("{}: cannot write: {e}", out.display())).help(
                        "check that the output folder exists or can be made, and is writable",
                    ),
                );
                report.not_written.push(out);
            }
        }
    }
    report
}

/// Writes an instrument as YAML, with a header saying it is generated. The file is written
/// aside and renamed into place, so that a failed run leaves no half-written file.
pub fn write_instrument(inst: &Instrument, out: &Path) -> std::io::Result<()> {
    write_generated(inst, out, "mutua import lawrefbook")
}

/// Writes an instrument made by `command` (`mutua import egov`, `mutua fetch`) as YAML,
/// atomically, with a header naming its source and checksum, and the checksums of its
/// verbatim texts (see [`crate::corpus::integrity`]).
pub fn write_generated(inst: &Instrument, out: &Path, command: &str) -> std::io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)?;
    let mut inst = inst.clone();
    crate::corpus::integrity::seal(&mut inst);
    let yaml = serde_yaml::to_string(&inst).map_err(std::io::Error::other)?;
    let header = format!(
        "# Generated by `{command}` from {}\n# (sha256 {}). Edit the annotation file, not this one.\n",
        inst.source.address,
        inst.source.sha256.as_deref().unwrap_or("-")
    );
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    std::io::Write::write_all(&mut tmp, (header + &yaml).as_bytes())?;
    tmp.persist(out).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# 某法\n\n2015年4月24日 修正\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了规范。\n\n第二条 本法所称保险。\n\n第二款内容。\n\n### 第一节 一般规定\n\n第一百二十条之一 资助。\n";

    #[test]
    fn parses_articles_divisions_history() {
        let doc = parse_lawrefbook(&SourceFile::new("t.md", SAMPLE)).unwrap();
        assert_eq!(doc.title, "某法");
        assert_eq!(doc.history.len(), 1);
        assert_eq!(
            doc.history[0].date,
            NaiveDate::from_ymd_opt(2015, 4, 24).unwrap()
        );
        let paths: Vec<_> = doc.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["art-1", "art-2", "art-120-1"]);
        assert_eq!(
            doc.articles[1].paragraphs,
            ["本法所称保险。", "第二款内容。"]
        );
        assert_eq!(doc.articles[2].division, ["第一章 总则", "第一节 一般规定"]);
        assert_eq!(doc.articles[2].heading, "第一百二十条之一");
    }

    #[test]
    fn front_matter_title_and_bare_chapters() {
        let text = "---\ntitle: 某办法\n---\n\n第一章  总则\n第一条 甲。\n乙。\n第二章  规则\n第一节 条件\n第二条 丙。\n";
        let doc = parse_lawrefbook(&SourceFile::new("t.md", text)).unwrap();
        assert_eq!(doc.title, "某办法");
        assert_eq!(doc.articles[0].paragraphs, ["甲。", "乙。"]);
        assert_eq!(doc.articles[0].division, ["第一章 总则"]);
        assert_eq!(doc.articles[1].division, ["第二章 规则", "第一节 条件"]);
    }

    #[test]
    fn no_title_is_located_error() {
        let err = parse_lawrefbook(&SourceFile::new("bad.md", "no title here\n")).unwrap_err();
        let text = err.diagnostics()[0].render_plain();
        assert!(text.starts_with("bad.md:1:1: error:"), "{text}");
    }

    #[test]
    fn ids_from_paths() {
        let id = id_for(
            Path::new("/d"),
            Path::new("/d/民法商法/保险法(2015-04-24).md"),
        );
        assert_eq!(id, "cn/民法商法-保险法-2015-04-24");
    }
}
