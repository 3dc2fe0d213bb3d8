//! Nothing of the five source documents is lost: they are in the repository's `sources/` with
//! the bytes they were received with, the talks of each cover every line of it that carries text
//! exactly once, and each talk's body holds exactly those lines (noise markers and image
//! placeholders dropped, alt text allowed). The rule and the proof are `talkarchive check`'s
//! (src/sources/); this test runs them on the shipped archive and asserts the coverage itself.

mod common;
use common::repo_root;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use talkarchive::load::model::{Doc, TalkMeta};
use talkarchive::sources::coverage::{self, Claim, Holder};
use talkarchive::sources::{self, prove, SourceKind, Sources};

/// The five documents and the SHA-256 of the bytes they were received with.
const SEEDS: [(&str, &str); 5] = [
    (
        "000_29fae7d9e55b3393.txt",
        "4da6b454c03a2f4d6b836edd80c6e2d8f2f5157d8de3ae37732aa9d731facae2",
    ),
    (
        "001_a6bf8563363a4c2b.txt",
        "d99727dc8fa6bcb20d2e281e02df9888e79d583bdb6f0b0dcfc046677f6e1136",
    ),
    (
        "002_36b022c5dd94acb0.txt",
        "fc5a68857965c2bfd587a9d3a0d34424445314c32cf1c9114514431f3f68cdb2",
    ),
    (
        "003_8b395e9f1c8923ed.txt",
        "99e11790feeccf9455b563cd89515a4ccd5b6bc398da6e87ec6f61e8a53222ab",
    ),
    (
        "004_527950ad98d06683.txt",
        "b67fa4970ce774f20c8f214d2ab93eec4d69b84e4ad4992a4bd9ab9237f8b7c7",
    ),
];

fn talks() -> Vec<Doc<TalkMeta>> {
    let (content, diags) = talkarchive::load::load_content(&repo_root());
    assert!(diags.is_empty(), "{diags}");
    content.talks
}

fn load(talks: &[Doc<TalkMeta>]) -> Sources {
    let (sources, diags) = sources::load(&repo_root(), talks, true);
    assert!(diags.is_empty(), "{diags}");
    sources
}

#[test]
fn the_five_documents_are_in_sources_byte_for_byte() {
    let dir = repo_root().join("sources");
    for (name, digest) in SEEDS {
        let bytes = std::fs::read(dir.join(name))
            .unwrap_or_else(|e| panic!("sources/{name} is expected in the repository: {e}"));
        assert_eq!(
            format!("{:x}", Sha256::digest(&bytes)),
            digest,
            "sources/{name} is not the document as received"
        );
    }
    assert_eq!(
        sources::list(&repo_root()),
        SEEDS.map(|(name, _)| name.to_string()),
        "sources/ holds the five documents and nothing else but README.md and sources.toml"
    );
    // The three transcripts are declared as such; the article and the report are text.
    let declared = sources::Declarations::load(&repo_root()).unwrap();
    let kinds: Vec<SourceKind> = SEEDS.iter().map(|(n, _)| declared.of(n).kind).collect();
    use SourceKind::*;
    assert_eq!(kinds, [Text, Transcript, Transcript, Transcript, Text]);
}

#[test]
fn every_line_of_every_seed_is_in_exactly_one_talk() {
    let talks = talks();
    let sources = load(&talks);
    // The proof `check` gives: bodies as filled, every line once.
    let problems = prove::prove(&talks, &sources);
    assert!(
        problems.is_empty(),
        "{} problems:\n{problems}",
        problems.len()
    );
    // And the coverage asserted here, from the talks' ranges alone.
    let mut by_file: BTreeMap<&str, Vec<Claim>> = BTreeMap::new();
    for doc in &talks {
        let Some(src) = &doc.meta.source else {
            continue;
        };
        let (Some(file), Some(lines)) = (&src.file, src.lines) else {
            continue;
        };
        let source = sources
            .get(file)
            .unwrap_or_else(|| panic!("{}: no source {file}", doc.path.display()));
        let range = source
            .range(lines)
            .unwrap_or_else(|why| panic!("{}: {why}", doc.path.display()));
        by_file.entry(file).or_default().push(Claim {
            holder: Holder::Talk(doc.path.clone()),
            range,
        });
    }
    for (seed, _) in SEEDS {
        let claims = by_file.get(seed).map(Vec::as_slice).unwrap_or(&[]);
        assert!(!claims.is_empty(), "no talk comes from {seed}");
        let source = sources.get(seed).expect("every source is loaded");
        assert!(source.skip.is_empty(), "{seed}: no line is skipped");
        assert_eq!(coverage::check(source, claims), [], "{seed}");
        // Every line with text is inside a range, and no two ranges share a line.
        let mut ranges: Vec<_> = claims.iter().map(|c| c.range).collect();
        ranges.sort();
        assert!(
            ranges.windows(2).all(|w| w[0].end < w[1].start),
            "{seed}: ranges overlap"
        );
        let lines = source.lines();
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            let text = !sources::fill::clean_line(source.kind, line).is_empty();
            assert!(
                !text || ranges.iter().any(|r| r.start <= n && n <= r.end),
                "{seed}:{n} is in no talk: {}",
                line.chars().take(40).collect::<String>()
            );
        }
    }
}

#[test]
fn noise_markers_are_gone_and_placeholders_are_not_images() {
    for doc in talks() {
        if doc.meta.source.as_ref().and_then(|s| s.lines).is_none() {
            continue;
        }
        assert!(
            !doc.body.contains('🎼') && !doc.body.contains('😊'),
            "{} keeps noise markers",
            doc.path.display()
        );
        assert!(
            !doc.body.contains("](img/"),
            "{} keeps an image placeholder",
            doc.path.display()
        );
    }
}

#[test]
fn fill_would_change_no_shipped_talk() {
    let talks = talks();
    let sources = load(&talks);
    let mut filled = 0;
    for doc in &talks {
        if let Some(f) = prove::expected(doc, &sources).unwrap() {
            assert_eq!(f.body, doc.body, "{}", doc.path.display());
            filled += 1;
        }
    }
    assert_eq!(filled, 112, "every shipped talk comes from source lines");
}
