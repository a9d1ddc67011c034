//! `zukai export`.

use clap::Args;

/// Arguments of `zukai export`.
#[derive(Debug, Args)]
pub struct ExportArgs {}

/// Runs `zukai export`.
pub fn run(_args: ExportArgs) -> u8 {
    eprintln!("zukai export: not built yet");
    super::EXIT_ERROR
}
