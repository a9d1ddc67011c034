//! `zukai check`.

use clap::Args;

/// Arguments of `zukai check`.
#[derive(Debug, Args)]
pub struct CheckArgs {}

/// Runs `zukai check`.
pub fn run(_args: CheckArgs) -> u8 {
    eprintln!("zukai check: not built yet");
    super::EXIT_ERROR
}

/// Arguments of `zukai explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {}

/// Runs `zukai explain`.
pub fn explain(_args: ExplainArgs) -> u8 {
    super::EXIT_ERROR
}

/// Arguments of `zukai schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {}

/// Runs `zukai schema`.
pub fn schema(_args: SchemaArgs) -> u8 {
    super::EXIT_ERROR
}
