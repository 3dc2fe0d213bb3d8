//! What each page gives the search index: its URL, title, kind, facets and five weighted fields
//! (title, people, topics, summary, body), made from the archive and the connections as the
//! pages show them.

use super::END;
use crate::connect::Connections;
use crate::graph::Archive;
use crate::i18n::Strings;
use crate::render::cards::{self, talk_date, talk_url};
use crate::render::markdown::Block;
use crate::render::urls::{self, Urls};

/// One searchable page.
pub(super) struct SearchDoc {
    pub(super) url: String,
    pub(super) title: String,
    pub(super) kind: &'static str,
    /// A line under the title in results (event, speakers…).
    pub(super) subtitle: String,
    pub(super) event: Option<usize>,
    pub(super) trends: Vec<usize>,
    /// The five fields, in `FIELD_WEIGHTS` order.
    pub(super) fields: [String; 5],
    /// Anchors of the body's blocks: (char offset in the body field, anchor).
    pub(super) blocks: Vec<(usize, String)>,
}

/// Speakers shown under a result's title: the first three, then how many in all (a report's
/// fifteen authors made a line of 455 bytes, repeated in every text chunk of the report).
fn speaker_line(t: &Strings, names: &[String]) -> String {
    const SHOWN: usize = 3;
    if names.len() <= SHOWN + 1 {
        return t.join(names);
    }
    t.count(
        "speakers_and_more",
        names.len(),
        &[("names", &t.join(&names[..SHOWN]))],
    )
}

