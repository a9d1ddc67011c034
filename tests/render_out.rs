//! The diagrams committed in `out/` are what `zukai render` draws from `inventories/` today,
//! so a change to an inventory, the layout or the renderer cannot leave them stale.

use std::process::Command;

#[test]
fn committed_diagrams_are_up_to_date() {
    let root = env!("CARGO_MANIFEST_DIR");
    let o = Command::new(env!("CARGO_BIN_EXE_zukai"))
        .args(["render", "--check"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("zukai runs");
    assert!(
        o.status.success(),
        "out/ is stale; run `cargo run -- render` and commit out/:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}
