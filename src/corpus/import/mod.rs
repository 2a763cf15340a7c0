//! Importers: official or compiled statute files turned into corpus instruments.

pub mod egov;
pub mod lawrefbook;
pub mod meta;
pub mod openleg;
pub mod revisions;

pub use lawrefbook::{import_path, parse_lawrefbook, ImportReport, LawRefBookDoc};