pub(super) fn collect_docs(
    a: &Archive,
    c: &Connections,
    u: &Urls,
    talk_blocks: &[(usize, Vec<Block>)],
) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let names = |list: &[usize]| -> Vec<String> {
        list.iter()
            .map(|&s| a.speakers[s].meta.name.clone())
            .collect()
    };
    for (t, blocks) in talk_blocks {
        let talk = &a.talks[*t];
        let m = &talk.doc.meta;
        let mut people = names(&a.links.talk_speakers[*t]);
        people.extend(names(&a.links.talk_moderators[*t]));
        people.extend(
            a.links.talk_orgs[*t]
                .iter()
                .map(|&o| a.orgs[o].meta.name.clone()),
        );
        let mut body = Body::default();
        for b in blocks {
            body.push(&b.anchor, &b.text);
        }
        // The correct names the text shows beside misspellings (王贺〔王鹤〕): text of the body,
        // weighed as the body is (in the topics field they made a talk that misspells a name
        // once outrank the talk of the person named), in a block without an anchor of its own.
        if !c.corrections[*t].is_empty() {
            body.push("", &c.corrections[*t].join(" "));
        }
        // The related talks the page lists after the text: a block of the body, so that a match
        // there links to that section.
        let related: Vec<String> = c.related[*t]
            .iter()
            .map(|r| {
                let reasons: Vec<String> = r.reasons.iter().map(|x| x.text(a)).collect();
                format!(
                    "{} {}",
                    talk_line(a, r.talk, false),
                    reasons.join(a.config.strings.get("reasons_sep"))
                )
            })
            .collect();
        if !related.is_empty() {
            body.push("h-related", &related.join(" "));
        }
        let event = &a.events[talk.event];
        let speakers = speaker_line(&a.config.strings, &names(&a.links.talk_speakers[*t]));
        docs.push(SearchDoc {
            url: u.link(&talk_url(a, *t)),
            title: m.title.clone(),
            kind: "talk",
            subtitle: [
                event
                    .meta
                    .short_name
                    .clone()
                    .unwrap_or_else(|| event.meta.name.clone()),
                a.config.strings.talk_kind(m.kind).to_string(),
                speakers,
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
            event: Some(talk.event),
            // Declared and detected: the trend facet finds every talk that discusses it.
            trends: (0..a.trends.len())
                .filter(|&r| c.coverage[*t][r].discusses())
                .collect(),
            fields: [
                m.title.clone(),
                people.join(" "),
                talk_details(a, c, *t),
                m.summary.clone(),
                body.text,
            ],
            blocks: body.anchors,
        });
    }
    for (s, sp) in a.speakers.iter().enumerate() {
        let org = a.links.speaker_org[s]
            .map(|o| a.orgs[o].meta.name.clone())
            .unwrap_or_default();
        let mut people = sp.meta.aliases.clone();
        people.extend(sp.meta.name_en.clone());
        docs.push(SearchDoc {
            url: u.link(&urls::speaker(&sp.slug)),
            title: sp.meta.name.clone(),
            kind: "speaker",
            subtitle: [org.clone(), sp.meta.role.clone().unwrap_or_default()]
                .join(" ")
                .trim()
                .to_string(),
            event: None,
            trends: Vec::new(),
            fields: [
                sp.meta.name.clone(),
                people.join(" "),
                org,
                sp.meta.role.clone().unwrap_or_default(),
                listed(
                    &plain(&sp.body),
                    // The page shows the note only for an uncertain identification.
                    shown_note(sp.meta.confidence, &sp.meta.note)
                        .into_iter()
                        .chain(listed_talks(a, a.links.speaker_talks[s].iter()))
                        .chain(c.co_speakers[s].iter().map(|&(o, n)| {
                            format!(
                                "{} {} · {}",
                                a.speakers[o].meta.name,
                                cards::affiliation(a, o),
                                a.config.strings.count("n_talks_short", n, &[])
                            )
                        }))
                        .chain(mention_texts(a, &c.speaker_mentions[s])),
                ),
            ],
            blocks: Vec::new(),
        });
    }
    for (o_index, o) in a.orgs.iter().enumerate() {
        let mut people = o.meta.aliases.clone();
        people.extend(o.meta.name_en.clone());
        docs.push(SearchDoc {
            url: u.link(&urls::org(&o.slug)),
            title: o.meta.name.clone(),
            kind: "org",
            subtitle: a.config.strings.org_kind(o.meta.kind).to_string(),
            event: None,
            trends: Vec::new(),
            fields: [
                o.meta.name.clone(),
                people.join(" "),
                names(&a.links.org_speakers[o_index]).join(" "),
                shown_note(o.meta.confidence, &o.meta.note).unwrap_or_default(),
                listed(
                    &plain(&o.body),
                    a.links.org_speakers[o_index]
                        .iter()
                        .map(|&s| {
                            let sp = &a.speakers[s].meta;
                            format!("{} {}", sp.name, sp.role.as_deref().unwrap_or_default())
                        })
                        .chain(listed_talks(a, a.links.org_talks[o_index].iter()))
                        .chain(mention_texts(a, &c.org_mentions[o_index]))
                        .chain(
                            a.links.org_events[o_index]
                                .iter()
                                .map(|&e| a.events[e].meta.name.clone()),
                        ),
                ),
            ],
            blocks: Vec::new(),
        });
    }
    for (t, tr) in a.trends.iter().enumerate() {
        docs.push(SearchDoc {
            url: u.link(&urls::trend(&tr.slug)),
            title: a.config.strings.fill(
                "trend_title",
                &[
                    ("number", &tr.meta.number.to_string()),
                    ("name", &tr.meta.name),
                ],
            ),
            kind: "trend",
            subtitle: tr.meta.title.clone(),
            event: None,
            trends: vec![t],
            fields: [
                tr.meta.name.clone(),
                names(&a.links.trend_authors[t]).join(" "),
                tr.meta.keywords.join(" "),
                tr.meta.title.clone(),
                listed(
                    &plain(&tr.body),
                    // The chart's events, then the talks, then the mentions, as the page shows
                    // them.
                    c.by_event[t]
                        .iter()
                        .map(|e| {
                            let ev = &a.events[e.event].meta;
                            format!(
                                "{} {}",
                                ev.short_name.as_deref().unwrap_or(&ev.name),
                                a.config.strings.date(ev.date)
                            )
                        })
                        .chain(listed_talks(a, c.trend_talks[t].iter()))
                        .chain(mention_texts(a, c.trend_mentions_shown(t))),
                ),
            ],
            blocks: Vec::new(),
        });
    }
    for (e, ev) in a.events.iter().enumerate() {
        let m = &ev.meta;
        let organisers: Vec<String> = a.links.event_organisers[e]
            .iter()
            .map(|&o| a.orgs[o].meta.name.clone())
            .collect();
        let children = a.links.event_children[e]
            .iter()
            .map(|&c| a.events[c].meta.name.clone());
        docs.push(SearchDoc {
            url: u.link(&urls::event(&ev.slug)),
            title: m.name.clone(),
            kind: "event",
            subtitle: [
                a.config.strings.date(m.date),
                m.place.clone().unwrap_or_default(),
            ]
            .join(" ")
            .trim()
            .to_string(),
            event: Some(e),
            trends: Vec::new(),
            fields: [
                m.name.clone(),
                organisers.join(" "),
                m.topics.join(" "),
                [
                    m.short_name.clone().unwrap_or_default(),
                    a.config.strings.event_kind(m.kind).to_string(),
                    a.config.strings.date(m.date),
                    m.place.clone().unwrap_or_default(),
                ]
                .join(" "),
                listed(
                    &listed(&plain(&ev.body), children),
                    listed_talks(a, a.links.event_talks[e].iter()),
                ),
            ],
            blocks: Vec::new(),
        });
    }
    docs
}

/// A talk's body field being made: blocks joined by `END`, each with the anchor a match in it
/// links to (none: "").
#[derive(Default)]
struct Body {
    text: String,
    /// (char offset of the block in `text`, anchor).
    anchors: Vec<(usize, String)>,
    chars: usize,
}

impl Body {
    fn push(&mut self, anchor: &str, block: &str) {
        if !self.text.is_empty() {
            self.text.push(END);
            self.chars += 1;
        }
        self.anchors.push((self.chars, anchor.to_string()));
        self.text.push_str(block);
        self.chars += block.chars().count();
    }
}

