//! The PNG renderer: hand-placed scenes compared pixel by pixel with reference pictures in
//! `tests/ref/` (resvg's method: a per-channel threshold of 1, plus a few pixels of slack for
//! SIMD differences between CPUs). A failure writes `expected | mask | actual` to
//! `tests/diffs/<name>.png`. `UPDATE_GOLDEN=1` rewrites the references.

mod render_common;

use render_common::{
    CHANNEL_THRESHOLD, FIXTURES, compare, decode, golden, root, scene, write_diff_image,
};
use zukai::render::{png::to_png, svg::to_svg};

/// Pixels allowed to differ by more than the threshold (anti-aliasing of a few edge pixels
/// may differ between SIMD code paths).
const ALLOWED_PIXELS: usize = 20;

#[test]
fn png_matches_reference() {
    let mut failures = Vec::new();
    for name in FIXTURES {
        let png = to_png(&to_svg(&scene(name)), 2.0).expect("render");
        let path = root().join(format!("tests/ref/{name}.png"));
        let expected = golden(&path, &png);
        let (expected, actual) = (decode(&expected), decode(&png));
        let diff = compare(&expected, &actual, CHANNEL_THRESHOLD);
        if diff.differing > ALLOWED_PIXELS {
            write_diff_image(name, &expected, &diff.mask, &actual);
            failures.push(format!(
                "{name}: {} pixels differ (max channel difference {})",
                diff.differing, diff.max_channel
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "pictures changed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn png_is_deterministic_and_scaled() {
    let svg = to_svg(&scene("edges"));
    let a = to_png(&svg, 2.0).unwrap();
    let b = to_png(&svg, 2.0).unwrap();
    assert!(a == b, "two renders of one SVG differ");
    let one = decode(&to_png(&svg, 1.0).unwrap());
    let two = decode(&a);
    assert_eq!(
        (two.width(), two.height()),
        (one.width() * 2, one.height() * 2)
    );
}

#[test]
fn text_is_drawn_with_the_embedded_font() {
    // A label drawn in the PNG darkens pixels inside its measured bounds: if resvg had no
    // font for "Noto Sans" the text would silently vanish.
    let s = scene("shapes");
    let png = decode(&to_png(&to_svg(&s), 1.0).unwrap());
    let t = &s.nodes[1].texts[0];
    let b = &t.bounds;
    let mut ink = 0;
    for y in b.y as u32..(b.y + b.h) as u32 {
        for x in b.x as u32..(b.x + b.w) as u32 {
            let p = png.pixel(x, y).unwrap();
            if p.red() < 128 {
                ink += 1;
            }
        }
    }
    let area = (b.w * b.h) as usize;
    assert!(
        ink * 20 > area,
        "only {ink} dark pixels in {area} for {:?}",
        t.lines
    );
}
