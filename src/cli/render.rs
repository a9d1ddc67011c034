//! `zukai render`.

use clap::Args;

/// Arguments of `zukai render`.
#[derive(Debug, Args)]
pub struct RenderArgs {}

/// Runs `zukai render`.
pub fn run(_args: RenderArgs) -> u8 {
    eprintln!("zukai render: not built yet");
    super::EXIT_ERROR
}
