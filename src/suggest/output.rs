//! The suggestions as people read them, and as `--json`.

use super::Suggestion;
use serde::Serialize;

/// At most this many places are printed per suggestion for people (`--json` gives them all).
const PLACES_SHOWN: usize = 3;

/// For people: per suggestion the name, the form, how often, where with a little context, and
/// the `aliases` line to paste into the file.
pub fn text(suggestions: &[Suggestion]) -> String {
    let mut out = String::new();
    for s in suggestions {
        let t = &s.target;
        out.push_str(&format!(
            "{} ({}) ← {}  ×{}  score {:.2}\n",
            t.name,
            t.id(),
            s.form,
            s.count,
            s.score
        ));
        for p in s.at.iter().take(PLACES_SHOWN) {
            out.push_str(&format!("  {}:{}  {}\n", p.file, p.line, p.context));
        }
        if s.at.len() > PLACES_SHOWN {
            out.push_str(&format!("  … and {} more\n", s.at.len() - PLACES_SHOWN));
        }
        let mut aliases = t.aliases.clone();
        aliases.push(s.form.clone());
        out.push_str(&format!(
            "  content/{}.md: {}\n  (or, if it is not {}: {})\n\n",
            t.id(),
            toml_list("aliases", &aliases),
            t.name,
            toml_list("not_aliases", &with(&t.not_aliases, &s.form)),
        ));
    }
    out
}

fn with(list: &[String], more: &str) -> Vec<String> {
    let mut list = list.to_vec();
    list.push(more.to_string());
    list
}

/// `key = ["a", "b"]`, each string quoted as TOML quotes it.
fn toml_list(key: &str, items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|i| serde_json::to_string(i).unwrap_or_default())
        .collect();
    format!("{key} = [{}]", quoted.join(", "))
}

#[derive(Serialize)]
struct Json<'a> {
    target: String,
    form: &'a str,
    count: usize,
    score: f64,
    at: Vec<String>,
}

/// `[{"target": "orgs/slug", "form": "…", "count": N, "score": S, "at": ["file:line", …]}, …]`.
pub fn json(suggestions: &[Suggestion]) -> String {
    let rows: Vec<Json> = suggestions
        .iter()
        .map(|s| Json {
            target: s.target.id(),
            form: &s.form,
            count: s.count,
            score: s.score,
            at: s
                .at
                .iter()
                .map(|p| format!("{}:{}", p.file, p.line))
                .collect(),
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::super::keys::targets_for_test;
    use super::super::Place;
    use super::*;

    fn one() -> Vec<Suggestion> {
        let mut target = targets_for_test(&[("orgs", "阶跃星辰")]).remove(0);
        target.aliases = vec!["接月".into()];
        vec![Suggestion {
            target,
            form: "街月新辰".into(),
            count: 1,
            score: 0.93,
            at: vec![Place {
                file: "content/talks/e/t.md".into(),
                line: 12,
                context: "感谢【街月新辰】的".into(),
            }],
        }]
    }

    #[test]
    fn people_get_the_place_and_the_line_to_paste() {
        let out = text(&one());
        assert!(
            out.contains("阶跃星辰 (orgs/t0) ← 街月新辰  ×1  score 0.93"),
            "{out}"
        );
        assert!(
            out.contains("content/talks/e/t.md:12  感谢【街月新辰】的"),
            "{out}"
        );
        assert!(out.contains(r#"aliases = ["接月", "街月新辰"]"#), "{out}");
        assert!(out.contains(r#"not_aliases = ["街月新辰"]"#), "{out}");
    }

    #[test]
    fn json_is_an_array_of_the_documented_objects() {
        let v: serde_json::Value = serde_json::from_str(&json(&one())).unwrap();
        assert_eq!(
            v,
            serde_json::json!([{"target": "orgs/t0", "form": "街月新辰", "count": 1,
                "score": 0.93, "at": ["content/talks/e/t.md:12"]}])
        );
    }
}
