//! # mutua
//!
//! A citable corpus of the law on insurance, mutual insurance and mutual aid in China,
//! New York and Japan; full-text search over it in Chinese, Japanese and English; a rule
//! language in which each jurisdiction's law is written as rules citing their provisions;
//! and a classifier that says what a described risk-sharing scheme is in each jurisdiction,
//! why, and which facts are still missing.
//!
//! The stages hand typed values forward: [`corpus`] loads and validates instruments,
//! [`index`] searches them, [`rules`] parses, checks and evaluates rule files against a
//! [`scheme`], and [`report`] renders the results.
//!
//! ```
//! use mutua::corpus::{citation, load_embedded};
//!
//! let corpus = load_embedded().expect("the shipped corpus is valid");
//! let found = citation::resolve(&corpus, "保险法第一百八十一条").unwrap();
//! assert_eq!(found.address, "cn/insurance-law/art-181");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cases;
pub mod cite;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod coverage;
pub mod diagnostic;
pub mod facts;
pub mod fetch;
pub mod index;
pub mod interview;
pub mod lang;
pub mod lsp;
pub mod report;
pub mod rules;
pub mod scheme;
pub mod sources;
pub mod web;

pub use diagnostic::{Diagnostic, Error, Result};
