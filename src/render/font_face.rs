//! The `@font-face` rules that make a browser draw an SVG with the very glyphs zukai measured.
//!
//! Each Noto Sans face a scene uses is cut down (with skera, which keeps `cmap`, so browsers
//! can still map characters to glyphs) to the characters that face draws, and inlined as a
//! `data:font/ttf` URL. usvg ignores `@font-face` and takes the same faces from its own font
//! database, so the PNG and the browser agree without the SVG referencing anything outside.

use crate::measure::fonts;
use crate::scene::FontStyle;
use base64::Engine;
use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, NameId, Tag};
use std::collections::BTreeSet;

/// Every face in a fixed order, so the `<style>` block is byte-stable.
const STYLES: [FontStyle; 3] = [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic];

/// The characters each face draws in one picture.
#[derive(Debug, Default)]
pub(crate) struct Corpus {
    chars: [BTreeSet<char>; 3],
}

impl Corpus {
    /// Notes that `text` is drawn in `style`.
    pub(crate) fn add(&mut self, style: FontStyle, text: &str) {
        self.chars[slot(style)].extend(text.chars());
    }
}

fn slot(style: FontStyle) -> usize {
    match style {
        FontStyle::Regular => 0,
        FontStyle::Bold => 1,
        FontStyle::Italic => 2,
    }
}

/// CSS `font-weight` and `font-style` of a face, as written in `@font-face` and on `<text>`.
pub(crate) fn css(style: FontStyle) -> (&'static str, &'static str) {
    match style {
        FontStyle::Regular => ("400", "normal"),
        FontStyle::Bold => ("700", "normal"),
        FontStyle::Italic => ("400", "italic"),
    }
}

/// The `@font-face` rules for the faces `corpus` uses; empty when no text is drawn.
pub(crate) fn rules(corpus: &Corpus) -> String {
    let mut css_text = String::new();
    for style in STYLES {
        let chars = &corpus.chars[slot(style)];
        if chars.is_empty() {
            continue;
        }
        let face = fonts::face(style);
        // A face that cannot be cut down is embedded whole: bigger, but still self-contained
        // and still the glyphs that were measured.
        let bytes = subset(face, chars).unwrap_or_else(|| face.to_vec());
        let (weight, font_style) = css(style);
        css_text.push_str(&format!(
            "@font-face{{font-family:\"{}\";font-style:{font_style};font-weight:{weight};\
             src:url(data:font/ttf;base64,{}) format(\"truetype\")}}\n",
            fonts::FAMILY,
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ));
    }
    css_text
}

/// `face` reduced to the glyphs for `chars` (plus what shaping them can reach: ligatures,
/// kerning pairs). `None` when the font cannot be parsed or subset.
fn subset(face: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let font = read_fonts::FontRef::new(face).ok()?;
    let mut unicodes = IntSet::<u32>::empty();
    unicodes.extend(chars.iter().map(|c| *c as u32));
    let gids = IntSet::<GlyphId>::empty();
    // Tables browsers do not need; the list follows hb-subset's defaults.
    let drop_tables: IntSet<Tag> = skera::DEFAULT_DROP_TABLES.iter().copied().collect();
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    let features: IntSet<Tag> = skera::DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    // Names 0–6 carry the family name and the OFL copyright notice the licence asks for.
    let mut name_ids = IntSet::<NameId>::empty();
    name_ids.insert_range(NameId::from(0)..=NameId::from(6));
    let mut languages = IntSet::<u16>::empty();
    languages.insert(0x0409);
    let plan = skera::Plan::new(
        &gids,
        &unicodes,
        &font,
        skera::SubsetFlags::SUBSET_FLAGS_DEFAULT,
        &drop_tables,
        &scripts,
        &features,
        &name_ids,
        &languages,
    );
    skera::subset_font(&font, &plan).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_keeps_cmap_and_shrinks() {
        let chars: BTreeSet<char> = "postgres (tcp/5432)".chars().collect();
        let cut = subset(fonts::REGULAR, &chars).expect("subset");
        assert!(cut.len() * 10 < fonts::REGULAR.len(), "{} bytes", cut.len());
        let font = read_fonts::FontRef::new(&cut).unwrap();
        use read_fonts::TableProvider;
        let cmap = font.cmap().unwrap();
        assert!(cmap.map_codepoint('g').is_some());
        assert!(cmap.map_codepoint('5').is_some());
        assert!(cmap.map_codepoint('z').is_none());
    }

    #[test]
    fn only_used_faces_are_embedded() {
        let mut corpus = Corpus::default();
        corpus.add(FontStyle::Italic, "HTTP");
        let css_text = rules(&corpus);
        assert_eq!(css_text.matches("@font-face").count(), 1);
        assert!(css_text.contains("font-style:italic"));
        assert!(rules(&Corpus::default()).is_empty());
    }
}
