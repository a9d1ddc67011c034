//! `zukai import`.

use clap::Args;

/// Arguments of `zukai import`.
#[derive(Debug, Args)]
pub struct ImportArgs {}

/// Runs `zukai import`.
pub fn run(_args: ImportArgs) -> u8 {
    eprintln!("zukai import: not built yet");
    super::EXIT_ERROR
}
