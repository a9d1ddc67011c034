//! Import: docker-compose files and Kubernetes manifests → a TOML inventory to curate.

pub mod interpolate;
pub mod writer;
pub mod yaml;
