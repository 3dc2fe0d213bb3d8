//! Checks every reference and builds the `Archive`. All problems are reported together.

use super::{Archive, Index, Links, Talk};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::model::{Confidence, Doc};
use crate::load::{Content, Kind};
use std::collections::{BTreeSet, HashMap};

/// Cross-checks `content` and computes the links of the archive.
pub fn resolve(config: Config, content: Content) -> Result<Archive, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Content {
        mut events,
        talks,
        mut speakers,
        mut orgs,
        mut trends,
        glossary,
        broken,
    } = content;

    events.sort_by(|a, b| (a.meta.date, &a.slug).cmp(&(b.meta.date, &b.slug)));
    speakers.sort_by(|a, b| a.slug.cmp(&b.slug));
    orgs.sort_by(|a, b| a.slug.cmp(&b.slug));
    trends.sort_by(|a, b| (a.meta.number, &a.slug).cmp(&(b.meta.number, &b.slug)));

    let index_events = index_of(&events, Kind::Event, &mut diags);
    let index_speakers = index_of(&speakers, Kind::Speaker, &mut diags);
    let index_orgs = index_of(&orgs, Kind::Org, &mut diags);
    let index_trends = index_of(&trends, Kind::Trend, &mut diags);

    // Talks: their event comes from the folder.
    let mut resolved_talks = Vec::with_capacity(talks.len());
    for doc in talks {
        let folder = doc
            .path
            .parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(named) = &doc.meta.event {
            if named != &folder {
                diags.push(
                    Diagnostic::in_file(&doc.path, format!("`event = \"{named}\"` but the talk is in the folder of `{folder}`"))
                        .at(doc.line_of("event", named).unwrap_or(1), None)
                        .help("a talk's event is the folder it is in: move the file or remove the `event` key"),
                );
            }
        }
        match index_events.get(&folder) {
            Some(&event) => resolved_talks.push(Talk { doc, event }),
            None if broken.contains(&(Kind::Event, folder.clone())) => {}
            None => diags.push(
                Diagnostic::in_file(
                    &doc.path,
                    format!("the talk's folder `{folder}` is not an event"),
                )
                .help(format!(
                    "create content/events/{folder}.md{}",
                    suggestion(&folder, index_events.keys(), &HashMap::new())
                        .map(|s| format!(" or move the talk to content/talks/{s}/"))
                        .unwrap_or_default()
                )),
            ),
        }
    }
    resolved_talks.sort_by(|a, b| {
        (a.event, a.doc.meta.order, &a.doc.slug).cmp(&(b.event, b.doc.meta.order, &b.doc.slug))
    });
    let mut index_talks = HashMap::new();
    let mut orders: HashMap<(usize, u32), &str> = HashMap::new();
    for (i, t) in resolved_talks.iter().enumerate() {
        index_talks.insert(format!("{}/{}", events[t.event].slug, t.doc.slug), i);
        if t.doc.meta.order == 0 {
            diags.push(
                Diagnostic::in_file(&t.doc.path, "`order` must be 1 or more")
                    .at(t.doc.line_of("order", "").unwrap_or(1), None)
                    .help("number the talks of an event 1, 2, 3… in programme order"),
            );
        }
        if let Some(other) = orders.insert((t.event, t.doc.meta.order), &t.doc.slug) {
            diags.push(
                Diagnostic::in_file(
                    &t.doc.path,
                    format!(
                        "`order = {}` is also the order of `{other}` in this event",
                        t.doc.meta.order
                    ),
                )
                .at(t.doc.line_of("order", "").unwrap_or(1), None)
                .help("give each talk of an event its own position"),
            );
        }
    }

    let names = |docs: &[Doc<crate::load::model::SpeakerMeta>]| -> HashMap<String, String> {
        docs.iter()
            .map(|d| (d.meta.name.clone(), d.slug.clone()))
            .collect()
    };
    let speaker_names = names(&speakers);
    let org_names: HashMap<String, String> = orgs
        .iter()
        .map(|d| (d.meta.name.clone(), d.slug.clone()))
        .collect();
    let no_names = HashMap::new();

    let mut links = Links::default();
    let mut refs = RefChecker {
        diags: &mut diags,
        broken: &broken,
    };

    for e in &events {
        links.event_parent.push(
            e.meta
                .parent
                .as_ref()
                .and_then(|p| refs.one(e, "parent", p, Kind::Event, &index_events, &no_names)),
        );
        links.event_organisers.push(refs.many(
            e,
            "organisers",
            &e.meta.organisers,
            Kind::Org,
            &index_orgs,
            &org_names,
        ));
        if let Some(end) = e.meta.end_date {
            if end < e.meta.date {
                refs.diags.push(
                    Diagnostic::in_file(
                        &e.path,
                        format!("end_date {end} is before date {}", e.meta.date),
                    )
                    .at(e.line_of("end_date", "").unwrap_or(1), None)
                    .help("swap the two dates or remove end_date"),
                );
            }
        }
    }
    check_parent_cycles(&events, &links.event_parent, refs.diags);

    for t in &resolved_talks {
        let d = &t.doc;
        links.talk_speakers.push(refs.many(
            d,
            "speakers",
            &d.meta.speakers,
            Kind::Speaker,
            &index_speakers,
            &speaker_names,
        ));
        links.talk_moderators.push(refs.many(
            d,
            "moderators",
            &d.meta.moderators,
            Kind::Speaker,
            &index_speakers,
            &speaker_names,
        ));
        links.talk_orgs.push(refs.many(
            d,
            "orgs",
            &d.meta.orgs,
            Kind::Org,
            &index_orgs,
            &org_names,
        ));
        links.talk_trends.push(refs.many(
            d,
            "trends",
            &d.meta.trends,
            Kind::Trend,
            &index_trends,
            &no_names,
        ));
    }
    for s in &speakers {
        links.speaker_org.push(
            s.meta
                .org
                .as_ref()
                .and_then(|o| refs.one(s, "org", o, Kind::Org, &index_orgs, &org_names)),
        );
        check_confidence(s, s.meta.confidence, &s.meta.note, refs.diags);
    }
    for o in &orgs {
        check_confidence(o, o.meta.confidence, &o.meta.note, refs.diags);
    }
    // A glossary form that is also a name's would stand for two things.
    let name_forms = (speakers
        .iter()
        .map(|s| (&s.meta.name, &s.meta.aliases, &s.path)))
    .chain(
        orgs.iter()
            .map(|o| (&o.meta.name, &o.meta.aliases, &o.path)),
    )
    .flat_map(|(name, aliases, path)| {
        std::iter::once(name)
            .chain(aliases)
            .map(move |f| (f.as_str(), path.as_path()))
    });
    refs.diags
        .extend(crate::load::glossary::check_against_names(
            &glossary, name_forms,
        ));
    let mut numbers: HashMap<u32, &str> = HashMap::new();
    for t in &trends {
        links.trend_authors.push(refs.many(
            t,
            "authors",
            &t.meta.authors,
            Kind::Speaker,
            &index_speakers,
            &speaker_names,
        ));
        if let Some(other) = numbers.insert(t.meta.number, &t.slug) {
            refs.diags.push(
                Diagnostic::in_file(
                    &t.path,
                    format!(
                        "`number = {}` is also the number of trend `{other}`",
                        t.meta.number
                    ),
                )
                .at(t.line_of("number", "").unwrap_or(1), None)
                .help("give each trend its own number"),
            );
        }
    }

    if !diags.is_empty() {
        return Err(diags.sorted());
    }

    // Reverse links.
    let (ne, ns, no, ntr) = (events.len(), speakers.len(), orgs.len(), trends.len());
    links.event_children = vec![Vec::new(); ne];
    for (e, parent) in links.event_parent.iter().enumerate() {
        if let Some(p) = parent {
            links.event_children[*p].push(e);
        }
    }
    links.event_talks = vec![Vec::new(); ne];
    let mut speaker_talks = vec![BTreeSet::new(); ns];
    let mut org_talks = vec![BTreeSet::new(); no];
    let mut org_events = vec![BTreeSet::new(); no];
    let mut trend_talks = vec![BTreeSet::new(); ntr];
    for (i, t) in resolved_talks.iter().enumerate() {
        links.event_talks[t.event].push(i);
        for &s in links.talk_speakers[i]
            .iter()
            .chain(&links.talk_moderators[i])
        {
            speaker_talks[s].insert(i);
        }
        // A talk's orgs: those it names, plus its speakers' (not its moderators').
        let mut talk_orgs: BTreeSet<usize> = links.talk_orgs[i].iter().copied().collect();
        talk_orgs.extend(
            links.talk_speakers[i]
                .iter()
                .filter_map(|&s| links.speaker_org[s]),
        );
        for &o in &talk_orgs {
            org_talks[o].insert(i);
            org_events[o].insert(t.event);
        }
        links.talk_orgs[i] = talk_orgs.into_iter().collect();
        for &tr in &links.talk_trends[i] {
            trend_talks[tr].insert(i);
        }
    }
    for (e, organisers) in links.event_organisers.iter().enumerate() {
        for &o in organisers {
            org_events[o].insert(e);
        }
    }
    links.org_speakers = vec![Vec::new(); no];
    for (s, org) in links.speaker_org.iter().enumerate() {
        if let Some(o) = org {
            links.org_speakers[*o].push(s);
        }
    }
    links.speaker_talks = speaker_talks
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    links.org_talks = org_talks
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    links.org_events = org_events
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    links.trend_talks = trend_talks
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();

    Ok(Archive {
        config,
        events,
        talks: resolved_talks,
        speakers,
        orgs,
        trends,
        glossary,
        index: Index {
            events: index_events,
            talks: index_talks,
            speakers: index_speakers,
            orgs: index_orgs,
            trends: index_trends,
        },
        links,
        sources: Default::default(),
    })
}

