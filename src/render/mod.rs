//! Stage 7, *render*: a [`Scene`](crate::scene::Scene) drawn as SVG text ([`svg::to_svg`]) and
//! that SVG rasterised to PNG with resvg ([`png::to_png`]).
//!
//! Renderers only draw: every position, colour and font is already decided in the scene.
//! Both outputs use the embedded Noto Sans faces from [`crate::measure::fonts`] and nothing
//! from the machine, so the same scene gives the same bytes everywhere.

mod font_face;
pub mod png;
pub mod svg;
