//! The SVG looks the same in a browser as in our PNG: headless Chromium screenshots each
//! fixture SVG and the screenshot is compared with resvg's rendering at scale 1.
//!
//! Anti-aliasing and hinting differ between Skia-in-Chromium and tiny-skia, so the pictures
//! cannot match exactly. What must hold: the pictures agree overall (small mean difference),
//! and every text block carries about the same amount of ink in the same place, which fails
//! when the browser falls back to another font or drops the embedded one.
//!
//! Needs the `chromium` program (Debian package `chromium`). Missing: the test says so and
//! passes on a laptop, and fails when `CI` is set.

mod render_common;

use render_common::{FIXTURES, compare, decode, root, scene, write_diff_image};
use resvg::tiny_skia::Pixmap;
use std::path::{Path, PathBuf};
use std::process::Command;
use zukai::render::{png::to_png, svg::to_svg};
use zukai::scene::build::SceneOptions;
use zukai::scene::{Rect, Scene};

/// Largest mean absolute difference per channel (0–255) over the whole picture.
const MAX_MEAN_ABS: f64 = 1.0;
/// Largest mean absolute difference per channel inside one text block.
const MAX_TEXT_MEAN_ABS: f64 = 24.0;
/// How far the ink of a text block may stray from ours (0.2 = ±20 %).
const MAX_INK_RATIO_ERROR: f64 = 0.2;

fn chromium() -> Option<PathBuf> {
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn screenshot(chrome: &Path, svg: &Path, out: &Path, w: u32, h: u32, profile: &Path) {
    let status = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", out.display()))
        .arg(format!("--window-size={w},{h}"))
        .arg(format!("file://{}", svg.display()))
        .output()
        .expect("chromium runs");
    assert!(
        status.status.success() && out.is_file(),
        "chromium failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Mean absolute channel difference inside `r`, and the ink (summed darkness against the
/// picture's background) of each picture there.
fn region(a: &Pixmap, b: &Pixmap, r: &Rect, bg: [u8; 3]) -> (f64, f64, f64) {
    let (mut sum, mut n, mut ink_a, mut ink_b) = (0u64, 0u64, 0u64, 0u64);
    let x0 = r.x.floor().max(0.0) as u32;
    let y0 = r.y.floor().max(0.0) as u32;
    let x1 = (r.right().ceil() as u32).min(a.width());
    let y1 = (r.bottom().ceil() as u32).min(a.height());
    for y in y0..y1 {
        for x in x0..x1 {
            let (p, q) = (a.pixel(x, y).unwrap(), b.pixel(x, y).unwrap());
            let pa = [p.red(), p.green(), p.blue()];
            let qa = [q.red(), q.green(), q.blue()];
            for c in 0..3 {
                sum += u64::from(pa[c].abs_diff(qa[c]));
                ink_a += u64::from(pa[c].abs_diff(bg[c]));
                ink_b += u64::from(qa[c].abs_diff(bg[c]));
            }
            n += 3;
        }
    }
    (sum as f64 / n.max(1) as f64, ink_a as f64, ink_b as f64)
}

#[test]
fn chromium_draws_the_svg_like_our_png() {
    let Some(chrome) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is missing (Debian package `chromium`); CI must run this test");
        }
        eprintln!("chromium not found: browser comparison not run");
        return;
    };
    let dir = std::env::temp_dir().join(format!("zukai-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut scenes: Vec<(String, Scene)> =
        FIXTURES.iter().map(|n| (n.to_string(), scene(n))).collect();
    // And one real diagram, laid out by zukai from a shipped inventory.
    let loaded = zukai::model::load::load_files(&[root().join("inventories/asteroidon-k8s.toml")]);
    assert!(loaded.io_errors.is_empty(), "{:?}", loaded.io_errors);
    let era = &loaded.eras[0];
    let diagram = zukai::graph::diagram::from_era(era);
    scenes.push((
        "asteroidon-k8s".to_string(),
        zukai::scene::build::draw(&diagram, &SceneOptions::default()),
    ));
    let mut failures = Vec::new();
    for (name, s) in &scenes {
        failures.extend(compare_in_browser(&chrome, &dir, name, s));
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Screenshots `s` in Chromium and compares it with our PNG at scale 1; returns what differs.
fn compare_in_browser(chrome: &Path, dir: &Path, name: &str, s: &Scene) -> Vec<String> {
    let mut failures = Vec::new();
    let svg = to_svg(s);
    let svg_path = dir.join(format!("{name}.svg"));
    std::fs::write(&svg_path, &svg).unwrap();
    let shot = dir.join(format!("{name}-chromium.png"));
    let (w, h) = (s.width.ceil() as u32, s.height.ceil() as u32);
    screenshot(chrome, &svg_path, &shot, w, h, &dir.join("profile"));
    let browser = decode(&std::fs::read(&shot).unwrap());
    let ours = decode(&to_png(&svg, 1.0).unwrap());
    // A pixel "differs" for the mask only when clearly so; anti-aliasing always differs a bit.
    let whole = compare(&ours, &browser, 64);
    eprintln!("{name}: mean abs diff {:.3} per channel", whole.mean_abs);
    if whole.mean_abs > MAX_MEAN_ABS {
        failures.push(format!("{name}: mean abs diff {:.3}", whole.mean_abs));
    }
    let bg = hex(&s.background);
    let texts = s
        .nodes
        .iter()
        .flat_map(|n| &n.texts)
        .chain(s.edges.iter().filter_map(|e| e.label.as_ref()))
        .chain(&s.heading);
    let (mut worst_diff, mut worst_ratio, mut blocks) = (0.0f64, 0.0f64, 0);
    for t in texts {
        blocks += 1;
        let (diff, ink_ours, ink_browser) = region(&ours, &browser, &t.bounds, bg);
        let ratio = ink_browser / ink_ours.max(1.0);
        worst_diff = worst_diff.max(diff);
        worst_ratio = worst_ratio.max((ratio - 1.0).abs());
        if diff > MAX_TEXT_MEAN_ABS || (ratio - 1.0).abs() > MAX_INK_RATIO_ERROR {
            failures.push(format!(
                "{name}: text {:?} differs (mean abs {diff:.1}, ink ratio {ratio:.2})",
                t.lines
            ));
        }
    }
    eprintln!(
        "{name}: {blocks} text blocks, worst mean abs {worst_diff:.2}, worst ink ratio error \
         {worst_ratio:.3}"
    );
    if !failures.is_empty() {
        write_diff_image(&format!("browser-{name}"), &ours, &whole.mask, &browser);
    }
    failures
}

fn hex(c: &str) -> [u8; 3] {
    let v = u32::from_str_radix(c.trim_start_matches('#'), 16).unwrap_or(0xFFFFFF);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}
