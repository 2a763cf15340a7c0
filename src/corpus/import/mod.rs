//! Importers: official or compiled statute files turned into corpus instruments.

pub mod lawrefbook;
pub mod meta;

pub use lawrefbook::{import_path, parse_lawrefbook, ImportReport, LawRefBookDoc};
