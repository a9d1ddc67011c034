//! The one font zukai draws with, embedded in the binary: Noto Sans (OFL-1.1, from the
//! `notosans` crate). Measurement, the SVG `@font-face` and the PNG renderer all read these
//! bytes, so no system font is ever consulted and output is identical on every machine.

/// Family name written in SVG `font-family` and registered in the PNG font database.
pub const FAMILY: &str = "Noto Sans";

/// Noto Sans Regular: container titles.
pub const REGULAR: &[u8] = notosans::REGULAR_TTF;

/// Noto Sans Bold: leaf labels.
pub const BOLD: &[u8] = notosans::BOLD_TTF;

/// Noto Sans Italic: link labels and captions.
pub const ITALIC: &[u8] = notosans::ITALIC_TTF;

/// The bytes of a face by style.
pub fn face(style: crate::scene::FontStyle) -> &'static [u8] {
    match style {
        crate::scene::FontStyle::Regular => REGULAR,
        crate::scene::FontStyle::Bold => BOLD,
        crate::scene::FontStyle::Italic => ITALIC,
    }
}
