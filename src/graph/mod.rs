//! Stage 3, *graph*: an era as graphs.
//!
//! - [`diagram`]: what a picture shows — nodes in a placement tree and edges between them,
//!   each with its label, caption, tooltip and diff mark. Layout and scene read only this,
//!   so a diff (the union of two eras) is drawn by exactly the same code as one era.

pub mod diagram;

pub use diagram::{Diagram, DiagramEdge, DiagramNode, Mark};
