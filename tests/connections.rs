//! The connected archive on a small fixture (tests/fixtures/connections): mentions that link names
//! and not vocabulary, "mentioned in" lists, keywords, related talks, detected trends and charts.

mod common;
use common::*;
use std::path::Path;

fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = fixture("connections");
    let out = build_ok(dir.path(), &[]);
    (dir, out)
}

fn page(out: &Path, path: &str) -> String {
    read(&out.join(path).join("index.html"))
}

/// The `<section>` of a page that starts with the heading with id `id`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

fn mention_links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a class=\"mention\" href=\"") {
        rest = &rest[i + 25..];
        let href_end = rest.find('"').expect("href end");
        let href = rest[..href_end].to_string();
        let text_start = rest.find('>').expect("tag end") + 1;
        let text_end = rest.find("</a>").expect("link end");
        out.push((href, rest[text_start..text_end].to_string()));
    }
    out
}

#[test]
fn a_name_inside_a_longer_word_is_not_linked() {
    let (_d, out) = site();
    let html = page(&out, "talks/expo-2024/01-robots");
    let to_gaotong: Vec<_> = mention_links(&html)
        .into_iter()
        .filter(|(h, _)| h == "/orgs/gaotong/")
        .collect();
    assert_eq!(to_gaotong.len(), 1, "高通的芯片 links, 提高通过率 does not");
    assert!(html.contains("我们提高通过率的办法很简单"));
}

#[test]
fn people_sharing_a_surname_are_told_apart() {
    let (_d, out) = site();
    let html = page(&out, "talks/expo-2024/01-robots");
    let links = mention_links(&html);
    assert!(links.contains(&("/speakers/li-yanhong/".into(), "李彦宏".into())));
    // "李总" could be either 李: it is not a name of anyone and stays text.
    assert!(html.contains("李总认为"));
    assert!(!links.iter().any(|(_, t)| t.starts_with("李总")));
    // A misspelling links to the right person and shows the correct name.
    let html = page(&out, "talks/expo-2024/02-compute");
    assert!(html.contains(
        "<a class=\"mention\" href=\"/speakers/li-kaifu/\">李开副<span class=\"fix\">〔李开复〕</span></a>"
    ));
}

#[test]
fn trend_keywords_are_vocabulary_not_links() {
    let (_d, out) = site();
    for talk in [
        "expo-2024/01-robots",
        "expo-2024/02-compute",
        "summit-2024/01-panel",
    ] {
        let html = page(&out, &format!("talks/{talk}"));
        assert!(
            !mention_links(&html)
                .iter()
                .any(|(_, t)| t == "机器人" || t == "算力"),
            "{talk} links a keyword"
        );
    }
}

#[test]
fn speaker_and_org_pages_list_where_others_mention_them() {
    let (_d, out) = site();
    let html = page(&out, "speakers/li-kaifu");
    let mentions = section(&html, "h-mentions");
    // Mentioned by misspelling in Li Yanhong's talk, at its second paragraph, with context.
    assert!(
        mentions.contains("/talks/expo-2024/02-compute/#p-2"),
        "{mentions}"
    );
    assert!(mentions.contains("<mark>李开副</mark>讲到机器人"));
    // His own talks are his talks, not mentions of him.
    assert!(!mentions.contains("01-robots"));
    assert!(!mentions.contains("summit-2024"));

    let html = page(&out, "orgs/gaotong");
    let mentions = section(&html, "h-mentions");
    assert!(
        mentions.contains("/talks/expo-2024/01-robots/#p-5"),
        "{mentions}"
    );
}

#[test]
fn speaker_pages_show_who_shared_the_stage() {
    let (_d, out) = site();
    let html = page(&out, "speakers/li-kaifu");
    let co = section(&html, "h-co");
    assert!(co.contains("/speakers/li-yanhong/") && co.contains("1 场"));
    assert!(co.contains("/speakers/wang-hua/") && co.contains("2 场"));
    assert!(!co.contains("/speakers/li-kaifu/"), "not oneself");
}

