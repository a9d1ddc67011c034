//! Fuzz target: any bytes, read as an inventory file, go through the loader, every check and
//! every output format without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zukai::check::{CheckConfig, check, rules};
use zukai::diag::render;
use zukai::model::load_sources;
use zukai::source::{SourceFile, Sources, decode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data.to_vec()) else {
        return;
    };
    let mut sources = Sources::new();
    sources.add(SourceFile::new("fuzz.toml", text));
    let loaded = load_sources(sources);
    let diags = check(&loaded, &CheckConfig::default());
    let all: Vec<_> = rules::all().copied().collect();
    let _ = render::human(&loaded.sources, &diags, false);
    let _ = render::json(&loaded.sources, &diags);
    let _ = render::sarif(&loaded.sources, &diags, &all);
    let _ = render::github(&loaded.sources, &diags);
});
