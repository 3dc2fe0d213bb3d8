//! Small serialisable views of documents that templates show in lists and links.

use crate::graph::Archive;
use crate::render::urls::{self, Urls};
use serde_json::{json, Value};

/// A speaker's org and role as lists show them beside the name.
pub fn affiliation(a: &Archive, s: usize) -> String {
    let org_name = a.links.speaker_org[s].map(|o| a.orgs[o].meta.name.as_str());
    // "复旦大学 研究员", but not "复旦大学 复旦大学…研究员" when the role already names the org.
    match (org_name, a.speakers[s].meta.role.as_deref()) {
        (Some(org), Some(role)) if role.contains(org) => role.to_string(),
        (Some(org), Some(role)) => a
            .config
            .strings
            .fill("affiliation", &[("org", org), ("role", role)]),
        (Some(org), None) => org.to_string(),
        (None, Some(role)) => role.to_string(),
        (None, None) => String::new(),
    }
}

pub fn speaker_link(a: &Archive, u: &Urls, s: usize) -> Value {
    let sp = &a.speakers[s];
    json!({
        "affiliation": affiliation(a, s),
        "url": u.link(&urls::speaker(&sp.slug)),
        "name": sp.meta.name,
        "slug": sp.slug,
        "role": sp.meta.role,
        "org": a.links.speaker_org[s].map(|o| org_link(a, u, o)),
    })
}

pub fn org_link(a: &Archive, u: &Urls, o: usize) -> Value {
    let org = &a.orgs[o];
    json!({ "url": u.link(&urls::org(&org.slug)), "name": org.meta.name, "slug": org.slug })
}

pub fn trend_link(a: &Archive, u: &Urls, t: usize) -> Value {
    let tr = &a.trends[t];
    json!({
        "url": u.link(&urls::trend(&tr.slug)),
        "name": tr.meta.name,
        "number": tr.meta.number,
        "title": tr.meta.title,
        "slug": tr.slug,
    })
}

pub fn event_link(a: &Archive, u: &Urls, e: usize) -> Value {
    let ev = &a.events[e];
    json!({
        "url": u.link(&urls::event(&ev.slug)),
        "name": ev.meta.name,
        "short_name": ev.meta.short_name.as_deref().unwrap_or(&ev.meta.name),
        "slug": ev.slug,
        "kind": ev.meta.kind,
        "kind_label": a.config.strings.event_kind(ev.meta.kind),
        "date": ev.meta.date,
        "end_date": ev.meta.end_date,
        "place": ev.meta.place,
        "talk_count": a.links.event_talks[e].len(),
    })
}

pub fn talk_url(a: &Archive, t: usize) -> String {
    let talk = &a.talks[t];
    urls::talk(&a.events[talk.event].slug, &talk.doc.slug)
}

/// A talk as it appears in lists: enough to choose it without opening it.
pub fn talk_card(a: &Archive, u: &Urls, t: usize) -> Value {
    let talk = &a.talks[t];
    let m = &talk.doc.meta;
    json!({
        "url": u.link(&talk_url(a, t)),
        "title": m.title,
        "kind": m.kind,
        "kind_label": a.config.strings.talk_kind(m.kind),
        "order": m.order,
        "draft": m.draft,
        "date": talk_date(a, t),
        "summary": m.summary,
        "event": event_link(a, u, talk.event),
        "speakers": a.links.talk_speakers[t].iter().map(|&s| speaker_link(a, u, s)).collect::<Vec<_>>(),
        "moderators": a.links.talk_moderators[t].iter().map(|&s| speaker_link(a, u, s)).collect::<Vec<_>>(),
    })
}

pub fn talk_date(a: &Archive, t: usize) -> crate::load::model::Date {
    let talk = &a.talks[t];
    talk.doc.meta.date.unwrap_or(a.events[talk.event].meta.date)
}
