//! The full-text index: one tantivy document per provision version, with Chinese
//! segmented by jieba, Japanese in character bigrams and English stemmed. The index is
//! cached on disk, keyed by the corpus's content hash.

mod cache;
pub mod chinese;
pub mod cited;
pub mod defined;
pub mod japanese;
pub mod jieba;
mod search;
pub mod store;
pub mod tokens;

pub use cache::{
    cache_root, intact, open_cached, open_checked, open_checked_with, open_corpus_index,
    open_or_build, open_or_build_with, rebuild, rebuild_corpus_index, rebuild_with, CacheStatus,
    CorpusIndex, CorpusSource, Instruments, INDEX_FORMAT,
};
pub use search::{search, search_with_reader, Found, Hit, SearchOptions};

use chrono::NaiveDate;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, TextAnalyzer};
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

use crate::corpus::{Corpus, Instrument, Provision};
use crate::diagnostic::{Error, Result};

/// Tokenizer names registered on every index.
const ZH: &str = "mutua_zh";
const JA: &str = "mutua_ja";
const EN: &str = "en_stem";
/// tantivy's default tokenizer: words in lower case, not stemmed.
const EXACT: &str = "default";

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Address of the provision.
    pub address: Field,
    /// `cn`, `ny`, `jp`.
    pub jurisdiction: Field,
    /// Instrument id.
    pub instrument: Field,
    /// Concept tags.
    pub concept: Field,
    /// First day in force, days since 1970-01-01.
    pub from_day: Field,
    /// Last day in force, days since 1970-01-01 (far future while in force).
    pub to_day: Field,
    /// Chinese heading and text.
    pub zh: Field,
    /// Japanese heading and text.
    pub ja: Field,
    /// English heading and text (original or translation).
    pub en: Field,
    /// The project's English summary.
    pub summary: Field,
    /// The summary read with the Chinese tokenizer, for Chinese and Japanese queries.
    pub summary_zh: Field,
    /// The English heading alone, indexed only, for English queries.
    pub heading_en: Field,
    /// The English text, summary and heading in words as written (lower case, not
    /// stemmed), indexed only: an English query's words as typed weigh beside their stems.
    pub en_exact: Field,
    /// `yes` on the newest version of each provision: a search on no date finds each
    /// provision once.
    pub newest: Field,
    /// The terms the provision defines (see [`defined`]), folded.
    pub defines: Field,
    /// The instrument's title and the provision's heading, for display.
    pub label: Field,
    /// The status (`verbatim`, `unverified`, `translation`, `modified`) of the Chinese text.
    pub zh_status: Field,
    /// The status of the Japanese text.
    pub ja_status: Field,
    /// The status of the English text.
    pub en_status: Field,
    /// How many copies the provision's verbatim texts were checked against.
    pub copies: Field,
    /// The document's place in the corpus's order (instrument by instrument, provision by
    /// provision): hits of equal score come in this order, however the index's documents
    /// are shared among segments.
    pub order: Field,
}

impl Fields {
    /// The field holding the status of the text in `field` (for the text fields).
    pub fn status_of(&self, field: Field) -> Option<Field> {
        [
            (self.zh, self.zh_status),
            (self.ja, self.ja_status),
            (self.en, self.en_status),
        ]
        .into_iter()
        .find_map(|(text, status)| (text == field).then_some(status))
    }
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        address: b.add_text_field("address", STRING | STORED),
        jurisdiction: b.add_text_field("jurisdiction", STRING | STORED),
        instrument: b.add_text_field("instrument", STRING | STORED),
        concept: b.add_text_field("concept", STRING),
        from_day: b.add_i64_field("from_day", INDEXED | FAST),
        to_day: b.add_i64_field("to_day", INDEXED | FAST),
        zh: b.add_text_field("zh", text(ZH)),
        ja: b.add_text_field("ja", text(JA)),
        en: b.add_text_field("en", text(EN)),
        summary: b.add_text_field("summary", text(EN)),
        summary_zh: b.add_text_field("summary_zh", text(ZH)),
        newest: b.add_text_field("newest", STRING),
        defines: b.add_text_field("defines", STRING),
        heading_en: b.add_text_field(
            "heading_en",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(EN)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        en_exact: b.add_text_field(
            "en_exact",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(EXACT)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        label: b.add_text_field("label", STORED),
        zh_status: b.add_text_field("zh_status", STORED),
        ja_status: b.add_text_field("ja_status", STORED),
        en_status: b.add_text_field("en_status", STORED),
        copies: b.add_u64_field("copies", STORED),
        order: b.add_u64_field("order", FAST),
    };
    (b.build(), fields)
}

/// Registers the Chinese and Japanese tokenizers (they are not stored in the index).
pub fn register_tokenizers(index: &Index) -> Result<()> {
    // the Chinese tokenizer folds case itself (see `chinese::folded`)
    index
        .tokenizers()
        .register(ZH, TextAnalyzer::builder(chinese::ChineseTokenizer).build());
    index.tokenizers().register(
        JA,
        TextAnalyzer::builder(japanese::BigramTokenizer)
            .filter(LowerCaser)
            .build(),
    );
    Ok(())
}

/// Runs a query on the index of a corpus. When the index turns out to be damaged (reading
/// it fails, or the reader panics on bad data), it is rebuilt once and the query run again.
pub fn search_corpus(
    source: CorpusSource,
    query: &str,
    opts: &SearchOptions,
) -> Result<(CorpusIndex, Found)> {
    let opened = open_corpus_index(source)?;
    let prepared = search::prepare(&opened.index, query, opts)?;
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        search::run(&opened.index.reader()?.searcher(), &prepared, opts)
    }));
    if let Ok(Ok(hits)) = attempt {
        return Ok((opened, hits));
    }
    let rebuilt = rebuild_corpus_index(source, &opened.content_hash)?;
    let prepared = search::prepare(&rebuilt.index, query, opts)?;
    let hits = rebuilt
        .index
        .reader()
        .and_then(|r| search::run(&r.searcher(), &prepared, opts))
        .map_err(|e| Error::msg(format!("search failed: {e}")))?;
    Ok((rebuilt, hits))
}

