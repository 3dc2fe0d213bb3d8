//! `data/archive.json`: the whole archive as open data. Its schema is in docs/open-data.md.

use crate::connect::Connections;
use crate::graph::Archive;
use crate::render::cards::{talk_date, talk_url};
use crate::render::urls::{self, Urls};
use serde_json::{json, Value};

pub const SCHEMA_VERSION: u32 = 1;

pub fn archive_json(a: &Archive, c: &Connections, u: &Urls) -> String {
    let slugs = |list: &[usize], f: &dyn Fn(usize) -> String| -> Vec<String> {
        list.iter().map(|&i| f(i)).collect()
    };
    let speaker_slug = |i: usize| a.speakers[i].slug.clone();
    let org_slug = |i: usize| a.orgs[i].slug.clone();
    let trend_slug = |i: usize| a.trends[i].slug.clone();
    let events: Vec<Value> = a
        .events
        .iter()
        .enumerate()
        .map(|(e, ev)| {
            json!({
                "slug": ev.slug,
                "name": ev.meta.name,
                "short_name": ev.meta.short_name,
                "kind": ev.meta.kind,
                "parent": a.links.event_parent[e].map(|p| a.events[p].slug.clone()),
                "date": ev.meta.date,
                "end_date": ev.meta.end_date,
                "place": ev.meta.place,
                "organisers": slugs(&a.links.event_organisers[e], &org_slug),
                "topics": ev.meta.topics,
                "source": ev.meta.source,
                "talks": a.links.event_talks[e].iter().map(|&t| a.talk_key(t)).collect::<Vec<_>>(),
                "url": u.absolute(&urls::event(&ev.slug)),
            })
        })
        .collect();
    let talks: Vec<Value> = a
        .talks
        .iter()
        .enumerate()
        .map(|(t, talk)| {
            let m = &talk.doc.meta;
            json!({
                "id": a.talk_key(t),
                "slug": talk.doc.slug,
                "event": a.events[talk.event].slug,
                "title": m.title,
                "kind": m.kind,
                "order": m.order,
                "date": talk_date(a, t),
                "speakers": m.speakers,
                "moderators": m.moderators,
                "orgs": slugs(&a.links.talk_orgs[t], &org_slug),
                "trends": slugs(&a.links.talk_trends[t], &trend_slug),
                "trends_detected": (0..a.trends.len()).filter(|&r| c.coverage[t][r].detected() && !c.coverage[t][r].declared).map(&trend_slug).collect::<Vec<_>>(),
                "topics": m.topics,
                "keywords": c.keywords[t],
                "related": c.related[t].iter().map(|r| a.talk_key(r.talk)).collect::<Vec<_>>(),
                "summary": m.summary,
                "source": m.source,
                "url": u.absolute(&talk_url(a, t)),
            })
        })
        .collect();
    let speakers: Vec<Value> = a.speakers.iter().enumerate().map(|(s, sp)| json!({
        "slug": sp.slug,
        "name": sp.meta.name,
        "name_en": sp.meta.name_en,
        "aliases": sp.meta.aliases,
        "org": a.links.speaker_org[s].map(&org_slug),
        "role": sp.meta.role,
        "confidence": sp.meta.confidence,
        "note": sp.meta.note,
        "talks": a.links.speaker_talks[s].iter().map(|&t| a.talk_key(t)).collect::<Vec<_>>(),
        "url": u.absolute(&urls::speaker(&sp.slug)),
    })).collect();
    let orgs: Vec<Value> = a
        .orgs
        .iter()
        .enumerate()
        .map(|(o, org)| {
            json!({
                "slug": org.slug,
                "name": org.meta.name,
                "name_en": org.meta.name_en,
                "aliases": org.meta.aliases,
                "kind": org.meta.kind,
                "website": org.meta.website,
                "confidence": org.meta.confidence,
                "note": org.meta.note,
                "people": slugs(&a.links.org_speakers[o], &speaker_slug),
                "url": u.absolute(&urls::org(&org.slug)),
            })
        })
        .collect();
    let trends: Vec<Value> = a
        .trends
        .iter()
        .enumerate()
        .map(|(t, tr)| {
            json!({
                "slug": tr.slug,
                "number": tr.meta.number,
                "name": tr.meta.name,
                "title": tr.meta.title,
                "keywords": tr.meta.keywords,
                "authors": slugs(&a.links.trend_authors[t], &speaker_slug),
                "talks": c.trend_talks[t].iter().map(|&x| a.talk_key(x)).collect::<Vec<_>>(),
                "url": u.absolute(&urls::trend(&tr.slug)),
            })
        })
        .collect();
    let doc = json!({
        "schema_version": SCHEMA_VERSION,
        "site": { "title": a.config.title, "base_url": a.config.base_url, "language": a.config.language },
        "events": events,
        "talks": talks,
        "speakers": speakers,
        "orgs": orgs,
        "trends": trends,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
