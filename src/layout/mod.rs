//! Stage: layout (being built).
