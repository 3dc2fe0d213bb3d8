//! Stage 3b: the client-side search index, precomputed at build time.
//!
//! Recall must equal Ctrl+F, so the index is of characters, not of words: every occurrence of
//! every character is recorded as the bigram it starts (the character and the one after it, or
//! an end-of-field mark), with its position. A query is found by intersecting the positions of
//! its bigrams, so any substring matches: single characters, words that cross jieba's word
//! boundaries, names no dictionary knows, `law` inside `Laws`.
//!
//! Files under `_search/` (see docs/search-index.md):
//! - `meta.json`: the documents (URL, title, kind, facets, field boundaries), the name table
//!   (correct names, aliases, pinyin) and the shard count. Fetched at the first query.
//! - `s/<n>.bin`: posting shards. All bigrams that start with the same character are in one
//!   shard, so a query fetches one shard per distinct character it has.
//! - `t/<doc>/<k>.json`: the documents' original text in chunks, for excerpts and deep links.
//! - `t2s.json`: traditional → simplified characters that occur in the archive.

pub mod normalize;

use crate::connect::Connections;
use crate::graph::Archive;
use crate::render::cards::{event_kind_label, talk_url};
use crate::render::markdown::Block;
use crate::render::urls::{self, Urls};
use normalize::fold;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// Where the index lives in the site.
pub const INDEX_DIR: &str = "_search/";
/// Characters per text chunk.
pub const CHUNK_CHARS: usize = 800;
/// The mark that ends a field in the index (never part of a query).
const END: char = '\n';
/// Target size of a posting shard before compression.
const SHARD_TARGET_BYTES: usize = 6 * 1024;

/// Field weights for ranking: title, people, topics, summary, body.
pub const FIELD_WEIGHTS: [u32; 5] = [8, 5, 3, 2, 1];

/// For one bigram: each document that has it, with its positions there.
type Postings = Vec<(u32, Vec<u32>)>;

/// One searchable page.
struct SearchDoc {
    url: String,
    title: String,
    kind: &'static str,
    /// A line under the title in results (event, speakers…).
    subtitle: String,
    event: Option<usize>,
    trends: Vec<usize>,
    /// The five fields, in `FIELD_WEIGHTS` order.
    fields: [String; 5],
    /// Anchors of the body's blocks: (char offset in the body field, anchor).
    blocks: Vec<(usize, String)>,
}

/// Builds every file of the index, as (path, bytes).
pub fn build_index(
    a: &Archive,
    c: &Connections,
    u: &Urls,
    talk_blocks: &[(usize, Vec<Block>)],
) -> Vec<(String, Vec<u8>)> {
    let docs = collect_docs(a, c, u, talk_blocks);
    let mut files = Vec::new();

    // Each document on its own (in parallel), then merged in document order.
    let indexed: Vec<DocIndex> = docs
        .par_iter()
        .enumerate()
        .map(|(d, doc)| index_doc(d, doc))
        .collect();
    let mut postings: HashMap<(char, char), Postings> = HashMap::new();
    let mut doc_meta = Vec::with_capacity(docs.len());
    let mut corpus_chars: HashSet<char> = HashSet::new();
    for (d, doc) in indexed.into_iter().enumerate() {
        for (gram, positions) in doc.grams {
            postings
                .entry(gram)
                .or_default()
                .push((d as u32, positions));
        }
        corpus_chars.extend(doc.chars);
        files.extend(doc.chunks);
        doc_meta.push(doc.meta);
    }
    let mut postings: Vec<((char, char), Postings)> = postings.into_iter().collect();
    postings.sort_unstable_by_key(|(gram, _)| *gram);

    // Posting shards.
    let total: usize = postings
        .iter()
        .map(|(_, v)| v.iter().map(|(_, p)| 2 + p.len() * 2).sum::<usize>())
        .sum();
    let shard_count = (total / SHARD_TARGET_BYTES).clamp(16, 8192) as u32;
    let mut shards: Vec<Vec<u8>> = vec![Vec::new(); shard_count as usize];
    for ((c, next), list) in &postings {
        let buf = &mut shards[shard_of(*c, shard_count) as usize];
        let gram: String = [*c, *next].iter().collect();
        varint(buf, gram.len() as u32);
        buf.extend_from_slice(gram.as_bytes());
        varint(buf, list.len() as u32);
        let mut prev_doc = 0;
        for (doc, positions) in list {
            varint(buf, doc - prev_doc);
            prev_doc = *doc;
            varint(buf, positions.len() as u32);
            let mut prev = 0;
            for &p in positions {
                varint(buf, p - prev);
                prev = p;
            }
        }
    }
    for (n, bytes) in shards.into_iter().enumerate() {
        files.push((format!("{INDEX_DIR}s/{n}.bin"), bytes));
    }

    // Traditional forms of characters the archive has.
    let mut t2s: Vec<(char, char)> = normalize::t2s_table()
        .iter()
        .filter(|(_, s)| corpus_chars.contains(s))
        .map(|(t, s)| (*t, *s))
        .collect();
    t2s.sort();
    let t2s: String = t2s.iter().flat_map(|(t, s)| [*t, *s]).collect();
    files.push((
        format!("{INDEX_DIR}t2s.json"),
        json!(t2s).to_string().into_bytes(),
    ));

    let meta = json!({
        "version": 1,
        "shards": shard_count,
        "chunk": CHUNK_CHARS,
        "weights": FIELD_WEIGHTS,
        "docs": doc_meta,
        "events": a.events.iter().map(|e| e.meta.short_name.clone().unwrap_or_else(|| e.meta.name.clone())).collect::<Vec<_>>(),
        "trends": a.trends.iter().map(|t| format!("{}. {}", t.meta.number, t.meta.name)).collect::<Vec<_>>(),
        "names": name_table(a, u),
    });
    files.push((
        format!("{INDEX_DIR}meta.json"),
        meta.to_string().into_bytes(),
    ));
    files
}

