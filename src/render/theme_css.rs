//! The `[theme]` table of `talkarchive.toml`: colours, fonts and a logo that dress the default
//! theme without a template of the site's own. Colours and fonts become CSS custom properties of
//! `static/style.css`, set in a `<style>` after it; a site without `[theme]` gets no `<style>`.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The custom properties of `static/style.css` a site may set, with their light defaults.
pub const COLOURS: &[(&str, &str)] = &[
    ("bg", "#ffffff"),
    ("fg", "#1b1f24"),
    ("muted", "#59636e"),
    ("line", "#d8dee4"),
    ("accent", "#1f5f8b"),
    ("accent-bg", "#eaf3fa"),
    ("mark", "#fff1a8"),
    ("notice", "#fff7e0"),
    ("focus", "#c2410c"),
    ("card", "#f6f8fa"),
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSettings {
    /// The body's font stack (`--font`).
    pub font: Option<String>,
    /// An image under `static/` shown before the site's title, e.g. `logo.svg`.
    pub logo: Option<String>,
    /// Colours in the light scheme, by custom property name without `--`.
    #[serde(default)]
    pub light: BTreeMap<String, String>,
    /// Colours in the dark scheme.
    #[serde(default)]
    pub dark: BTreeMap<String, String>,
}

impl ThemeSettings {
    /// What is wrong with the settings: (key as written, what to change), first problem only.
    pub fn problem(&self) -> Option<(String, String)> {
        for (scheme, colours) in [("light", &self.light), ("dark", &self.dark)] {
            for (name, value) in colours {
                if !COLOURS.iter().any(|(n, _)| n == name) {
                    return Some((
                        name.clone(),
                        format!(
                            "[theme.{scheme}] has no colour `{name}`; the colours are {}",
                            COLOURS
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
                if !is_colour(value) {
                    return Some((
                        name.clone(),
                        format!(
                            "[theme.{scheme}] {name} = \"{value}\" is not a colour: write it like \"#1f5f8b\" or \"rgb(31 95 139)\""
                        ),
                    ));
                }
            }
        }
        if let Some(font) = &self.font {
            let ok = !font.trim().is_empty()
                && font
                    .chars()
                    .all(|c| c.is_alphanumeric() || " ,-_\"'".contains(c));
            if !ok {
                return Some((
                    "font".into(),
                    format!("[theme] font = \"{font}\" is not a font list: write it like \"Inter, system-ui, sans-serif\""),
                ));
            }
        }
        if let Some(logo) = &self.logo {
            let ok = !logo.is_empty()
                && !logo.starts_with('/')
                && !logo.split('/').any(|p| p == ".." || p.is_empty());
            if !ok {
                return Some((
                    "logo".into(),
                    format!("[theme] logo = \"{logo}\" must name a file under static/, like \"logo.svg\""),
                ));
            }
        }
        None
    }

    /// The `<style>` text that sets the site's colours and font, or `None` if it sets none.
    pub fn css(&self) -> Option<String> {
        let props = |colours: &BTreeMap<String, String>| -> String {
            colours
                .iter()
                .map(|(n, v)| format!(" --{n}: {v};"))
                .collect()
        };
        let mut light = props(&self.light);
        if let Some(font) = &self.font {
            light.push_str(&format!(" --font: {font};"));
        }
        let dark = props(&self.dark);
        let mut css = String::new();
        if !light.is_empty() {
            css.push_str(&format!(":root {{{light} }}"));
        }
        if !dark.is_empty() {
            css.push_str(&format!(
                "@media (prefers-color-scheme: dark) {{ :root {{{dark} }} }}"
            ));
        }
        (!css.is_empty()).then_some(css)
    }
}

/// `#rgb`, `#rrggbb(aa)`, a colour function of numbers (`rgb(…)`, `hsl(…)`, `oklch(…)`) or a
/// colour name: nothing that could end the declaration or the `<style>` element.
fn is_colour(v: &str) -> bool {
    if let Some(hex) = v.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some((name, rest)) = v.split_once('(') {
        return name.chars().all(|c| c.is_ascii_lowercase())
            && rest.ends_with(')')
            && rest[..rest.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " .,%/-".contains(c));
    }
    !v.is_empty() && v.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_fonts_become_custom_properties() {
        let t: ThemeSettings = toml::from_str(
            "font = \"Inter, sans-serif\"\n[light]\naccent = \"#aa3300\"\n[dark]\naccent = \"rgb(255 180 120)\"\n",
        )
        .unwrap();
        assert_eq!(t.problem(), None);
        assert_eq!(
            t.css().unwrap(),
            ":root { --accent: #aa3300; --font: Inter, sans-serif; }@media (prefers-color-scheme: dark) { :root { --accent: rgb(255 180 120); } }"
        );
        assert_eq!(ThemeSettings::default().css(), None);
    }

    #[test]
    fn nothing_can_escape_the_style_element() {
        for bad in [
            "red;}</style><script>",
            "#12",
            "url(x)</style>",
            "rgb(1,2,3);x",
        ] {
            assert!(!is_colour(bad), "{bad}");
        }
        let t = ThemeSettings {
            font: Some("x;}</style>".into()),
            ..Default::default()
        };
        assert!(t.problem().is_some());
        let t = ThemeSettings {
            light: BTreeMap::from([("acent".into(), "red".into())]),
            ..Default::default()
        };
        assert!(t.problem().unwrap().1.contains("accent-bg"));
    }
}
