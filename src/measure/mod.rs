//! Stage 4, *measure*: the size of every label before layout, with the exact font and
//! shaping engine the renderer uses, so every label fits its box in SVG and PNG alike.
//!
//! Widths come from harfrust 0.12 (the shaper usvg 0.49 uses) over the bytes in [`fonts`];
//! vertical metrics from skrifa. Characters the font lacks (CJK, emoji) shape to `.notdef`,
//! which has a real advance in both the measurement and the render, so layout stays
//! consistent (the glyphs show as boxes, but nothing overflows and nothing panics).

pub mod fonts;

use crate::scene::FontStyle;
use harfrust::{FontRef, ShapeOptions, Shaper, ShaperData, UnicodeBuffer};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use std::sync::OnceLock;

/// Per-face data built once: the shaper and the vertical metrics at 1 px.
struct Face {
    shaper: Shaper<'static>,
    upem: f64,
    /// Ascent, descent (negative) and line gap at 1 px.
    ascent: f64,
    descent: f64,
    leading: f64,
}

fn build_face(bytes: &'static [u8]) -> Face {
    // The fonts are compiled in and known good; a parse failure is a build defect.
    let font = FontRef::new(bytes).expect("embedded font parses");
    let data: &'static ShaperData = Box::leak(Box::new(ShaperData::new(&font)));
    let shaper = data.shaper(&font).build();
    let sk = skrifa::FontRef::new(bytes).expect("embedded font parses");
    let m = sk.metrics(Size::new(1.0), LocationRef::default());
    Face {
        shaper,
        upem: m.units_per_em as f64,
        ascent: m.ascent as f64,
        descent: m.descent as f64,
        leading: m.leading as f64,
    }
}

fn face(style: FontStyle) -> &'static Face {
    static FACES: [OnceLock<Face>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = match style {
        FontStyle::Regular => 0,
        FontStyle::Bold => 1,
        FontStyle::Italic => 2,
    };
    FACES[i].get_or_init(|| build_face(fonts::face(style)))
}

/// Width in px of one line of text, shaped as usvg shapes it (kerning included).
pub fn text_width(text: &str, style: FontStyle, size: f64) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    let f = face(style);
    let mut buf = UnicodeBuffer::new();
    buf.push_str(text);
    buf.guess_segment_properties();
    let out = f.shaper.shape(buf, ShapeOptions::new());
    let adv: i64 = out
        .glyph_positions()
        .iter()
        .map(|p| p.x_advance as i64)
        .sum();
    adv as f64 * size / f.upem
}

/// Vertical metrics of a face at a size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineMetrics {
    /// Distance from the top of a line box to its baseline.
    pub ascent: f64,
    /// Distance between baselines: ascent − descent + leading.
    pub line_height: f64,
}

/// Line metrics of `style` at `size` px.
pub fn line_metrics(style: FontStyle, size: f64) -> LineMetrics {
    let f = face(style);
    LineMetrics {
        ascent: f.ascent * size,
        line_height: (f.ascent - f.descent + f.leading) * size,
    }
}

/// A label measured and wrapped: what layout sizes boxes with and the scene draws.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    /// The lines, already wrapped.
    pub lines: Vec<String>,
    /// Widest line in px.
    pub width: f64,
    /// `lines × line_height` in px.
    pub height: f64,
    /// Font size in px.
    pub size: f64,
    /// Face.
    pub style: FontStyle,
    /// Baseline distance.
    pub line_height: f64,
    /// Top of the block to the first baseline.
    pub ascent: f64,
}

/// Measures `text` (explicit `\n` breaks kept) and word-wraps it so no line is wider than
/// `max_width` px where that is possible; a word longer than `max_width` is broken between
/// characters. Empty text gives one empty line of zero width.
pub fn block(text: &str, style: FontStyle, size: f64, max_width: f64) -> TextBlock {
    let m = line_metrics(style, size);
    let mut lines: Vec<String> = Vec::new();
    for para in text.split('\n') {
        wrap_into(
            para.trim_end_matches('\r'),
            style,
            size,
            max_width,
            &mut lines,
        );
    }
    let width = lines
        .iter()
        .map(|l| text_width(l, style, size))
        .fold(0.0, f64::max);
    TextBlock {
        height: m.line_height * lines.len() as f64,
        lines,
        width,
        size,
        style,
        line_height: m.line_height,
        ascent: m.ascent,
    }
}

fn wrap_into(para: &str, style: FontStyle, size: f64, max: f64, out: &mut Vec<String>) {
    let words: Vec<&str> = para.split_whitespace().collect();
    if words.is_empty() {
        out.push(String::new());
        return;
    }
    let mut cur = String::new();
    for w in words {
        let candidate = if cur.is_empty() {
            w.to_string()
        } else {
            format!("{cur} {w}")
        };
        if text_width(&candidate, style, size) <= max {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if text_width(w, style, size) <= max {
            cur = w.to_string();
            continue;
        }
        // An over-long word (a URL, a long id): break it between characters.
        for ch in w.chars() {
            let mut next = cur.clone();
            next.push(ch);
            if !cur.is_empty() && text_width(&next, style, size) > max {
                out.push(std::mem::replace(&mut cur, ch.to_string()));
            } else {
                cur = next;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_usvg_shaping_of_the_reference_string() {
        // Noto Sans regular 16 px, verified against usvg 0.49's rendered bbox (rust-stack §1.2).
        let w = text_width("postgres-primary (AVAf Wo)", FontStyle::Regular, 16.0);
        assert!((w - 207.625).abs() < 0.01, "{w}");
        let m = line_metrics(FontStyle::Regular, 16.0);
        assert!((m.line_height - 21.789).abs() < 0.01, "{}", m.line_height);
    }

    #[test]
    fn wraps_long_labels_and_breaks_long_words() {
        let b = block(
            "sidekiq pod B queues: push, ingress, mailers, scheduler",
            FontStyle::Bold,
            16.0,
            200.0,
        );
        assert!(b.lines.len() >= 2);
        assert!(b.width <= 200.0);
        let b = block(&"x".repeat(200), FontStyle::Bold, 16.0, 100.0);
        assert!(b.lines.len() > 5 && b.width <= 100.0);
    }

    #[test]
    fn text_outside_the_font_measures_consistently() {
        let a = text_width("数据库 🚀", FontStyle::Bold, 16.0);
        assert!(a > 0.0);
        assert_eq!(a, text_width("数据库 🚀", FontStyle::Bold, 16.0));
        let b = block(
            "数据库数据库数据库数据库数据库数据库",
            FontStyle::Bold,
            16.0,
            60.0,
        );
        assert!(b.lines.len() > 1 && b.width <= 60.0);
    }
}
