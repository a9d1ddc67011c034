//! SVG → PNG with resvg, using only the fonts embedded in the binary.

use crate::measure::fonts;
use resvg::{tiny_skia, usvg};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Largest PNG side zukai draws, in pixels; a bigger picture is drawn at a smaller scale
/// rather than allocating gigabytes.
pub const MAX_SIDE: u32 = 32_000;

/// Most pixels one PNG may have (40 M, 160 MB of pixels while drawing); a bigger picture is
/// drawn at the largest scale that fits, so a 10,000-item diagram still gets a PNG instead
/// of a multi-gigabyte canvas. The SVG keeps every detail.
pub const MAX_PIXELS: f64 = 40_000_000.0;

/// Pixels of an overview (8 M): a picture that does not fit [`MAX_PIXELS`] even at one
/// pixel per SVG px has text too small to read in any PNG, so it gets a smaller one, which
/// also keeps encoding (most of a large render's time) under a second.
pub const OVERVIEW_PIXELS: f64 = 8_000_000.0;

/// Pictures with more pixels than this (30 M) are encoded for speed rather than size; every
/// picture of the shipped inventories and their diffs at the default scale is smaller.
pub const FAST_ABOVE_PIXELS: f64 = 30_000_000.0;

/// Largest scale accepted; a bigger one is a mistake, not a request for a huge picture.
pub const MAX_SCALE: f32 = 64.0;

/// Why an SVG could not be rasterised.
#[derive(Debug)]
pub enum PngError {
    /// The SVG did not parse.
    Svg(usvg::Error),
    /// The scale is not a positive number up to [`MAX_SCALE`], or the picture is empty.
    Size {
        /// Requested scale.
        scale: f32,
        /// Width of the SVG in px.
        width: f32,
        /// Height of the SVG in px.
        height: f32,
    },
    /// PNG encoding failed.
    Encode(String),
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PngError::Svg(e) => write!(f, "the SVG does not parse: {e}"),
            PngError::Size {
                scale,
                width,
                height,
            } => write!(
                f,
                "cannot draw a {width}×{height} px picture at scale {scale}: \
                 the picture is empty or the scale is not a number in (0, {MAX_SCALE}]"
            ),
            PngError::Encode(e) => write!(f, "PNG encoding failed: {e}"),
        }
    }
}

impl std::error::Error for PngError {}

