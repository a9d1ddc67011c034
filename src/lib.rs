//! zukai (図解, "explained in a picture"): infrastructure inventories as reviewable TOML,
//! turned into validated graphs, d2-style diagrams and before/after diffs.
//!
//! The pipeline, one module per stage, each a plain function over an owned value:
//!
//! ```text
//! source ─► model (Era) ─► check (Diagnostics) ─► graph ─► measure ─► layout ─► scene ─► render (SVG/PNG)
//!                                   └──────► diff, export          import ─► model
//! ```
//!
//! Nothing after [`scene`] knows TOML; nothing before it knows SVG.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diag;
pub mod model;
pub mod scene;
pub mod source;