#[test]
fn every_talk_has_keywords_that_search_for_themselves() {
    let (_d, out) = site();
    for talk in [
        "expo-2024/01-robots",
        "expo-2024/02-compute",
        "summit-2024/01-panel",
    ] {
        let html = page(&out, &format!("talks/{talk}"));
        let start = html.find("<ul class=\"keywords\">").expect("keywords");
        let list = &html[start..start + html[start..].find("</ul>").expect("end")];
        let n = list.matches("<li>").count();
        assert!((1..=10).contains(&n), "{talk}: {n} keywords");
        assert!(list.contains("href=\"/search/?q="), "{list}");
        for filler in ["我们", "大家好", "谢谢"] {
            assert!(
                !list.contains(&format!(">{filler}<")),
                "{talk}: {filler} is no keyword"
            );
        }
    }
}

#[test]
fn related_talks_give_reasons_and_never_the_talk_itself() {
    let (_d, out) = site();
    let html = page(&out, "talks/expo-2024/01-robots");
    let related = section(&html, "h-related");
    assert!(!related.contains("href=\"/talks/expo-2024/01-robots/\""));
    assert!(related.contains("/talks/summit-2024/01-panel/"));
    assert!(related.contains("同台嘉宾：李开复"), "{related}");
    assert!(related.contains("共同话题：机器人"));
    // A shared host alone relates nothing.
    let html = page(&out, "talks/summit-2024/01-panel");
    let related = section(&html, "h-related");
    assert!(related.matches("talk-item").count() <= 5);
}

#[test]
fn a_talk_that_is_about_a_trend_is_detected_and_a_passing_mention_is_not() {
    let (_d, out) = site();
    let html = page(&out, "trends/jushen-zhineng");
    let talks = section(&html, "h-talks");
    assert!(
        talks.contains("/talks/expo-2024/01-robots/"),
        "six of eight paragraphs"
    );
    assert!(talks.contains("自动识别"));
    assert!(
        !talks.contains("02-compute"),
        "one paragraph is a passing mention"
    );
    let talk = page(&out, "talks/expo-2024/01-robots");
    assert!(talk.contains("也谈到") && talk.contains("/trends/jushen-zhineng/"));
    // Declared trends are listed as such.
    let html = page(&out, "trends/suanli-dizuo");
    assert!(section(&html, "h-talks").contains("标注"));
}

#[test]
fn trend_charts_are_inline_svg_with_a_table() {
    let (_d, out) = site();
    let html = page(&out, "trends/jushen-zhineng");
    let chart = section(&html, "h-chart");
    assert!(chart.contains("<svg class=\"chart\""));
    assert!(chart.contains("role=\"img\""));
    assert_eq!(
        chart.matches("class=\"chart-bar\"").count(),
        2,
        "one bar per event"
    );
    assert!(
        chart.contains("<table>") && chart.contains("58.3%"),
        "{chart}"
    );
    let home = page(&out, "");
    assert!(home.contains("aria-labelledby=\"matrix-t\""));
    assert_eq!(
        home.matches("class=\"chart-cell\"").count(),
        4,
        "2 trends × 2 events"
    );
    // No chart library: the only script loaded is the theme's search.js (by its `src`: its
    // fingerprint may well contain "d3.", as 763d81d3 does).
    let sources: Vec<&str> = home
        .split("<script")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap_or(tag.len())])
        .filter_map(|tag| tag.find("src=").map(|at| &tag[at + 4..]))
        .collect();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(
        sources[0]
            .trim_start_matches(['"', '\''])
            .starts_with("/static/search."),
        "{sources:?}"
    );
}

#[test]
fn connections_are_in_the_open_data() {
    let (_d, out) = site();
    let data: serde_json::Value =
        serde_json::from_str(&read(&out.join("data/archive.json"))).expect("json");
    let talks = data["talks"].as_array().expect("talks");
    let robots = talks
        .iter()
        .find(|t| t["slug"] == "01-robots")
        .expect("talk");
    assert!(robots["keywords"].as_array().is_some_and(|k| !k.is_empty()));
    assert!(robots["trends_detected"]
        .as_array()
        .is_some_and(|t| t.iter().any(|x| x == "jushen-zhineng")));
    assert!(robots["related"].as_array().is_some_and(|r| !r.is_empty()));
}