/// What a talk page shows besides its text: topics, trends (declared and detected), kind, date,
/// keywords.
fn talk_details(a: &Archive, c: &Connections, t: usize) -> String {
    let m = &a.talks[t].doc.meta;
    let mut parts: Vec<String> = m.topics.clone();
    parts.extend(
        (0..a.trends.len())
            .filter(|&r| c.coverage[t][r].discusses())
            .map(|r| a.trends[r].meta.name.clone()),
    );
    parts.push(a.config.strings.talk_kind(m.kind).to_string());
    parts.push(a.config.strings.date(talk_date(a, t)));
    parts.extend(c.keywords[t].iter().cloned());
    parts.join(" ")
}

/// A page's text followed by the titles it lists, one per line.
fn listed(text: &str, items: impl Iterator<Item = String>) -> String {
    let mut out = text.to_string();
    for item in items {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&item);
    }
    out
}

/// A "mentioned in" list as the page shows it: each talk's title, event and the excerpt.
fn mention_texts<'a>(
    a: &'a Archive,
    mentions: impl IntoIterator<Item = &'a crate::connect::mentions::Mention> + 'a,
) -> impl Iterator<Item = String> + 'a {
    mentions.into_iter().map(move |m| {
        let talk = &a.talks[m.talk];
        let event = &a.events[talk.event].meta;
        format!(
            "{} {} {}{}{}",
            talk.doc.meta.title,
            event.short_name.as_deref().unwrap_or(&event.name),
            m.before,
            m.form,
            m.after
        )
    })
}

/// The talks a page lists, as the list shows them (`talk_item` in macros.html).
fn listed_talks<'a>(
    a: &'a Archive,
    talks: impl Iterator<Item = &'a usize> + 'a,
) -> impl Iterator<Item = String> + 'a {
    talks.map(move |&t| format!("{} {}", talk_line(a, t, true), a.talks[t].doc.meta.summary))
}

/// A talk's title, kind, event, date, speakers and moderators, as a list of talks shows them
/// (a related talk's card shows no date and no moderators).
fn talk_line(a: &Archive, t: usize, full: bool) -> String {
    let talk = &a.talks[t];
    let event = &a.events[talk.event].meta;
    let mut line = format!(
        "{} {} {}",
        talk.doc.meta.title,
        a.config.strings.talk_kind(talk.doc.meta.kind),
        event.short_name.as_deref().unwrap_or(&event.name)
    );
    if full {
        line.push_str(&format!(" {}", a.config.strings.date(talk_date(a, t))));
    }
    line.push_str(&format!(" {}", a.speaker_names(&a.links.talk_speakers[t])));
    if full && !a.links.talk_moderators[t].is_empty() {
        line.push_str(&format!(
            " {}{}",
            a.config.strings.get("moderator_prefix"),
            a.speaker_names(&a.links.talk_moderators[t])
        ));
    }
    line
}

/// A short Markdown text as plain text (bios, descriptions).
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for e in pulldown_cmark::Parser::new(markdown) {
        match e {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => out.push_str(&t),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => out.push(' '),
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A speaker's or org's note as its page shows it: only beside an uncertain identification (a
/// note that explains a high confidence is for curators, and search finds only what pages show).
fn shown_note(confidence: crate::load::model::Confidence, note: &Option<String>) -> Option<String> {
    if confidence == crate::load::model::Confidence::High {
        None
    } else {
        note.clone()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A talk with a title, a body and the body's first paragraph anchor, for the index's tests.
    pub(in crate::search) fn titled_doc(title: &str, body: &str) -> SearchDoc {
        let mut doc = doc_with_body(body);
        doc.title = title.into();
        doc.fields[0] = title.into();
        doc.blocks = vec![(0, "p-1".into())];
        doc
    }

    /// A talk with only a body, for the index's tests.
    pub(in crate::search) fn doc_with_body(body: &str) -> SearchDoc {
        SearchDoc {
            url: "/t/".into(),
            title: String::new(),
            kind: "talk",
            subtitle: String::new(),
            event: None,
            trends: Vec::new(),
            fields: [
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                body.into(),
            ],
            blocks: Vec::new(),
        }
    }

    #[test]
    fn long_speaker_lists_are_shortened() {
        let names = |n: usize| (1..=n).map(|i| format!("人{i}")).collect::<Vec<_>>();
        let zh = Strings::built_in("zh-CN");
        assert_eq!(speaker_line(&zh, &[]), "");
        assert_eq!(speaker_line(&zh, &names(4)), "人1、人2、人3、人4");
        assert_eq!(speaker_line(&zh, &names(15)), "人1、人2、人3等 15 人");
        let en = Strings::built_in("en");
        assert_eq!(
            speaker_line(&en, &names(15)),
            "人1, 人2, 人3 and others (15 in all)"
        );
    }
}