/// The ids of the instruments in the index, sorted (read from its term dictionary).
pub fn instrument_ids(index: &Index) -> Result<Vec<String>> {
    let (_, f) = schema();
    let fail = |e: tantivy::TantivyError| Error::msg(format!("cannot read the search index: {e}"));
    let reader = index.reader().map_err(fail)?;
    let mut ids = std::collections::BTreeSet::new();
    for seg in reader.searcher().segment_readers() {
        let inverted = seg.inverted_index(f.instrument).map_err(fail)?;
        let mut terms = inverted.terms().stream().map_err(|e| fail(e.into()))?;
        while terms.advance() {
            ids.insert(String::from_utf8_lossy(terms.key()).into_owned());
        }
    }
    Ok(ids.into_iter().collect())
}

/// Days since 1970-01-01.
pub fn day_number(d: NaiveDate) -> i64 {
    d.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default())
        .num_days()
}

/// The most indexing memory the writer takes before it writes a segment out. Its arena grows
/// as it is used: a national corpus (the LawRefBook import, about 150,000 provisions) takes
/// nearly all of it, in one segment (75 MB gives two). It is most of the memory an index
/// build takes, but a smaller budget splits the index into segments (at 30 MB, five, for
/// 40 MB less at the peak), whose documents are numbered otherwise, so that hits of equal
/// score would come in another order.
const WRITER_MEMORY: usize = 100_000_000;

/// How many threads index documents: segmenting Chinese and writing postings takes about
/// twice what reading and parsing the corpus does, so two of them keep two cores busy with
/// the thread that reads. They share the documents among segments; [`Fields::order`] keeps
/// the order of hits of equal score the corpus's.
const INDEXING_THREADS: usize = 2;

/// A writer of the index.
fn writer(index: &Index) -> Result<IndexWriter> {
    index
        .writer_with_num_threads(INDEXING_THREADS, WRITER_MEMORY)
        .map_err(|e| Error::msg(format!("cannot write the search index: {e}")))
}

/// Writes every provision version of the corpus into `index`.
pub fn fill(index: &Index, corpus: &Corpus) -> Result<usize> {
    let (_, f) = schema();
    let mut writer = writer(index)?;
    let mut count = 0;
    for inst in &corpus.instruments {
        count += add_instrument(&writer, &f, inst, count as u64)?;
    }
    writer
        .commit()
        .map_err(|e| Error::msg(format!("cannot write the search index: {e}")))?;
    Ok(count)
}

/// Writes every provision version of an instrument into the index, in document order (that
/// of [`Corpus::entries`]), numbering them from `first` (see [`Fields::order`]); returns
/// how many.
fn add_instrument(
    writer: &IndexWriter,
    f: &Fields,
    inst: &Instrument,
    first: u64,
) -> Result<usize> {
    fn walk(
        writer: &IndexWriter,
        f: &Fields,
        inst: &Instrument,
        prefix: &str,
        provisions: &[Provision],
        next: &mut u64,
    ) -> Result<()> {
        for p in provisions {
            let address = format!("{prefix}/{}", p.path);
            add_provision(writer, f, inst, p, &address, next)?;
            walk(writer, f, inst, &address, &p.children, next)?;
        }
        Ok(())
    }
    let mut next = first;
    walk(writer, f, inst, &inst.id, &inst.provisions, &mut next)?;
    Ok((next - first) as usize)
}

