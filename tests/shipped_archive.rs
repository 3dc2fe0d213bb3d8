//! The shipped archive (content/ of this repository) builds without warnings, checks clean, and
//! its built folder has no broken link, anchor, image or asset.

mod common;
use common::*;

#[test]
fn shipped_archive_builds_and_checks_clean() {
    let root = repo_root();
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["build", "--output"])
        .arg(out.path().join("site"))
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        !err.contains("warning"),
        "the shipped archive builds without warnings: {err}"
    );
    let (problems, links) =
        talkarchive::output::link_check::check_folder(&out.path().join("site"), "/").unwrap();
    assert!(links > 1000, "{links} links");
    assert!(
        problems.is_empty(),
        "{} broken links, first: {:?}",
        problems.len(),
        problems.first()
    );
    // 第一财经's twelve forms are one file of the search index (`n/`, search/name_files.rs), not
    // twelve records in the buckets, each with every form's documents.
    let search = out.path().join("site/_search");
    let meta: serde_json::Value =
        serde_json::from_str(&read(&search.join("meta.json"))).expect("meta.json");
    let files = meta["nameFiles"]
        .as_array()
        .expect("nameFiles in meta.json");
    let k = files
        .iter()
        .position(|f| {
            f[0].as_str()
                .is_some_and(|k| k.split(' ').any(|k| k == "一财经"))
        })
        .expect("a name file for 第一财经's forms");
    let file = std::fs::read(search.join(format!("n/{k}.bin"))).expect("the name file");
    assert!(file
        .windows("第一裁经".len())
        .any(|w| w == "第一裁经".as_bytes()));
    let record = "\u{1}一财经".as_bytes();
    for pack in std::fs::read_dir(search.join("d")).expect("d/").flatten() {
        let bytes = std::fs::read(pack.path()).expect("a d/ pack");
        assert!(
            !bytes.windows(record.len()).any(|w| w == record),
            "{} holds a record of a name that has a file",
            pack.path().display()
        );
    }
    let o = bin()
        .arg("check")
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn shipped_archive_has_the_five_sources() {
    let root = repo_root();
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["build", "-q", "--output"])
        .arg(out.path())
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(o.status.success());
    let data: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("data/archive.json"))).unwrap();
    let events: Vec<&str> = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["slug"].as_str().unwrap())
        .collect();
    for slug in [
        "waic-2024",
        "waic-2024-qiming-forum",
        "waic-2024-caict-agi-forum",
        "waic-2024-yicai-broadcast",
        "meet-2025",
        "tencent-llm-trends-2024",
    ] {
        assert!(events.contains(&slug), "event {slug} missing: {events:?}");
    }
    assert_eq!(data["trends"].as_array().unwrap().len(), 10);
    // The example names of the issue, spelled right, with the misspellings as aliases.
    let speakers = data["speakers"].as_array().unwrap();
    let jiang = speakers
        .iter()
        .find(|s| s["name"] == "姜大昕")
        .expect("姜大昕 is a speaker");
    assert!(jiang["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "姜大新"));
    let orgs = data["orgs"].as_array().unwrap();
    let step = orgs
        .iter()
        .find(|o| o["name"] == "阶跃星辰")
        .expect("阶跃星辰 is an org");
    let aliases: Vec<&str> = step["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    assert!(
        aliases.contains(&"接月星辰") && aliases.contains(&"今月星辰"),
        "{aliases:?}"
    );
}

/// The connected archive on the real content: mentions, keywords, related talks, trends.
#[test]
fn shipped_archive_is_connected() {
    let root = repo_root();
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["build", "-q", "--no-minify", "--output"])
        .arg(out.path())
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = |p: &str| read(&out.path().join(p).join("index.html"));
    // 姜大昕 is named (misspelled) by the host of the Qiming forum, who is not him.
    let jiang = page("speakers/jiang-daxin");
    assert!(jiang.contains("id=\"h-mentions\""));
    assert!(
        jiang.contains("<mark>姜大新</mark>"),
        "misspelled mention listed"
    );
    // 阶跃星辰 is mentioned by its misspelled names in talks not of its people.
    let stepfun = page("orgs/jieyuexingchen");
    assert!(stepfun.contains("id=\"h-mentions\""));
    // Every talk has keywords and three to five related talks, never itself.
    let data: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("data/archive.json"))).unwrap();
    for t in data["talks"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let kw = t["keywords"].as_array().unwrap();
        assert!(
            !kw.is_empty() && kw.len() <= 10,
            "{id}: {} keywords",
            kw.len()
        );
        for filler in ["我们", "就是", "这个", "the"] {
            assert!(!kw.iter().any(|k| k == filler), "{id}: keyword {filler}");
        }
        // No fragment of a Latin phrase ("sing law" → `sing`, `law`): a Latin keyword is said
        // on its own somewhere in the talk.
        let body = read(&root.join("content/talks").join(format!("{id}.md")));
        for k in kw.iter().filter_map(|k| k.as_str()) {
            if k.chars().all(|c| c.is_ascii_alphanumeric()) {
                assert!(
                    said_alone(&body, k),
                    "{id}: keyword {k} is only part of phrases"
                );
            }
        }
        let related = t["related"].as_array().unwrap();
        assert!(
            (3..=5).contains(&related.len()),
            "{id}: {} related talks",
            related.len()
        );
        assert!(!related.iter().any(|r| r == id));
    }
    // Each trend is discussed somewhere, and the home page charts all ten across the five events.
    for t in data["trends"].as_array().unwrap() {
        assert!(!t["talks"].as_array().unwrap().is_empty(), "{}", t["slug"]);
    }
    let home = read(&out.path().join("index.html"));
    assert_eq!(home.matches("class=\"chart-cell\"").count(), 10 * 5);
}