/// Slug → position; a repeated slug is an error naming both files.
fn index_of<M>(docs: &[Doc<M>], kind: Kind, diags: &mut Diagnostics) -> HashMap<String, usize> {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(&first) = index.get(&d.slug) {
            diags.push(
                Diagnostic::in_file(
                    &d.path,
                    format!(
                        "two {} files have the slug `{}`; the other is {}",
                        kind.noun(),
                        d.slug,
                        docs[first].path.display()
                    ),
                )
                .help("rename one of them: a slug must be unique"),
            );
        } else {
            index.insert(d.slug.clone(), i);
        }
    }
    index
}

struct RefChecker<'a> {
    diags: &'a mut Diagnostics,
    broken: &'a std::collections::HashSet<(Kind, String)>,
}

impl RefChecker<'_> {
    fn one<M>(
        &mut self,
        doc: &Doc<M>,
        key: &str,
        slug: &str,
        kind: Kind,
        index: &HashMap<String, usize>,
        names: &HashMap<String, String>,
    ) -> Option<usize> {
        if let Some(&i) = index.get(slug) {
            return Some(i);
        }
        if self.broken.contains(&(kind, slug.to_string())) {
            return None; // its own file's error is reported already
        }
        let hint = match suggestion(slug, index.keys(), names) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("create content/{}/{slug}.md, or fix the slug", kind.dir()),
        };
        self.diags.push(
            Diagnostic::in_file(
                &doc.path,
                format!("unknown {} `{slug}` in `{key}`", kind.noun()),
            )
            .at(doc.line_of(key, slug).unwrap_or(1), None)
            .help(hint),
        );
        None
    }

    fn many<M>(
        &mut self,
        doc: &Doc<M>,
        key: &str,
        slugs: &[String],
        kind: Kind,
        index: &HashMap<String, usize>,
        names: &HashMap<String, String>,
    ) -> Vec<usize> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for s in slugs {
            if let Some(i) = self.one(doc, key, s, kind, index, names) {
                if seen.insert(i) {
                    out.push(i);
                }
            }
        }
        out
    }
}

