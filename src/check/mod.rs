//! Stage: check (being built).
