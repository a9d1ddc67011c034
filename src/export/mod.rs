//! Stage: export (being built).