/// The font database resvg draws with: the three embedded Noto Sans faces and nothing
/// else. Every generic family maps to Noto Sans, so no text can fall through to a system
/// font (there are none in the database anyway).
fn font_db() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for face in [fonts::REGULAR, fonts::BOLD, fonts::ITALIC] {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
        }
        db.set_sans_serif_family(fonts::FAMILY);
        db.set_serif_family(fonts::FAMILY);
        db.set_monospace_family(fonts::FAMILY);
        db.set_cursive_family(fonts::FAMILY);
        db.set_fantasy_family(fonts::FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Parser options: embedded fonts only, and no image loading (zukai's SVGs contain no
/// images, and a PNG must never depend on a file on the machine).
fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: fonts::FAMILY.to_string(),
        fontdb: font_db(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Rasterises `svg` at `scale` (1 = one PNG pixel per SVG px; zukai's default is 2) and
/// encodes it as PNG. A picture that would exceed [`MAX_SIDE`] px on a side or
/// [`MAX_PIXELS`] pixels is drawn at the largest scale that fits instead. The same SVG and
/// scale give the same bytes on the same architecture.
pub fn to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let tree = usvg::Tree::from_str(svg, &options()).map_err(PngError::Svg)?;
    let size = tree.size();
    let bad = || PngError::Size {
        scale,
        width: size.width(),
        height: size.height(),
    };
    if !(scale.is_finite() && scale > 0.0 && scale <= MAX_SCALE) {
        return Err(bad());
    }
    let (sw, sh) = (size.width() as f64, size.height() as f64);
    // Rounding up below may add a pixel, hence the margin of one.
    let fit_in = |pixels: f64| {
        ((MAX_SIDE as f64 - 1.0) / sw)
            .min((MAX_SIDE as f64 - 1.0) / sh)
            .min((pixels / (sw * sh)).sqrt() * 0.999)
    };
    let fit = fit_in(MAX_PIXELS);
    let fit = if fit < 1.0 {
        fit_in(OVERVIEW_PIXELS)
    } else {
        fit
    };
    let shrunk = (scale as f64) > fit;
    let scale = if shrunk { fit as f32 } else { scale };
    // Rounded up, so a canvas of 780.5 px keeps its last half pixel.
    let (w, h) = (
        (size.width() * scale).ceil(),
        (size.height() * scale).ceil(),
    );
    if !(1.0..=MAX_SIDE as f32).contains(&w) || !(1.0..=MAX_SIDE as f32).contains(&h) {
        return Err(bad());
    }
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32).ok_or_else(bad)?;
    draw_in_bands(&tree, scale, &mut pixmap);
    let effort = if shrunk || f64::from(w) * f64::from(h) > FAST_ABOVE_PIXELS {
        png::Compression::Fast
    } else {
        png::Compression::Balanced
    };
    encode(pixmap, effort).map_err(|e| PngError::Encode(e.to_string()))
}

/// Horizontal bands a picture is drawn in, each on its own thread. A fixed number, not the
/// machine's core count, so every machine draws the same bands and the same pixels.
const BANDS: u32 = 2;

/// Draws `tree` at `scale` into `pixmap`, the bands side by side in time: drawing is a third
/// of a large render, and the bands share nothing but the tree.
fn draw_in_bands(tree: &usvg::Tree, scale: f32, pixmap: &mut tiny_skia::Pixmap) {
    let (width, height) = (pixmap.width(), pixmap.height());
    let rows = height.div_ceil(BANDS);
    let row_bytes = width as usize * 4;
    std::thread::scope(|scope| {
        let mut rest: &mut [u8] = pixmap.data_mut();
        let mut top = 0;
        while top < height {
            let band = rows.min(height - top);
            let (mine, after) = std::mem::take(&mut rest).split_at_mut(band as usize * row_bytes);
            rest = after;
            let shift = top as f32;
            scope.spawn(move || {
                // A band is only ever made from a slice of its own size.
                if let Some(mut part) = tiny_skia::PixmapMut::from_bytes(mine, width, band) {
                    let at = tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, 0.0, -shift);
                    resvg::render(tree, at, &mut part);
                }
            });
            top += band;
        }
    });
}

/// Encodes a drawn picture as straight (not premultiplied) RGBA.
///
/// `effort` is png's `Balanced` for pictures of the size people commit and publish (the
/// smallest files); `Fast` (fdeflate) for a picture shrunk to fit the pixel budget, a preview
/// of a diagram too big for any PNG whose SVG has every detail, and for any picture over
/// [`FAST_ABOVE_PIXELS`]. On such big pictures `Balanced` encoding was the largest single
/// cost of a render (about 17 ms per M pixels here); `Fast` is about six times faster for a
/// file a sixth larger on dense pictures (twice as large on sparse ones).
fn encode(
    pixmap: tiny_skia::Pixmap,
    effort: png::Compression,
) -> Result<Vec<u8>, png::EncodingError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let data = pixmap.take_demultiplied();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(effort);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// Per-channel difference two renders of one SVG may show on different CPUs (tiny-skia's
/// SIMD paths round differently by ±1; resvg's own tests use the same threshold).
pub const CHANNEL_TOLERANCE: u8 = 1;

/// Whether two PNGs show the same picture: same size, and no channel of any pixel differs by
/// more than [`CHANNEL_TOLERANCE`]. Used by `zukai render --check`, so a PNG committed from
/// one machine is not reported stale on another. `false` when either does not decode.
pub fn same_picture(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (Ok(a), Ok(b)) = (
        tiny_skia::Pixmap::decode_png(a),
        tiny_skia::Pixmap::decode_png(b),
    ) else {
        return false;
    };
    a.width() == b.width()
        && a.height() == b.height()
        && a.data()
            .iter()
            .zip(b.data())
            .all(|(x, y)| x.abs_diff(*y) <= CHANNEL_TOLERANCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_faces_are_noto_sans() {
        let db = font_db();
        let faces: Vec<_> = db.faces().collect();
        assert_eq!(faces.len(), 3);
        for f in faces {
            assert!(
                f.families.iter().any(|(name, _)| name == fonts::FAMILY),
                "{:?}",
                f.families
            );
        }
    }

    #[test]
    fn same_picture_tolerates_one_step_only() {
        let svg = |c: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="{c}"/></svg>"#
            )
        };
        let a = to_png(&svg("#808080"), 1.0).unwrap();
        let b = to_png(&svg("#818080"), 1.0).unwrap();
        let c = to_png(&svg("#838080"), 1.0).unwrap();
        assert!(same_picture(&a, &b));
        assert!(!same_picture(&a, &c));
        assert!(!same_picture(&a, b"not a png"));
    }

    #[test]
    fn bad_scale_is_an_error_not_a_panic() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        assert!(matches!(to_png(svg, 0.0), Err(PngError::Size { .. })));
        assert!(matches!(to_png(svg, f32::NAN), Err(PngError::Size { .. })));
        assert!(matches!(to_png(svg, 1e6), Err(PngError::Size { .. })));
        assert!(matches!(to_png("<svg", 1.0), Err(PngError::Svg(_))));
        assert!(to_png(svg, 2.0).unwrap().starts_with(b"\x89PNG"));
    }

    #[test]
    fn giant_pictures_are_scaled_down_to_fit() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="480000" height="9000"><rect width="480000" height="9000" fill="#808080"/></svg>"##;
        let png = tiny_skia::Pixmap::decode_png(&to_png(svg, 2.0).unwrap()).unwrap();
        assert!(png.width() <= MAX_SIDE && png.width() > MAX_SIDE / 2);
        assert!((png.width() as f64) * (png.height() as f64) <= MAX_PIXELS);
        let (w, h) = (png.width() as f64, png.height() as f64);
        assert!((w / h - 480000.0 / 9000.0).abs() < 1.0, "{w}×{h}");
        let big = r#"<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"/>"#;
        let png = tiny_skia::Pixmap::decode_png(&to_png(big, 2.0).unwrap()).unwrap();
        assert!((png.width() as f64) * (png.height() as f64) <= OVERVIEW_PIXELS);
        assert!(png.width() >= 2820, "{}", png.width());
        // A picture that fits at full size keeps its requested scale up to the budget.
        let mid = r#"<svg xmlns="http://www.w3.org/2000/svg" width="6000" height="4000"/>"#;
        let png = tiny_skia::Pixmap::decode_png(&to_png(mid, 2.0).unwrap()).unwrap();
        let px = (png.width() as f64) * (png.height() as f64);
        assert!(px <= MAX_PIXELS && px > OVERVIEW_PIXELS, "{}", png.width());
    }
}
