//! `zukai diff`.

use clap::Args;

/// Arguments of `zukai diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {}

/// Runs `zukai diff`.
pub fn run(_args: DiffArgs) -> u8 {
    eprintln!("zukai diff: not built yet");
    super::EXIT_ERROR
}
