//! `content/glossary.toml`: the terms the speech recogniser mishears, each with the forms it
//! writes them in (`sing law` for Scaling Law, 巨深 for 具身), declared like the aliases of names.
//! Search folds the forms to the term, talk pages show the term beside them, keywords and
//! related talks count the term (docs/content-format.md, "Glossary").

use crate::diagnostics::{line_col, Diagnostic, Diagnostics};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

/// Where the glossary is, relative to the site root.
pub const GLOSSARY_FILE: &str = "content/glossary.toml";

/// One term of the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as it should be written: `Scaling Law`, `具身`.
    pub name: String,
    /// The forms the sources write it in instead.
    pub aliases: Vec<String>,
    /// What the term is, for curators (not shown on pages).
    pub description: Option<String>,
    /// 1-based line of `name` in the file, and of each alias, for messages.
    pub line: usize,
    pub alias_lines: Vec<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    term: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    description: Option<String>,
}

const HELP: &str = "docs/content-format.md (\"Glossary\") shows the format: \
[[term]] tables with `name`, `aliases` and an optional `description`";

/// Reads the glossary of the site at `root`; none is an empty glossary.
pub fn load(root: &Path) -> (Vec<Term>, Diagnostics) {
    let rel = Path::new(GLOSSARY_FILE);
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => parse(rel, &bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(e) => (
            Vec::new(),
            Diagnostic::in_file(rel, format!("cannot read: {e}"))
                .help("check that the file exists and that you may read it")
                .into(),
        ),
    }
}

/// Parses the glossary's bytes: the terms that are well formed, and an error for everything
/// else (a bad key or type, an empty name or alias, a form claimed twice). Never panics.
pub fn parse(rel: &Path, bytes: &[u8]) -> (Vec<Term>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let (line, col) = line_col(&valid, valid.len());
            diags.push(
                Diagnostic::in_file(rel, "the file is not valid UTF-8")
                    .at(line, Some(col))
                    .help("save the file as UTF-8"),
            );
            return (Vec::new(), diags);
        }
    };
    if text.len() as u64 > super::MAX_FILE_BYTES {
        diags.push(
            Diagnostic::in_file(rel, "the glossary is larger than a content file may be")
                .help("a glossary holds terms and their forms; move anything else out of it"),
        );
        return (Vec::new(), diags);
    }
    let file: File = match toml::from_str(text) {
        Ok(file) => file,
        Err(e) => {
            let message = e.message().trim().lines().next().unwrap_or("").to_string();
            let mut d = Diagnostic::in_file(rel, message).help(HELP);
            if let Some(span) = e.span() {
                let (l, c) = line_col(text, span.start);
                d = d.at(l, Some(c));
            }
            diags.push(d);
            return (Vec::new(), diags);
        }
    };
    let line = |span: std::ops::Range<usize>| line_col(text, span.start).0;
    // Every form seen so far (folded as the text is matched: ASCII case ignored), with the
    // term that has it and its line.
    let mut claimed: HashMap<String, (String, usize)> = HashMap::new();
    let mut terms = Vec::new();
    for entry in file.term {
        let name_line = line(entry.name.span());
        let name = entry.name.into_inner().trim().to_string();
        if name.is_empty() {
            diags.push(
                Diagnostic::in_file(rel, "a term has an empty `name`")
                    .at(name_line, None)
                    .help("write the term as it should be spelt, e.g. name = \"Scaling Law\""),
            );
            continue;
        }
        let mut ok = claim(rel, &mut claimed, &name, &name, name_line, &mut diags);
        let mut aliases = Vec::new();
        let mut alias_lines = Vec::new();
        for alias in entry.aliases {
            let at = line(alias.span());
            let alias = alias.into_inner().trim().to_string();
            if alias.is_empty() {
                diags.push(
                    Diagnostic::in_file(rel, format!("an alias of `{name}` is empty"))
                        .at(at, None)
                        .help("remove the empty string from `aliases`"),
                );
                ok = false;
                continue;
            }
            if alias.eq_ignore_ascii_case(&name) {
                diags.push(
                    Diagnostic::in_file(rel, format!("`{alias}` is the term `{name}` itself"))
                        .at(at, None)
                        .help("`aliases` lists the other forms only: remove it"),
                );
                ok = false;
                continue;
            }
            ok &= claim(rel, &mut claimed, &alias, &name, at, &mut diags);
            aliases.push(alias);
            alias_lines.push(at);
        }
        if ok {
            terms.push(Term {
                name,
                aliases,
                description: entry.description,
                line: name_line,
                alias_lines,
            });
        }
    }
    (terms, diags)
}

/// The key a form is compared by: Latin letters match whatever their case, so `Sing Law` and
/// `sing law` are the same form.
pub fn form_key(form: &str) -> String {
    form.trim().to_ascii_lowercase()
}

