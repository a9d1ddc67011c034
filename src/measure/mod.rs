//! Stage 4, *measure*: the size of every label before layout, with the exact font and
//! shaping engine the renderer uses, so every label fits its box in SVG and PNG alike.

pub mod fonts;
