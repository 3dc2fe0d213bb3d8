//! Slugs: the ASCII names that files are known by and that become URLs.

pub const HELP: &str =
    "slugs use lower-case ASCII letters, digits and `-`, starting with a letter or digit (e.g. `li-kaifu`)";

/// Checks that `s` is a slug; the error says what is wrong.
pub fn check(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("it is empty".into());
    }
    if s.len() > 100 {
        return Err("it is longer than 100 characters".into());
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!("it contains `{c}`"));
    }
    if s.starts_with('-') {
        return Err("it starts with `-`".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_ascii_slugs() {
        for s in ["li-kaifu", "waic-2024", "03-jiang-daxin", "a"] {
            assert!(check(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn rejects_paths_and_other_scripts() {
        for s in ["", "../etc", "a/b", "Li", "李开复", "-x", "a b", "a.b"] {
            assert!(check(s).is_err(), "{s}");
        }
    }
}
