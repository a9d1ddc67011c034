//! Colour themes, in d2's palette roles (N1–N7 neutrals, B1–B6 base, AA/AB alternates).
//! Values come from d2's `d2themes/d2themescatalog` (Neutral Default, id 0; Dark Mauve, id 200).

use serde::Serialize;

/// A palette. Every colour is `#RRGGBB`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Theme {
    /// Name used on the command line (`--theme`).
    pub name: &'static str,
    pub n1: &'static str,
    pub n2: &'static str,
    pub n3: &'static str,
    pub n4: &'static str,
    pub n5: &'static str,
    pub n6: &'static str,
    pub n7: &'static str,
    pub b1: &'static str,
    pub b2: &'static str,
    pub b3: &'static str,
    pub b4: &'static str,
    pub b5: &'static str,
    pub b6: &'static str,
    pub aa2: &'static str,
    pub aa4: &'static str,
    pub aa5: &'static str,
    pub ab4: &'static str,
    pub ab5: &'static str,
    /// Diff colours: added, removed, changed (GitHub's, as diagrams-js uses), and moved.
    pub added: &'static str,
    pub removed: &'static str,
    pub changed: &'static str,
    pub moved: &'static str,
}

/// d2's "Neutral Default" (theme 0). The default.
pub const DEFAULT: Theme = Theme {
    name: "default",
    n1: "#0A0F25",
    n2: "#676C7E",
    n3: "#9499AB",
    n4: "#CFD2DD",
    n5: "#DEE1EB",
    n6: "#EEF1F8",
    n7: "#FFFFFF",
    b1: "#0D32B2",
    b2: "#0D32B2",
    b3: "#E3E9FD",
    b4: "#E3E9FD",
    b5: "#EDF0FD",
    b6: "#F7F8FE",
    aa2: "#4A6FF3",
    aa4: "#EDF0FD",
    aa5: "#F7F8FE",
    ab4: "#EDF0FD",
    ab5: "#F7F8FE",
    added: "#2EA043",
    removed: "#F85149",
    changed: "#D29922",
    moved: "#4A6FF3",
};

/// d2's "Dark Mauve" (theme 200).
pub const DARK: Theme = Theme {
    name: "dark",
    n1: "#CDD6F4",
    n2: "#BAC2DE",
    n3: "#A6ADC8",
    n4: "#585B70",
    n5: "#45475A",
    n6: "#313244",
    n7: "#1E1E2E",
    b1: "#CBA6F7",
    b2: "#CBA6F7",
    b3: "#6C7086",
    b4: "#585B70",
    b5: "#45475A",
    b6: "#313244",
    aa2: "#f38BA8",
    aa4: "#45475A",
    aa5: "#313244",
    ab4: "#45475A",
    ab5: "#313244",
    added: "#3FB950",
    removed: "#F85149",
    changed: "#E3B341",
    moved: "#89B4FA",
};

/// Every built-in theme.
pub const ALL: &[&Theme] = &[&DEFAULT, &DARK];

/// Looks a theme up by name.
pub fn by_name(name: &str) -> Option<&'static Theme> {
    ALL.iter().copied().find(|t| t.name == name)
}