/// What one document adds to the index.
struct DocIndex {
    /// Every bigram of the folded text with its positions.
    grams: Vec<((char, char), Vec<u32>)>,
    chars: HashSet<char>,
    /// The text chunk files.
    chunks: Vec<(String, Vec<u8>)>,
    meta: Value,
}

fn index_doc(d: usize, doc: &SearchDoc) -> DocIndex {
    let text: String = doc.fields.join(&END.to_string());
    let folded = fold(&text);
    let mut field_ends = Vec::with_capacity(5);
    let mut at = 0;
    for f in &doc.fields {
        at += f.chars().count();
        field_ends.push(at);
        at += 1;
    }
    let mut grams: HashMap<(char, char), Vec<u32>> = HashMap::new();
    let mut chars = HashSet::new();
    for (p, &c) in folded.iter().enumerate() {
        if c == ' ' || c == END {
            continue;
        }
        chars.insert(c);
        let next = folded.get(p + 1).copied().unwrap_or(END);
        grams.entry((c, next)).or_default().push(p as u32);
    }
    // Text chunks with the anchors that start in them.
    let text_chars: Vec<char> = text.chars().collect();
    let body_start = field_ends[3] + 1;
    let anchors: Vec<(usize, &str)> = doc
        .blocks
        .iter()
        .map(|(off, a)| (body_start + off, a.as_str()))
        .collect();
    let mut chunks = Vec::new();
    for (k, chunk) in text_chars.chunks(CHUNK_CHARS).enumerate() {
        let start = k * CHUNK_CHARS;
        let end = start + chunk.len();
        let mut b: Vec<Value> = Vec::new();
        // The block that is open at the chunk's start, then those starting inside it.
        if let Some((off, anchor)) = anchors.iter().rev().find(|(off, _)| *off <= start) {
            b.push(json!([off, anchor]));
        }
        for (off, anchor) in anchors.iter().filter(|(off, _)| *off > start && *off < end) {
            b.push(json!([off, anchor]));
        }
        let chunk_json = json!({"s": start, "t": chunk.iter().collect::<String>(), "b": b});
        chunks.push((
            format!("{INDEX_DIR}t/{d}/{k}.json"),
            chunk_json.to_string().into_bytes(),
        ));
    }
    let meta = json!([
        doc.url,
        doc.title,
        doc.kind,
        doc.subtitle,
        doc.event.map_or(-1, |e| e as i64),
        doc.trends,
        text_chars.len(),
        field_ends,
    ]);
    DocIndex {
        grams: grams.into_iter().collect(),
        chars,
        chunks,
        meta,
    }
}

/// Which shard holds the bigrams that start with `c` (the browser computes the same).
pub fn shard_of(c: char, shards: u32) -> u32 {
    (c as u32).wrapping_mul(2_654_435_761) % shards
}