/// Writes each version of a provision (at `address`) into the index, numbered from `next`
/// on.
fn add_provision(
    writer: &IndexWriter,
    f: &Fields,
    inst: &Instrument,
    p: &Provision,
    address: &str,
    next: &mut u64,
) -> Result<()> {
    let heading = |lang: &str| p.heading.get(lang).cloned().unwrap_or_default();
    let versions: Vec<_> = if p.versions.is_empty() {
        vec![None]
    } else {
        p.versions.iter().map(Some).collect()
    };
    let newest = versions.len() - 1;
    for (k, v) in versions.into_iter().enumerate() {
        let from = v
            .and_then(|v| v.from)
            .or(inst.effective)
            .map_or(i64::MIN, day_number);
        let to = v.and_then(|v| v.to).map_or(i64::MAX, day_number);
        let text = |lang: &str| {
            v.and_then(|v| v.text.get(lang))
                .map(|t| t.text.as_str())
                .unwrap_or("")
        };
        let status = |lang: &str| v.and_then(|v| v.text.get(lang)).map(|t| t.status);
        let pick = |m: &crate::corpus::model::Localized| {
            m.get("en")
                .or_else(|| m.values().next())
                .cloned()
                .unwrap_or_default()
        };
        let head = match pick(&p.heading) {
            h if h.is_empty() => crate::corpus::citation::display_citation(address),
            h => h,
        };
        let label = format!("{}, {head}", pick(&inst.title));
        let mut d: TantivyDocument = doc!(
            f.label => label,
            f.address => address.to_string(),
            f.jurisdiction => inst.jurisdiction.code(),
            f.instrument => inst.id.clone(),
            f.from_day => from,
            f.to_day => to,
            f.order => *next,
        );
        *next += 1;
        if k == newest {
            d.add_text(f.newest, "yes");
        }
        if let Some(v) = v {
            for t in v.text.values() {
                for term in defined::defined_terms(&t.text) {
                    d.add_text(f.defines, term);
                }
            }
        }
        // a provision held without text in its own language is found by its heading and
        // the heading of the division it sits in (第一目 社員総会)
        let native = inst.jurisdiction.info().language();
        // the English heading (a New York caption: "Kinds of insurance authorized"),
        // weighed above the text for English queries
        let heading_en = heading("en");
        if !heading_en.trim().is_empty() {
            d.add_text(f.en_exact, &heading_en);
            d.add_text(f.heading_en, heading_en);
        }
        if !text("en").is_empty() {
            d.add_text(f.en_exact, text("en"));
        }
        for (field, lang) in [(f.zh, "zh"), (f.ja, "ja"), (f.en, "en")] {
            let body = text(lang);
            let mut head = heading(lang);
            if let Some(division) = p
                .division
                .last()
                .filter(|_| body.is_empty() && lang == native && lang != "en")
            {
                head = format!("{head} {division}");
            }
            if !body.is_empty() || (!head.trim().is_empty() && lang != "en") {
                d.add_text(field, format!("{head} {body}").trim());
            }
            if let (Some(st), Some(status_field)) = (status(lang), f.status_of(field)) {
                d.add_text(status_field, st.as_str());
            }
        }
        let source = p.source.as_ref().unwrap_or(&inst.source);
        d.add_u64(f.copies, source.copies() as u64);
        if let Some(s) = &p.summary {
            d.add_text(f.en_exact, s);
            d.add_text(f.summary, s);
            // read as Chinese too: the terms of the statutes it quotes (网络互助计划)
            d.add_text(f.summary_zh, s);
        }
        for c in &p.concepts {
            d.add_text(f.concept, c);
        }
        writer
            .add_document(d)
            .map_err(|e| Error::msg(format!("cannot index {address}: {e}")))?;
    }
    Ok(())
}

/// An index and its store (see [`store`]) being written into a folder, one instrument at a
/// time, in the order of their ids: a corpus need not be held whole to be indexed.
pub struct Builder {
    writer: IndexWriter,
    fields: Fields,
    store: store::Writer,
    /// How many documents are written so far.
    written: u64,
}

impl Builder {
    /// Writes into `index`, an empty index created in the folder `dir`, and the store beside
    /// it.
    pub fn new(index: &Index, dir: &std::path::Path) -> Result<Builder> {
        Ok(Builder {
            writer: writer(index)?,
            fields: schema().1,
            store: store::Writer::create(dir)?,
            written: 0,
        })
    }

    /// Indexes an instrument, and adds it to the store.
    pub fn add(&mut self, inst: Instrument) -> Result<()> {
        self.written += add_instrument(&self.writer, &self.fields, &inst, self.written)? as u64;
        self.store.add(inst)
    }

    /// Commits the index and writes the store's catalogue.
    pub fn finish(self) -> Result<()> {
        let mut writer = self.writer;
        writer
            .commit()
            .map_err(|e| Error::msg(format!("cannot write the search index: {e}")))?;
        drop(writer);
        self.store.finish()
    }
}

/// An index of the corpus in memory (for tests and one-off use).
pub fn build_in_ram(corpus: &Corpus) -> Result<Index> {
    let (schema, _) = schema();
    let index = Index::create_in_ram(schema);
    register_tokenizers(&index)?;
    fill(&index, corpus)?;
    Ok(index)
}
