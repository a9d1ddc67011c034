//! Helpers shared by the render tests: fixtures, goldens and pixel comparison.
#![allow(dead_code)]

use resvg::tiny_skia::Pixmap;
use std::path::{Path, PathBuf};
use zukai::scene::Scene;

/// The hand-placed scenes the renderer is pinned against (no layout involved).
pub const FIXTURES: &[&str] = &["shapes", "edges", "dark"];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_dir() -> PathBuf {
    root().join("tests/fixtures/render")
}

pub fn scene(name: &str) -> Scene {
    let path = fixture_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut scene: Scene =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Hand-placed scenes give labels, not the gaps the scene stage derives from them.
    zukai::scene::build::cut_lines_under_labels(&mut scene);
    scene
}

/// Whether goldens and reference PNGs should be rewritten instead of compared.
pub fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// Per-channel difference above which a pixel counts as different (resvg's threshold).
pub const CHANNEL_THRESHOLD: u8 = 1;

/// Pixel comparison result.
#[derive(Debug)]
pub struct PixelDiff {
    /// Pixels whose largest channel difference exceeds the threshold.
    pub differing: usize,
    /// Largest channel difference seen.
    pub max_channel: u8,
    /// Mean absolute difference per channel (0–255) over the whole picture.
    pub mean_abs: f64,
    /// White where the pictures agree, red where they differ.
    pub mask: Pixmap,
}

pub fn decode(png: &[u8]) -> Pixmap {
    Pixmap::decode_png(png).expect("a PNG")
}

/// Compares two pictures of the same size channel by channel (premultiplied RGBA, as
/// tiny-skia holds them).
pub fn compare(expected: &Pixmap, actual: &Pixmap, threshold: u8) -> PixelDiff {
    assert_eq!(
        (expected.width(), expected.height()),
        (actual.width(), actual.height()),
        "picture size changed"
    );
    let (w, h) = (expected.width(), expected.height());
    let mut mask = Pixmap::new(w, h).unwrap();
    let (mut differing, mut max_channel, mut sum) = (0usize, 0u8, 0u64);
    let e = expected.data();
    let a = actual.data();
    let m = mask.data_mut();
    for i in (0..e.len()).step_by(4) {
        let mut worst = 0u8;
        for c in 0..4 {
            let d = e[i + c].abs_diff(a[i + c]);
            sum += u64::from(d);
            worst = worst.max(d);
        }
        max_channel = max_channel.max(worst);
        if worst > threshold {
            differing += 1;
            m[i..i + 4].copy_from_slice(&[255, 0, 0, 255]);
        } else {
            m[i..i + 4].copy_from_slice(&[255, 255, 255, 255]);
        }
    }
    PixelDiff {
        differing,
        max_channel,
        mean_abs: sum as f64 / e.len() as f64,
        mask,
    }
}

/// Writes `expected | mask | actual` side by side to `tests/diffs/<name>.png`.
pub fn write_diff_image(name: &str, expected: &Pixmap, mask: &Pixmap, actual: &Pixmap) {
    let (w, h) = (expected.width(), expected.height());
    let mut out = Pixmap::new(w * 3, h).unwrap();
    for (k, p) in [expected, mask, actual].into_iter().enumerate() {
        out.draw_pixmap(
            (k as u32 * w) as i32,
            0,
            p.as_ref(),
            &resvg::tiny_skia::PixmapPaint::default(),
            resvg::tiny_skia::Transform::identity(),
            None,
        );
    }
    let dir = root().join("tests/diffs");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.png"));
    out.save_png(&path).unwrap();
    eprintln!("diff image: {}", path.display());
}

/// Writes `bytes` to `path` when updating, else returns the bytes on disk.
pub fn golden(path: &Path, bytes: &[u8]) -> Vec<u8> {
    if update() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    })
}
