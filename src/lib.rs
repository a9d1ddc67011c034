//! zukai (図解, "explained in a picture"): infrastructure inventories as reviewable TOML,
//! turned into validated graphs, d2-style diagrams and before/after diffs.
//!
//! The pipeline, one module per stage, each a plain function over an owned value:
//!
//! ```text
//! source ─► model (Era) ─► check (Diagnostics) ─► graph (Diagram) ─► measure ─► layout ─► scene ─► render (SVG/PNG)
//!                 ├─► diff (two eras ─► report, union Diagram)
//!                 └─► export (d2, DOT, Mermaid, JSON, Markdown)        import (compose, k8s) ─► TOML
//! ```
//!
//! Nothing after [`scene`] knows TOML; nothing before it knows SVG.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod check;
pub mod cli;
pub mod diag;
pub mod diff;
pub mod export;
pub mod graph;
pub mod import;
pub mod layout;
pub mod measure;
pub mod model;
pub mod render;
pub mod scene;
pub mod source;
