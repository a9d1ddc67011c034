//! Stage: diff (being built).