/// The existing slug nearest to `wrong`: one whose document has `wrong` as its name (someone wrote
/// 李开复 instead of `li-kaifu`), or the closest by edit distance.
fn suggestion<'a>(
    wrong: &str,
    slugs: impl Iterator<Item = &'a String>,
    names: &HashMap<String, String>,
) -> Option<String> {
    if let Some(slug) = names.get(wrong) {
        return Some(slug.clone());
    }
    let limit = (wrong.chars().count() / 3).max(2);
    slugs
        .map(|s| (strsim::levenshtein(wrong, s), s))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.cmp(b))
        .map(|(_, s)| s.clone())
}

fn check_confidence<M>(
    doc: &Doc<M>,
    confidence: Confidence,
    note: &Option<String>,
    diags: &mut Diagnostics,
) {
    if confidence != Confidence::High && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        diags.push(
            Diagnostic::in_file(&doc.path, "`confidence` is not high but there is no `note`")
                .at(doc.line_of("confidence", "").unwrap_or(1), None)
                .help("add `note = \"…\"` saying what is uncertain and why"),
        );
    }
}

fn check_parent_cycles(
    events: &[Doc<crate::load::model::EventMeta>],
    parent: &[Option<usize>],
    diags: &mut Diagnostics,
) {
    for start in 0..events.len() {
        let mut at = start;
        for _ in 0..=events.len() {
            match parent.get(at).copied().flatten() {
                Some(p) if p == start => {
                    diags.push(
                        Diagnostic::in_file(
                            &events[start].path,
                            "the event is its own ancestor (a `parent` cycle)",
                        )
                        .at(events[start].line_of("parent", "").unwrap_or(1), None)
                        .help("an event's parent must be a larger event that is not inside it"),
                    );
                    break;
                }
                Some(p) => at = p,
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::suggestion;
    use std::collections::HashMap;

    #[test]
    fn suggests_nearest_slug_or_slug_of_a_name() {
        let slugs = ["li-kaifu".to_string(), "zhou-zhihua".to_string()];
        assert_eq!(
            suggestion("li-kaifo", slugs.iter(), &HashMap::new()).as_deref(),
            Some("li-kaifu")
        );
        assert_eq!(suggestion("wang-wu", slugs.iter(), &HashMap::new()), None);
        let names = HashMap::from([("李开复".to_string(), "li-kaifu".to_string())]);
        assert_eq!(
            suggestion("李开复", slugs.iter(), &names).as_deref(),
            Some("li-kaifu")
        );
    }
}
