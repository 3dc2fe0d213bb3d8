//! Atom feeds: the whole site, and one per event, speaker and trend.

use crate::connect::Connections;
use crate::graph::Archive;
use crate::render::cards::{talk_date, talk_url};
use crate::render::html::escape;
use crate::render::urls::{self, Urls};
use rayon::prelude::*;

/// Every feed of the site, as (path, bytes), made in parallel (an archive 50 times the shipped
/// one has 9,000 feeds).
pub fn all(a: &Archive, c: &Connections, u: &Urls) -> Vec<(String, Vec<u8>)> {
    let every: Vec<usize> = (0..a.talks.len()).collect();
    // (page, title, talks) of each feed.
    let mut specs: Vec<(String, String, &[usize])> =
        vec![(String::new(), a.config.title.clone(), &every)];
    for (e, ev) in a.events.iter().enumerate() {
        let title = format!("{} · {}", ev.meta.name, a.config.title);
        specs.push((urls::event(&ev.slug), title, &a.links.event_talks[e]));
    }
    for (s, sp) in a.speakers.iter().enumerate() {
        let title = format!("{} · {}", sp.meta.name, a.config.title);
        specs.push((urls::speaker(&sp.slug), title, &a.links.speaker_talks[s]));
    }
    for (t, tr) in a.trends.iter().enumerate() {
        let name = a
            .config
            .strings
            .fill("feed_trend_title", &[("name", &tr.meta.name)]);
        let title = format!("{name} · {}", a.config.title);
        specs.push((urls::trend(&tr.slug), title, &c.trend_talks[t]));
    }
    specs
        .par_iter()
        .map(|(path, title, talks)| (format!("{path}feed.xml"), feed(a, u, path, title, talks)))
        .collect()
}

/// One Atom feed of `talks`, newest first; `path` is the page the feed belongs to.
fn feed(a: &Archive, u: &Urls, path: &str, title: &str, talks: &[usize]) -> Vec<u8> {
    let mut talks = talks.to_vec();
    // Newest first; within a day, programme order.
    talks.sort_by(|&x, &y| talk_date(a, y).cmp(&talk_date(a, x)).then(x.cmp(&y)));
    let updated = talks
        .first()
        .map(|&t| talk_date(a, t).rfc3339())
        .unwrap_or_else(|| "2000-01-01T00:00:00+08:00".into());
    let author = a
        .config
        .author
        .clone()
        .unwrap_or_else(|| a.config.title.clone());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&a.config.language)
    ));
    x.push_str(&format!("<title>{}</title>\n", escape(title)));
    x.push_str(&format!("<id>{}</id>\n", escape(&u.absolute(path))));
    x.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&u.absolute(path))
    ));
    x.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&u.absolute(&format!("{path}feed.xml")))
    ));
    x.push_str(&format!(
        "<updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        escape(&author)
    ));
    for t in talks {
        let talk = &a.talks[t];
        let url = u.absolute(&talk_url(a, t));
        x.push_str("<entry>\n");
        x.push_str(&format!(
            "<title>{}</title>\n<id>{}</id>\n",
            escape(&talk.doc.meta.title),
            escape(&url)
        ));
        x.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&url)
        ));
        x.push_str(&format!(
            "<updated>{}</updated>\n",
            talk_date(a, t).rfc3339()
        ));
        for &s in &a.links.talk_speakers[t] {
            x.push_str(&format!(
                "<author><name>{}</name><uri>{}</uri></author>\n",
                escape(&a.speakers[s].meta.name),
                escape(&u.absolute(&urls::speaker(&a.speakers[s].slug)))
            ));
        }
        x.push_str(&format!(
            "<summary>{}</summary>\n",
            escape(&talk.doc.meta.summary)
        ));
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}