/// Records that `term` has `form`; false, with an error, if another term already has it.
fn claim(
    rel: &Path,
    claimed: &mut HashMap<String, (String, usize)>,
    form: &str,
    term: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> bool {
    match claimed.get(&form_key(form)) {
        Some((other, other_line)) => {
            diags.push(
                Diagnostic::in_file(
                    rel,
                    format!("`{form}` is already a form of the term `{other}` (line {other_line})"),
                )
                .at(line, None)
                .help("a form stands for one term: remove it here or there"),
            );
            false
        }
        None => {
            claimed.insert(form_key(form), (term.to_string(), line));
            true
        }
    }
}

/// Errors for glossary forms that are also the name or an alias of a speaker or org: the
/// text would not say which one it is. `names`: each form of a name with the file declaring it.
pub fn check_against_names<'a>(
    terms: &[Term],
    names: impl Iterator<Item = (&'a str, &'a Path)>,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut by_form: HashMap<String, &Path> = HashMap::new();
    for (form, file) in names {
        by_form.entry(form_key(form)).or_insert(file);
    }
    for term in terms {
        let forms = std::iter::once((&term.name, term.line))
            .chain(term.aliases.iter().zip(term.alias_lines.iter().copied()));
        for (form, line) in forms {
            if let Some(file) = by_form.get(&form_key(form)) {
                diags.push(
                    Diagnostic::in_file(
                        Path::new(GLOSSARY_FILE),
                        format!(
                            "`{form}` is also a name or alias in {}",
                            file.display()
                        ),
                    )
                    .at(line, None)
                    .help("a form stands for one thing: keep it in the glossary or in that file's aliases, not both"),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Vec<Term>, Diagnostics) {
        parse(Path::new(GLOSSARY_FILE), text.as_bytes())
    }

    #[test]
    fn terms_load_with_their_lines() {
        let (terms, diags) = parse_str(
            "[[term]]\nname = \"Scaling Law\"\naliases = [\n  \"sing law\",\n  \"sing load\",\n]\n\
             description = \"规模定律\"\n\n[[term]]\nname = \"具身\"\naliases = [\"巨深\"]\n",
        );
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].name, "Scaling Law");
        assert_eq!(terms[0].aliases, ["sing law", "sing load"]);
        assert_eq!(
            (terms[0].line, terms[0].alias_lines.clone()),
            (2, vec![4, 5])
        );
        assert_eq!(terms[0].description.as_deref(), Some("规模定律"));
        assert_eq!((terms[1].name.as_str(), terms[1].line), ("具身", 10));
    }

    #[test]
    fn an_unknown_key_names_its_line() {
        let (terms, diags) = parse_str("[[term]]\nname = \"x\"\nalias = [\"y\"]\n");
        assert!(terms.is_empty());
        let d = &diags.0[0];
        assert!(d.message.contains("unknown field `alias`"), "{d}");
        assert_eq!(d.line, Some(3));
        assert!(d
            .help
            .as_deref()
            .unwrap_or("")
            .contains("docs/content-format.md"));
    }

    #[test]
    fn empty_names_and_aliases_are_errors() {
        let (terms, diags) =
            parse_str("[[term]]\nname = \" \"\n[[term]]\nname = \"x\"\naliases = [\"\"]\n");
        assert!(terms.is_empty());
        let text = diags.to_string();
        assert!(
            text.contains("glossary.toml:2: a term has an empty `name`"),
            "{text}"
        );
        assert!(
            text.contains("glossary.toml:5: an alias of `x` is empty"),
            "{text}"
        );
    }

    #[test]
    fn a_form_claimed_by_two_terms_is_an_error_at_the_second() {
        let (terms, diags) = parse_str(
            "[[term]]\nname = \"Scaling Law\"\naliases = [\"sing law\"]\n\
             [[term]]\nname = \"Sing\"\naliases = [\"Sing Law\"]\n",
        );
        assert_eq!(terms.len(), 1);
        let d = &diags.0[0];
        assert_eq!(d.line, Some(6));
        assert!(
            d.message
                .contains("`Sing Law` is already a form of the term `Scaling Law` (line 3)"),
            "{d}"
        );
    }

    #[test]
    fn a_term_listed_as_its_own_alias_is_an_error() {
        let (_, diags) = parse_str("[[term]]\nname = \"Step\"\naliases = [\"step\"]\n");
        assert!(diags.0[0].message.contains("is the term `Step` itself"));
    }

    #[test]
    fn a_form_that_is_also_a_name_is_an_error() {
        let (terms, _) = parse_str("[[term]]\nname = \"蚁天鉴\"\naliases = [\"倚天见\"]\n");
        let file = Path::new("content/orgs/mayi.md");
        let diags = check_against_names(&terms, [("倚天见", file)].into_iter());
        let d = &diags.0[0];
        assert_eq!(d.line, Some(3));
        assert!(
            d.message
                .contains("`倚天见` is also a name or alias in content/orgs/mayi.md"),
            "{d}"
        );
    }

    #[test]
    fn bad_bytes_and_bad_toml_are_reported_not_panicked_on() {
        let (_, diags) = parse(Path::new(GLOSSARY_FILE), b"[[term]]\nname = \"\xff\"\n");
        assert_eq!(diags.0[0].line, Some(2));
        let (_, diags) = parse_str("[[term]]\nname = \n");
        assert_eq!(diags.0[0].line, Some(2));
        let (terms, diags) = parse_str("");
        assert!(terms.is_empty() && diags.is_empty());
    }
}
