//! `zukai diff`: what changed between two eras of a system.
//!
//! - [`compare`](mod@compare): the semantic comparison ([`EraDiff`]): items matched by id or
//!   by a declared rename (`was = "old-id"`), then added, removed, changed (attributes,
//!   re-platformed), moved (placement), links and queues;
//! - [`risk`]: notes a reviewer needs (possible data loss, a singleton run twice, an entry
//!   point gone);
//! - [`report`]: text, JSON and Markdown reports;
//! - [`union`](mod@union): the union of both eras as one marked [`crate::graph::Diagram`];
//! - [`side`]: reading one side of a comparison (a file, an era name, `REV:path`);
//! - [`stable`]: one layout of the union, cut into before, after and diff scenes, so
//!   unchanged items keep their place in all three pictures.

pub mod compare;
pub mod report;
pub mod risk;
pub mod side;
pub mod stable;
pub mod union;

pub use compare::{Change, EraDiff, compare};
pub use risk::{Risk, RiskKind};
pub use stable::{StableScenes, stable_scenes, write_stable};
pub use union::{Union, union, union_diagram};
