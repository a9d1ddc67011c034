//! Stage: measure (being built).
