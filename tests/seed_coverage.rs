//! Nothing of the five source documents is lost: the talks of each source file cover every
//! non-blank line of it exactly once, in order, and each talk's body holds exactly those lines
//! (noise markers and image placeholders dropped, alt text allowed). Reads `../shared/seeds/`.

mod common;
use common::repo_root;
use std::collections::BTreeMap;
use std::path::PathBuf;
use talkarchive::load::model::TalkMeta;

const SEEDS: [&str; 5] = [
    "000_29fae7d9e55b3393.txt",
    "001_a6bf8563363a4c2b.txt",
    "002_36b022c5dd94acb0.txt",
    "003_8b395e9f1c8923ed.txt",
    "004_527950ad98d06683.txt",
];

fn seeds_dir() -> PathBuf {
    repo_root().join("../shared/seeds")
}

fn is_transcript(file: &str) -> bool {
    file.starts_with("001_") || file.starts_with("002_") || file.starts_with("003_")
}

/// Speech-recognition noise: pictographs and emoticons.
fn is_noise(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x26FF | 0x2700..=0x27BF | 0xFE0F)
}

fn is_placeholder(line: &str) -> bool {
    let l = line.trim();
    l.starts_with("![") && l.contains("](img/") && l.ends_with(')')
}

/// A source line as it must appear in a talk body; empty if it carries no text.
fn clean(file: &str, line: &str) -> String {
    if is_placeholder(line) {
        return String::new();
    }
    if is_transcript(file) {
        line.chars()
            .filter(|&c| !is_noise(c))
            .collect::<String>()
            .trim()
            .to_string()
    } else {
        line.trim_end().to_string()
    }
}

/// `![any alt](url)` → `![](url)`, so curated alt text does not count as a change.
fn strip_alt(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("![") {
        out.push_str(&rest[..i]);
        match rest[i..].find("](") {
            Some(j) => {
                out.push_str("![");
                rest = &rest[i + j..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

struct TalkSource {
    path: PathBuf,
    start: usize,
    end: usize,
    body: String,
}

fn talks_by_source() -> BTreeMap<String, Vec<TalkSource>> {
    let mut by_file: BTreeMap<String, Vec<TalkSource>> = BTreeMap::new();
    let talks = repo_root().join("content/talks");
    for entry in walkdir::WalkDir::new(&talks).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let doc = talkarchive::load::parse_doc::<TalkMeta>(entry.path(), "x".into(), &text)
            .unwrap_or_else(|e| panic!("{e}"));
        let Some(src) = doc.meta.source else { continue };
        let (Some(file), Some([start, end])) = (src.file, src.lines) else {
            continue;
        };
        by_file.entry(file).or_default().push(TalkSource {
            path: entry.path().to_path_buf(),
            start: start as usize,
            end: end as usize,
            body: doc.body,
        });
    }
    by_file
}

#[test]
fn every_line_of_every_seed_is_in_exactly_one_talk() {
    let dir = seeds_dir();
    assert!(
        dir.is_dir(),
        "the seeds are expected at {} (shared/ beside the repository)",
        dir.display()
    );
    let by_file = talks_by_source();
    let mut problems = Vec::new();
    for seed in SEEDS {
        let text = std::fs::read_to_string(dir.join(seed)).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        let talks = by_file.get(seed).map(Vec::as_slice).unwrap_or(&[]);
        assert!(!talks.is_empty(), "no talk comes from {seed}");
        let mut owner: Vec<Option<&PathBuf>> = vec![None; lines.len() + 1];
        for t in talks {
            assert!(
                1 <= t.start && t.start <= t.end && t.end <= lines.len(),
                "{}: lines {}-{} outside {seed}",
                t.path.display(),
                t.start,
                t.end
            );
            for (n, slot) in owner.iter_mut().enumerate().take(t.end + 1).skip(t.start) {
                if let Some(other) = slot {
                    problems.push(format!(
                        "{seed}:{n} is in both {} and {}",
                        other.display(),
                        t.path.display()
                    ));
                }
                *slot = Some(&t.path);
            }
            // The body is exactly the range's lines, one paragraph each.
            let want: Vec<String> = (t.start..=t.end)
                .map(|n| clean(seed, lines[n - 1]))
                .filter(|l| !l.trim().is_empty())
                .collect();
            let got: Vec<String> = t
                .body
                .split("\n\n")
                .map(|p| p.trim_matches('\n').to_string())
                .filter(|p| !p.trim().is_empty())
                .collect();
            let want: Vec<String> = want.iter().map(|s| strip_alt(s)).collect();
            let got: Vec<String> = got.iter().map(|s| strip_alt(s)).collect();
            if want != got {
                let first = want
                    .iter()
                    .zip(&got)
                    .position(|(a, b)| a != b)
                    .unwrap_or(want.len().min(got.len()));
                problems.push(format!(
                    "{}: body differs from {seed} lines {}-{} at paragraph {}: want {:?}, got {:?}",
                    t.path.display(),
                    t.start,
                    t.end,
                    first + 1,
                    want.get(first)
                        .map(|s| s.chars().take(40).collect::<String>()),
                    got.get(first)
                        .map(|s| s.chars().take(40).collect::<String>())
                ));
            }
        }
        for (n, line) in lines.iter().enumerate() {
            if !clean(seed, line).trim().is_empty() && owner[n + 1].is_none() {
                problems.push(format!(
                    "{seed}:{} is in no talk: {}",
                    n + 1,
                    line.chars().take(40).collect::<String>()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn noise_markers_are_gone_and_placeholders_are_not_images() {
    for (_, talks) in talks_by_source() {
        for t in talks {
            assert!(
                !t.body.contains('🎼') && !t.body.contains('😊'),
                "{} keeps noise markers",
                t.path.display()
            );
            assert!(
                !t.body.contains("](img/"),
                "{} keeps an image placeholder",
                t.path.display()
            );
        }
    }
}
