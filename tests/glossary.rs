//! The glossary (content/glossary.toml) on the connections fixture: pages show the term beside a
//! misheard form, keywords count the term, search's name forms fold it, and bad entries are
//! errors naming the line.

mod common;
use common::*;

const GLOSSARY: &str = "[[term]]\nname = \"Scaling Law\"\naliases = [\"sing law\"]\n\n\
[[term]]\nname = \"具身\"\naliases = [\"巨深\"]\n";

const TALK: &str =
    "+++\ntitle = \"规模\"\nkind = \"keynote\"\norder = 3\nspeakers = [\"li-kaifu\"]\n\
summary = \"谈规模。\"\n+++\n一个方向就是sing law。\n\nsing law还属于一个陡峭的阶段。\n\n\
我们相信sing law会继续。\n\n巨深智能也在进步，sing law的信仰。\n";

fn site() -> tempfile::TempDir {
    let dir = fixture("connections");
    write(&dir.path().join("content/glossary.toml"), GLOSSARY);
    write(
        &dir.path().join("content/talks/expo-2024/03-scale.md"),
        TALK,
    );
    dir
}

#[test]
fn pages_keywords_and_search_fold_misheard_terms() {
    let dir = site();
    let out = build_ok(dir.path(), &[]);
    let html = read(&out.join("talks/expo-2024/03-scale/index.html"));
    assert!(
        html.contains("sing law<span class=\"fix\">〔Scaling Law〕</span></a>"),
        "{html}"
    );
    assert!(html.contains("巨深<span class=\"fix\">〔具身〕</span></a>"));
    // The form links to a search for the term.
    assert!(
        html.contains("href=\"/search/?q=Scaling%20Law\" class=\"mention\"")
            || html.contains("class=\"mention\" href=\"/search/?q=Scaling%20Law\"")
    );
    // Keywords: the term, never the fragments.
    let keywords = &html[html.find("class=\"keywords\"").expect("keywords")..];
    let keywords = &keywords[..keywords.find("</ul>").expect("end of keywords")];
    assert!(keywords.contains(">Scaling Law</a>"), "{keywords}");
    for fragment in [">sing</a>", ">law</a>"] {
        assert!(!keywords.contains(fragment), "{keywords}");
    }
    // Search: a name record for the term lists the misheard form (key `scalinglaw`).
    let index: Vec<u8> = std::fs::read_dir(out.join("_search"))
        .expect("search folder")
        .flatten()
        .flat_map(|e| walk(&e.path()))
        .collect();
    let needle = "\u{1}scalinglaw".as_bytes();
    let at = index
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("a record for scalinglaw");
    let after = &index[at..(at + 80).min(index.len())];
    assert!(
        after.windows(8).any(|w| w == b"sing law"),
        "{:?}",
        String::from_utf8_lossy(after)
    );
}

fn walk(path: &std::path::Path) -> Vec<u8> {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|d| d.flatten().flat_map(|e| walk(&e.path())).collect())
            .unwrap_or_default()
    } else {
        std::fs::read(path).unwrap_or_default()
    }
}

#[test]
fn bad_glossary_entries_name_the_file_line_and_fix() {
    let dir = site();
    let glossary = dir.path().join("content/glossary.toml");
    write(
        &glossary,
        "[[term]]\nname = \"Scaling Law\"\naliases = [\"sing law\"]\n[[term]]\nname = \"x\"\n\
         aliases = [\"Sing Law\"]\n[[term]]\nname = \"y\"\naliases = [\"李开副\"]\n",
    );
    let o = run(&["check"], dir.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("content/glossary.toml:6: `Sing Law` is already a form of the term `Scaling Law` (line 3)"),
        "{err}"
    );
    assert!(
        err.contains("content/glossary.toml:9: `李开副` is also a name or alias in content/speakers/li-kaifu.md"),
        "{err}"
    );
    write(&glossary, "[[term]]\nname = \"x\"\nnote = \"z\"\n");
    let err = stderr(&run(&["check"], dir.path()));
    assert!(
        err.contains("content/glossary.toml:3:1: unknown field `note`"),
        "{err}"
    );
}