/// Whether `text` says the Latin word `word` somewhere on its own: not inside a longer Latin
/// word, nor joined to another by a space or hyphen.
fn said_alone(text: &str, word: &str) -> bool {
    let b = text.as_bytes();
    let latin = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let joiner = |i: usize| b.get(i).is_some_and(|&c| c == b' ' || c == b'-');
    text.match_indices(word).any(|(at, _)| {
        let end = at + word.len();
        let before = at > 0 && (latin(at - 1) || at > 1 && joiner(at - 1) && latin(at - 2));
        let after = latin(end) || joiner(end) && latin(end + 1);
        !before && !after
    })
}

/// Every file of a built folder, by relative path, with its bytes.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The shipped archive as it is deployed (minified, search index and all): two builds are
/// byte-identical, and so is a build of a copy of the site in another folder (no absolute path,
/// time or hash-map order leaks into the output).
#[test]
fn shipped_archive_builds_are_byte_identical_from_any_folder() {
    let root = repo_root();
    let copy = tempfile::tempdir().unwrap();
    let site = copy.path().join("elsewhere/site copy");
    copy_dir(&root.join("content"), &site.join("content"));
    for dir in ["templates", "static", "sources"] {
        if root.join(dir).is_dir() {
            copy_dir(&root.join(dir), &site.join(dir));
        }
    }
    std::fs::copy(root.join("talkarchive.toml"), site.join("talkarchive.toml")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let build = |from: &std::path::Path, to: &str| {
        let target = out.path().join(to);
        let o = bin()
            .args(["build", "-q", "--root"])
            .arg(from)
            .arg("--output")
            .arg(&target)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        tree(&target)
    };
    let first = build(&root, "first");
    let second = build(&root, "second");
    let copied = build(&site, "copied");
    assert!(first.len() > 500, "{} files", first.len());
    for (name, other) in [("a second build", &second), ("a build of a copy", &copied)] {
        assert_eq!(
            first.keys().collect::<Vec<_>>(),
            other.keys().collect::<Vec<_>>(),
            "{name} writes the same files"
        );
        let differ: Vec<&String> = first
            .iter()
            .filter(|(path, bytes)| other.get(*path) != Some(*bytes))
            .map(|(path, _)| path)
            .collect();
        assert!(differ.is_empty(), "{name} differs in {differ:?}");
    }
}