fn varint(buf: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

fn collect_docs(
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
        let mut body = String::new();
        let mut anchors = Vec::new();
        let mut body_chars = 0;
        for b in blocks {
            if !body.is_empty() {
                body.push(END);
                body_chars += 1;
            }
            anchors.push((body_chars, b.anchor.clone()));
            body.push_str(&b.text);
            body_chars += b.text.chars().count();
        }
        let event = &a.events[talk.event];
        let speakers = names(&a.links.talk_speakers[*t]).join("、");
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
                m.kind.label().to_string(),
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
                body,
            ],
            blocks: anchors,
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
                    sp.meta
                        .note
                        .iter()
                        .cloned()
                        .chain(listed_talks(a, a.links.speaker_talks[s].iter()))
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
            subtitle: crate::render::cards::org_kind_label(o.meta.kind).to_string(),
            event: None,
            trends: Vec::new(),
            fields: [
                o.meta.name.clone(),
                people.join(" "),
                names(&a.links.org_speakers[o_index]).join(" "),
                o.meta.note.clone().unwrap_or_default(),
                listed(
                    &plain(&o.body),
                    listed_talks(a, a.links.org_talks[o_index].iter())
                        .chain(mention_texts(a, &c.org_mentions[o_index])),
                ),
            ],
            blocks: Vec::new(),
        });
    }
    for (t, tr) in a.trends.iter().enumerate() {
        docs.push(SearchDoc {
            url: u.link(&urls::trend(&tr.slug)),
            title: format!("趋势{}：{}", tr.meta.number, tr.meta.name),
            kind: "trend",
            subtitle: tr.meta.title.clone(),
            event: None,
            trends: vec![t],
            fields: [
                tr.meta.name.clone(),
                names(&a.links.trend_authors[t]).join(" "),
                tr.meta.keywords.join(" "),
                tr.meta.title.clone(),
                listed(&plain(&tr.body), listed_talks(a, c.trend_talks[t].iter())),
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
            subtitle: [m.date.to_string(), m.place.clone().unwrap_or_default()]
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
                    event_kind_label(m.kind).to_string(),
                    m.date.to_string(),
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

/// A short Markdown text as plain text (bios, descriptions).
/// What a talk page shows besides its text: topics, trends (declared and detected), kind, date,
/// keywords, and the correct names it shows beside misspellings (〔无问芯穹〕).
fn talk_details(a: &Archive, c: &Connections, t: usize) -> String {
    let m = &a.talks[t].doc.meta;
    let mut parts: Vec<String> = m.topics.clone();
    parts.extend(
        (0..a.trends.len())
            .filter(|&r| c.coverage[t][r].discusses())
            .map(|r| a.trends[r].meta.name.clone()),
    );
    parts.push(m.kind.label().to_string());
    parts.push(crate::render::cards::talk_date(a, t).to_string());
    parts.extend(c.keywords[t].iter().cloned());
    parts.extend(c.corrections[t].iter().cloned());
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
    mentions: &'a [crate::connect::mentions::Mention],
) -> impl Iterator<Item = String> + 'a {
    mentions.iter().map(move |m| {
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

/// The talks a page lists, as the list shows them: title, event, speakers and summary.
fn listed_talks<'a>(
    a: &'a Archive,
    talks: impl Iterator<Item = &'a usize> + 'a,
) -> impl Iterator<Item = String> + 'a {
    talks.map(move |&t| {
        let talk = &a.talks[t];
        let event = &a.events[talk.event].meta;
        let speakers: Vec<&str> = a.links.talk_speakers[t]
            .iter()
            .chain(&a.links.talk_moderators[t])
            .map(|&s| a.speakers[s].meta.name.as_str())
            .collect();
        format!(
            "{} {} {} {}",
            talk.doc.meta.title,
            event.short_name.as_deref().unwrap_or(&event.name),
            speakers.join(" "),
            talk.doc.meta.summary
        )
    })
}

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

/// `李开复` → [`likaifu`, `lkf`]; empty for names with no Chinese characters.
pub fn pinyin_forms(name: &str) -> Vec<String> {
    use pinyin::ToPinyin;
    let mut full = String::new();
    let mut initials = String::new();
    for p in name.to_pinyin().flatten() {
        full.push_str(p.plain());
        initials.push_str(p.first_letter());
    }
    if full.is_empty() {
        Vec::new()
    } else {
        vec![full, initials]
    }
}

/// For each speaker and org: the correct name, its page, and every other form a query may use
/// (aliases, English name, pinyin, initials).
fn name_table(a: &Archive, u: &Urls) -> Vec<Value> {
    let mut out = Vec::new();
    let mut add = |name: &str, url: String, aliases: &[String], en: &Option<String>| {
        let mut forms: Vec<String> = aliases.to_vec();
        forms.extend(en.clone());
        let py = pinyin_forms(name);
        // Initials of two letters match too much; keep them for names of three characters or more.
        for (i, f) in py.into_iter().enumerate() {
            if i == 0 || f.len() >= 3 {
                forms.push(f);
            }
        }
        out.push(json!([name, url, forms]));
    };
    for s in &a.speakers {
        add(
            &s.meta.name,
            u.link(&urls::speaker(&s.slug)),
            &s.meta.aliases,
            &s.meta.name_en,
        );
    }
    for o in &a.orgs {
        add(
            &o.meta.name,
            u.link(&urls::org(&o.slug)),
            &o.meta.aliases,
            &o.meta.name_en,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_of_a_name() {
        assert_eq!(pinyin_forms("李开复"), ["likaifu", "lkf"]);
        assert!(pinyin_forms("OpenAI").is_empty());
    }

    #[test]
    fn varints_round_trip_sizes() {
        let mut b = Vec::new();
        varint(&mut b, 5);
        varint(&mut b, 300);
        assert_eq!(b, [5, 0xac, 0x02]);
    }
}
