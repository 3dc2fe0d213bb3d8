//! Every page of the site: which template, at which path, with which data.

use crate::connect::mentions::Mention;
use crate::connect::names::{shows_correction_of, Target};
use crate::connect::trends::EventCoverage;
use crate::connect::Connections;
use crate::graph::Archive;
use crate::load::model::{Confidence, Source, TalkKind};
use crate::render::cards::{self, event_link, org_link, speaker_link, talk_card, trend_link};
use crate::render::charts;
use crate::render::markdown::{self, BodyContext, NameLink, Rendered};
use crate::render::urls::{self, Urls};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Home,
    Search,
    NotFound,
    Events,
    Talks,
    Speakers,
    Orgs,
    Trends,
    Event(usize),
    Talk(usize),
    Speaker(usize),
    Org(usize),
    Trend(usize),
}

/// All pages of the archive, in a fixed order.
pub fn jobs(a: &Archive) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Search,
        Job::NotFound,
        Job::Events,
        Job::Talks,
        Job::Speakers,
        Job::Orgs,
        Job::Trends,
    ];
    jobs.extend((0..a.events.len()).map(Job::Event));
    jobs.extend((0..a.talks.len()).map(Job::Talk));
    jobs.extend((0..a.speakers.len()).map(Job::Speaker));
    jobs.extend((0..a.orgs.len()).map(Job::Org));
    jobs.extend((0..a.trends.len()).map(Job::Trend));
    jobs
}

/// What a page builder produces.
pub struct Page {
    /// Site-relative path (`talks/e/t/`), or a file name (`404.html`).
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub description: String,
    /// `website`, `article` or `profile` (OpenGraph).
    pub og_type: &'static str,
    pub data: Value,
    pub json_ld: Value,
    /// The rendered body, for pages that have one (its blocks feed the search index).
    pub body: Option<Rendered>,
}

/// What page builders share: the archive, its URLs and its computed connections.
pub struct Builder<'a> {
    pub archive: &'a Archive,
    pub urls: &'a Urls,
    pub conn: &'a Connections,
    pub file_exists: &'a (dyn Fn(&str) -> bool + Sync),
    /// Each talk's card (`cards::talk_card`), made the first time a page lists the talk: a talk
    /// is listed on its event's, speakers', orgs' and trends' pages and beside related talks, and
    /// making its card every time was 4 % of a 50x build's CPU.
    pub talk_cards: &'a [std::sync::OnceLock<Value>],
}

impl Builder<'_> {
    fn talk_card(&self, t: usize) -> Value {
        match self.talk_cards.get(t) {
            Some(card) => card
                .get_or_init(|| talk_card(self.archive, self.urls, t))
                .clone(),
            None => talk_card(self.archive, self.urls, t),
        }
    }

    pub fn build(&self, job: Job) -> Page {
        match job {
            Job::Home => self.home(),
            Job::Search => self.simple(
                "search/",
                "search.html",
                self.t().get("search_title"),
                self.t().get("search_description"),
            ),
            Job::NotFound => self.simple(
                "404.html",
                "404.html",
                self.t().get("not_found_title"),
                self.t().get("not_found_description"),
            ),
            Job::Events => self.events(),
            Job::Talks => self.talks(),
            Job::Speakers => self.speakers(),
            Job::Orgs => self.orgs(),
            Job::Trends => self.trends(),
            Job::Event(i) => self.event(i),
            Job::Talk(i) => self.talk(i),
            Job::Speaker(i) => self.speaker(i),
            Job::Org(i) => self.org(i),
            Job::Trend(i) => self.trend(i),
        }
    }

    /// The theme's words in the site's language.
    fn t(&self) -> &crate::i18n::Strings {
        &self.archive.config.strings
    }

    fn link(&self, path: &str) -> String {
        self.urls.link(path)
    }

    fn abs(&self, path: &str) -> String {
        self.urls.absolute(path)
    }

    fn simple(&self, path: &str, template: &'static str, title: &str, description: &str) -> Page {
        Page {
            path: path.into(),
            template,
            title: title.into(),
            description: description.into(),
            og_type: "website",
            data: json!({}),
            json_ld: json!({"@type": "WebPage", "name": title, "url": self.abs(path)}),
            body: None,
        }
    }

    fn home(&self) -> Page {
        let a = self.archive;
        let roots: Vec<Value> = (0..a.events.len())
            .filter(|&e| a.links.event_parent[e].is_none())
            .map(|e| self.event_tree(e))
            .collect();
        let trends: Vec<Value> = (0..a.trends.len())
            .map(|t| {
                let mut v = trend_link(a, self.urls, t);
                v["talk_count"] = json!(self.conn.trend_talks[t].len());
                v
            })
            .collect();
        let config = &a.config;
        let by_event = &self.conn.by_event;
        let (grid_trends, grid_columns) = home_grid(by_event);
        let all_columns = by_event.first().map_or(0, Vec::len);
        let grid_clipped = (grid_trends.len() < by_event.len() || grid_columns.len() < all_columns)
            .then(|| json!({"trends": grid_trends.len(), "events": grid_columns.len()}));
        Page {
            path: String::new(),
            template: "index.html",
            title: config.title.clone(),
            description: config.description.clone(),
            og_type: "website",
            data: json!({
                "events": roots,
                "trends": trends,
                "trend_chart": charts::trends_by_events(a, by_event, &grid_trends, &grid_columns, self.t().get("home_chart_title")),
                "trend_table": self.trend_table(&grid_trends, &grid_columns),
                "grid_clipped": grid_clipped,
                "counts": {
                    "events": a.events.len(), "talks": a.talks.len(), "speakers": a.speakers.len(),
                    "orgs": a.orgs.len(), "trends": a.trends.len(),
                },
            }),
            json_ld: json!({
                "@type": "WebSite",
                "name": config.title,
                "description": config.description,
                "url": self.abs(""),
                "inLanguage": config.language,
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": format!("{}?q={{search_term_string}}", self.abs("search/")),
                    "query-input": "required name=search_term_string",
                },
            }),
            body: None,
        }
    }

    fn event_tree(&self, e: usize) -> Value {
        let a = self.archive;
        let mut v = event_link(a, self.urls, e);
        v["children"] = json!(a.links.event_children[e]
            .iter()
            .map(|&c| self.event_tree(c))
            .collect::<Vec<_>>());
        v
    }

    fn events(&self) -> Page {
        let a = self.archive;
        let roots: Vec<Value> = (0..a.events.len())
            .filter(|&e| a.links.event_parent[e].is_none())
            .map(|e| self.event_tree(e))
            .collect();
        self.list(
            "events/",
            "events.html",
            self.t().get("events_title"),
            self.t().get("events_description"),
            json!({ "events": roots }),
        )
    }

    fn talks(&self) -> Page {
        let a = self.archive;
        let groups: Vec<Value> = (0..a.events.len())
            .filter(|&e| !a.links.event_talks[e].is_empty())
            .map(|e| {
                json!({
                    "event": event_link(a, self.urls, e),
                    "talks": a.links.event_talks[e].iter().map(|&t| self.talk_card(t)).collect::<Vec<_>>(),
                })
            })
            .collect();
        self.list(
            "talks/",
            "talks.html",
            self.t().get("talks_title"),
            self.t().get("talks_description"),
            json!({ "groups": groups }),
        )
    }

    fn speakers(&self) -> Page {
        let a = self.archive;
        let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
        for (s, sp) in a.speakers.iter().enumerate() {
            let letter = sp
                .slug
                .chars()
                .next()
                .map(|c| c.to_ascii_uppercase().to_string())
                .unwrap_or_default();
            let mut card = speaker_link(a, self.urls, s);
            card["talk_count"] = json!(a.links.speaker_talks[s].len());
            match groups.last_mut() {
                Some((l, items)) if *l == letter => items.push(card),
                _ => groups.push((letter, vec![card])),
            }
        }
        let groups: Vec<Value> = groups
            .into_iter()
            .map(|(l, items)| json!({"letter": l, "speakers": items}))
            .collect();
        self.list(
            "speakers/",
            "speakers.html",
            self.t().get("speakers_title"),
            self.t().get("speakers_description"),
            json!({ "groups": groups }),
        )
    }

    fn orgs(&self) -> Page {
        let a = self.archive;
        let orgs: Vec<Value> = (0..a.orgs.len())
            .map(|o| {
                let mut v = org_link(a, self.urls, o);
                v["kind_label"] = json!(self.t().org_kind(a.orgs[o].meta.kind));
                v["talk_count"] = json!(a.links.org_talks[o].len());
                v["people_count"] = json!(a.links.org_speakers[o].len());
                v
            })
            .collect();
        self.list(
            "orgs/",
            "orgs.html",
            self.t().get("orgs_title"),
            self.t().get("orgs_description"),
            json!({ "orgs": orgs }),
        )
    }

    fn trends(&self) -> Page {
        let a = self.archive;
        let trends: Vec<Value> = (0..a.trends.len())
            .map(|t| {
                let mut v = trend_link(a, self.urls, t);
                v["talk_count"] = json!(self.conn.trend_talks[t].len());
                v
            })
            .collect();
        self.list(
            "trends/",
            "trends.html",
            self.t().get("trends_title"),
            self.t().get("trends_description"),
            json!({ "trends": trends }),
        )
    }

    fn list(
        &self,
        path: &str,
        template: &'static str,
        title: &str,
        description: &str,
        data: Value,
    ) -> Page {
        Page {
            path: path.into(),
            template,
            title: title.into(),
            description: description.into(),
            og_type: "website",
            data,
            json_ld: json!({"@type": "CollectionPage", "name": title, "description": description, "url": self.abs(path)}),
            body: None,
        }
    }

    fn event(&self, e: usize) -> Page {
        let a = self.archive;
        let ev = &a.events[e];
        let path = urls::event(&ev.slug);
        let body = self.markdown(&ev.body, &BTreeSet::new());
        let organisers: Vec<Value> = a.links.event_organisers[e]
            .iter()
            .map(|&o| org_link(a, self.urls, o))
            .collect();
        let talks: Vec<Value> = a.links.event_talks[e]
            .iter()
            .map(|&t| self.talk_card(t))
            .collect();
        let children: Vec<Value> = a.links.event_children[e]
            .iter()
            .map(|&c| self.event_tree(c))
            .collect();
        let parent = a.links.event_parent[e].map(|p| event_link(a, self.urls, p));
        let description = first_sentence(&body.html_text_fallback(&ev.meta.name));
        let schema_type = if ev.meta.kind == crate::load::model::EventKind::Report {
            "Report"
        } else {
            "Event"
        };
        let json_ld = json!({
            "@type": schema_type,
            "name": ev.meta.name,
            "alternateName": ev.meta.short_name,
            "startDate": ev.meta.date,
            "endDate": ev.meta.end_date.unwrap_or(ev.meta.date),
            "datePublished": ev.meta.date,
            "location": ev.meta.place.as_ref().map(|p| json!({"@type": "Place", "name": p})),
            "organizer": a.links.event_organisers[e].iter().map(|&o| json!({"@type": "Organization", "name": a.orgs[o].meta.name, "url": self.abs(&urls::org(&a.orgs[o].slug))})).collect::<Vec<_>>(),
            "superEvent": a.links.event_parent[e].map(|p| json!({"@type": "Event", "name": a.events[p].meta.name, "url": self.abs(&urls::event(&a.events[p].slug))})),
            "url": self.abs(&path),
            "inLanguage": a.config.language,
        });
        Page {
            path: path.clone(),
            template: "event.html",
            title: ev.meta.name.clone(),
            description,
            og_type: "website",
            data: json!({
                "event": event_link(a, self.urls, e),
                "topics": ev.meta.topics,
                "organisers": organisers,
                "parent": parent,
                "children": children,
                "talks": talks,
                "source": ev.meta.source.as_ref().map(shown_source),
                "body": body.html,
                "feed": self.link(&format!("{path}feed.xml")),
            }),
            json_ld,
            body: Some(body),
        }
    }

    fn talk(&self, t: usize) -> Page {
        let a = self.archive;
        let talk = &a.talks[t];
        let m = &talk.doc.meta;
        let path = cards::talk_url(a, t);
        let mut participants: BTreeSet<Target> = BTreeSet::new();
        participants.extend(
            a.links.talk_speakers[t]
                .iter()
                .chain(&a.links.talk_moderators[t])
                .map(|&s| Target::Speaker(s)),
        );
        participants.extend(a.links.talk_orgs[t].iter().map(|&o| Target::Org(o)));
        let body = self.markdown(&talk.doc.body, &participants);
        let siblings = &a.links.event_talks[talk.event];
        let pos = siblings.iter().position(|&x| x == t).unwrap_or(0);
        let prev = pos.checked_sub(1).map(|p| self.talk_card(siblings[p]));
        let next = siblings.get(pos + 1).map(|&n| self.talk_card(n));
        let event = &a.events[talk.event];
        let people = |list: &[usize]| -> Vec<Value> {
            list.iter().map(|&s| json!({"@type": "Person", "name": a.speakers[s].meta.name, "url": self.abs(&urls::speaker(&a.speakers[s].slug))})).collect()
        };
        let written = matches!(
            m.kind,
            TalkKind::Article | TalkKind::Chapter | TalkKind::Preface | TalkKind::Quote
        );
        let json_ld = if written {
            json!({
                "@type": "Article",
                "headline": m.title,
                "description": m.summary,
                "author": people(&a.links.talk_speakers[t]),
                "datePublished": cards::talk_date(a, t),
                "isPartOf": {"@type": "CreativeWork", "name": event.meta.name, "url": self.abs(&urls::event(&event.slug))},
                "keywords": m.topics,
                "url": self.abs(&path),
                "inLanguage": a.config.language,
            })
        } else {
            json!({
                "@type": "Event",
                "name": m.title,
                "description": m.summary,
                "startDate": cards::talk_date(a, t),
                "performer": people(&a.links.talk_speakers[t]),
                "superEvent": {"@type": "Event", "name": event.meta.name, "url": self.abs(&urls::event(&event.slug))},
                "location": event.meta.place.as_ref().map(|p| json!({"@type": "Place", "name": p})),
                "keywords": m.topics,
                "url": self.abs(&path),
                "inLanguage": a.config.language,
            })
        };
        Page {
            path,
            template: "talk.html",
            title: m.title.clone(),
            description: m.summary.clone(),
            og_type: "article",
            data: json!({
                "talk": self.talk_card(t),
                "topics": m.topics,
                "orgs": a.links.talk_orgs[t].iter().map(|&o| org_link(a, self.urls, o)).collect::<Vec<_>>(),
                "trends": a.links.talk_trends[t].iter().map(|&x| trend_link(a, self.urls, x)).collect::<Vec<_>>(),
                "detected_trends": self.detected_trends(t),
                "keywords": self.conn.keywords[t].iter().map(|k| json!({"term": k, "url": self.search_link(k)})).collect::<Vec<_>>(),
                "related": self.related(t),
                "source": m.source.as_ref().map(shown_source),
                "source_page": super::source_pages::link_of_talk(a, self.urls, t),
                "body": body.html,
                "paragraphs": body.blocks.len(),
                "prev": prev,
                "next": next,
                "noindex": m.draft,
            }),
            json_ld,
            body: Some(body),
        }
    }

    fn speaker(&self, s: usize) -> Page {
        let a = self.archive;
        let sp = &a.speakers[s];
        let path = urls::speaker(&sp.slug);
        let body = self.markdown(&sp.body, &BTreeSet::from([Target::Speaker(s)]));
        let talks: Vec<Value> = a.links.speaker_talks[s]
            .iter()
            .map(|&t| {
                let mut card = self.talk_card(t);
                card["as_moderator"] = json!(
                    a.links.talk_moderators[t].contains(&s)
                        && !a.links.talk_speakers[t].contains(&s)
                );
                card
            })
            .collect();
        let mut also = vec![];
        if let Some(en) = &sp.meta.name_en {
            also.push(en.clone());
        }
        also.extend(sp.meta.aliases.iter().cloned());
        let org = a.links.speaker_org[s];
        let description = match (&sp.meta.role, org) {
            (Some(role), Some(o)) => self.t().fill(
                "speaker_description_org_role",
                &[
                    ("name", &sp.meta.name),
                    ("org", &a.orgs[o].meta.name),
                    ("role", role),
                ],
            ),
            (Some(role), None) => self.t().fill(
                "speaker_description_role",
                &[("name", &sp.meta.name), ("role", role)],
            ),
            _ => self
                .t()
                .fill("speaker_description", &[("name", &sp.meta.name)]),
        };
        Page {
            path: path.clone(),
            template: "speaker.html",
            title: sp.meta.name.clone(),
            description,
            og_type: "profile",
            data: json!({
                "speaker": speaker_link(a, self.urls, s),
                "name_en": sp.meta.name_en,
                "aliases": sp.meta.aliases,
                "confidence": confidence_label(self.t(), sp.meta.confidence),
                "note": sp.meta.note,
                "talks": talks,
                "co_speakers": self.conn.co_speakers[s].iter().map(|&(o, n)| {
                    let mut v = speaker_link(a, self.urls, o);
                    v["together"] = json!(n);
                    v
                }).collect::<Vec<_>>(),
                "mentions": self.mentions(&self.conn.speaker_mentions[s]),
                "body": body.html,
                "feed": self.link(&format!("{path}feed.xml")),
            }),
            json_ld: json!({
                "@type": "Person",
                "name": sp.meta.name,
                "alternateName": also,
                "jobTitle": sp.meta.role,
                "worksFor": org.map(|o| json!({"@type": "Organization", "name": a.orgs[o].meta.name, "url": self.abs(&urls::org(&a.orgs[o].slug))})),
                "url": self.abs(&path),
            }),
            body: Some(body),
        }
    }

    fn org(&self, o: usize) -> Page {
        let a = self.archive;
        let org = &a.orgs[o];
        let path = urls::org(&org.slug);
        let body = self.markdown(&org.body, &BTreeSet::from([Target::Org(o)]));
        let mut also = vec![];
        if let Some(en) = &org.meta.name_en {
            also.push(en.clone());
        }
        also.extend(org.meta.aliases.iter().cloned());
        Page {
            path: path.clone(),
            template: "org.html",
            title: org.meta.name.clone(),
            description: self
                .t()
                .fill("org_description", &[("name", &org.meta.name)]),
            og_type: "profile",
            data: json!({
                "org": org_link(a, self.urls, o),
                "name_en": org.meta.name_en,
                "aliases": org.meta.aliases,
                "kind_label": self.t().org_kind(org.meta.kind),
                "website": org.meta.website.as_deref().and_then(urls::web_address),
                "confidence": confidence_label(self.t(), org.meta.confidence),
                "note": org.meta.note,
                "people": a.links.org_speakers[o].iter().map(|&s| {
                    let mut v = speaker_link(a, self.urls, s);
                    v["talk_count"] = json!(a.links.speaker_talks[s].len());
                    v
                }).collect::<Vec<_>>(),
                "talks": a.links.org_talks[o].iter().map(|&t| self.talk_card(t)).collect::<Vec<_>>(),
                "events": a.links.org_events[o].iter().map(|&e| event_link(a, self.urls, e)).collect::<Vec<_>>(),
                "mentions": self.mentions(&self.conn.org_mentions[o]),
                "body": body.html,
            }),
            json_ld: json!({
                "@type": "Organization",
                "name": org.meta.name,
                "alternateName": also,
                "sameAs": org.meta.website.as_deref().and_then(urls::web_address),
                "url": self.abs(&path),
            }),
            body: Some(body),
        }
    }

    fn trend(&self, t: usize) -> Page {
        let a = self.archive;
        let tr = &a.trends[t];
        let path = urls::trend(&tr.slug);
        let body = self.markdown(&tr.body, &BTreeSet::new());
        Page {
            path: path.clone(),
            template: "trend.html",
            title: self.t().fill(
                "trend_title",
                &[
                    ("number", &tr.meta.number.to_string()),
                    ("name", &tr.meta.name),
                ],
            ),
            description: tr.meta.title.clone(),
            og_type: "article",
            data: json!({
                "trend": trend_link(a, self.urls, t),
                "keywords": tr.meta.keywords,
                "authors": a.links.trend_authors[t].iter().map(|&s| speaker_link(a, self.urls, s)).collect::<Vec<_>>(),
                "talks": self.conn.trend_talks[t].iter().map(|&x| {
                    let c = self.conn.coverage[x][t];
                    let mut card = self.talk_card(x);
                    card["declared"] = json!(c.declared);
                    card["share"] = json!(charts::percent(c.share()));
                    card
                }).collect::<Vec<_>>(),
                "mentions": self.mentions(&self.conn.trend_mentions_shown(t).cloned().collect::<Vec<_>>()),
                "chart": charts::trend_over_events(a, &self.conn.by_event[t], &format!("trend-{}", tr.slug), &self.t().fill("trend_chart_title", &[("name", &tr.meta.name)])),
                "table": self.trend_table(&[t], &(0..self.conn.by_event[t].len()).collect::<Vec<_>>()),
                "body": body.html,
                "feed": self.link(&format!("{path}feed.xml")),
            }),
            json_ld: json!({
                "@type": "DefinedTerm",
                "name": tr.meta.name,
                "description": tr.meta.title,
                "termCode": tr.meta.number.to_string(),
                "url": self.abs(&path),
            }),
            body: Some(body),
        }
    }

    /// A link to the search page for `query`.
    fn search_link(&self, query: &str) -> String {
        format!("{}?q={}", self.link("search/"), urls::encode_query(query))
    }

    /// Trends a talk's text discusses that its front matter does not declare.
    fn detected_trends(&self, t: usize) -> Vec<Value> {
        let a = self.archive;
        self.conn.coverage[t]
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.declared && c.detected())
            .map(|(r, c)| {
                let mut v = trend_link(a, self.urls, r);
                v["share"] = json!(charts::percent(c.share()));
                v
            })
            .collect()
    }

    fn related(&self, t: usize) -> Vec<Value> {
        let a = self.archive;
        self.conn.related[t]
            .iter()
            .map(|r| {
                let reasons: Vec<String> = r.reasons.iter().map(|x| x.text(a)).collect();
                let mut card = self.talk_card(r.talk);
                card["reasons"] = json!(reasons);
                card
            })
            .collect()
    }

    /// "Mentioned in": each talk with a link to the paragraph and the words around the name.
    fn mentions(&self, list: &[Mention]) -> Vec<Value> {
        let a = self.archive;
        list.iter()
            .map(|m| {
                let card = self.talk_card(m.talk);
                json!({
                    "talk": card,
                    "url": format!("{}#{}", self.link(&cards::talk_url(a, m.talk)), m.anchor),
                    "before": m.before,
                    "form": m.form,
                    "after": m.after,
                    "count": m.count,
                })
            })
            .collect()
    }

    /// Rows of trends, columns of events (indexes into each trend's coverage): the numbers
    /// behind a trend chart, as a table.
    fn trend_table(&self, trends: &[usize], columns: &[usize]) -> Value {
        let a = self.archive;
        let by_event = &self.conn.by_event;
        let events: Vec<Value> = by_event
            .first()
            .map(|r| {
                columns
                    .iter()
                    .map(|&j| event_link(a, self.urls, r[j].event))
                    .collect()
            })
            .unwrap_or_default();
        let rows: Vec<Value> = trends
            .iter()
            .map(|&r| {
                let cells = columns.iter().map(|&j| &by_event[r][j]);
                json!({
                    "trend": trend_link(a, self.urls, r),
                    "cells": cells.map(|c| json!({"share": charts::percent(c.share()), "talks": c.talks, "of": c.of})).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({"events": events, "rows": rows})
    }

    fn markdown(&self, text: &str, participants: &BTreeSet<Target>) -> Rendered {
        let ctx = Names {
            b: self,
            participants,
        };
        markdown::render(text, &ctx)
    }
}

/// The home page's grid shows at most this many trends (the most discussed) and events (the
/// latest): an archive of hundreds of each made a grid of every pair, a 32 MB chart at 50 times
/// the shipped archive. Each trend's page charts it across every event.
const HOME_GRID_TRENDS: usize = 12;
const HOME_GRID_EVENTS: usize = 12;

/// Which trends (rows of `by_event`) and events (columns) the home page's grid shows, in their
/// archive order.
fn home_grid(by_event: &[Vec<EventCoverage>]) -> (Vec<usize>, Vec<usize>) {
    let mut trends: Vec<usize> = (0..by_event.len()).collect();
    if trends.len() > HOME_GRID_TRENDS {
        // Most talks first; ties by trend order, so that the choice is stable.
        let talks = |t: usize| by_event[t].iter().map(|c| c.talks).sum::<usize>();
        trends.sort_by_key(|&t| (std::cmp::Reverse(talks(t)), t));
        trends.truncate(HOME_GRID_TRENDS);
        trends.sort_unstable();
    }
    let columns = by_event.first().map_or(0, Vec::len);
    // Columns are in event order (chronological); the latest are the last ones.
    let first = columns.saturating_sub(HOME_GRID_EVENTS);
    (trends, (first..columns).collect())
}

/// Links names in a body: misspellings always (with the correct name), correct names once.
struct Names<'a, 'b> {
    b: &'a Builder<'b>,
    participants: &'a BTreeSet<Target>,
}

impl BodyContext for Names<'_, '_> {
    fn names(&self, text: &str) -> Vec<NameLink> {
        let a = self.b.archive;
        self.b
            .conn
            .names
            .find(text, &|t| self.participants.contains(&t))
            .into_iter()
            .map(|f| {
                let (path, name) = match f.target {
                    Target::Speaker(s) => {
                        (urls::speaker(&a.speakers[s].slug), &a.speakers[s].meta.name)
                    }
                    Target::Org(o) => (urls::org(&a.orgs[o].slug), &a.orgs[o].meta.name),
                    Target::Trend(x) => (urls::trend(&a.trends[x].slug), &a.trends[x].meta.name),
                    // A term has no page: its form links to a search for it, as a keyword does.
                    Target::Term(x) => {
                        let name = &a.glossary[x].name;
                        (self.b.search_link(name), name)
                    }
                };
                let surface = &text[f.start..f.end];
                let href = match f.target {
                    Target::Term(_) => path,
                    _ => self.b.link(&path),
                };
                NameLink {
                    start: f.start,
                    end: f.end,
                    href,
                    correct: shows_correction_of(f.target, surface, name).then(|| name.to_string()),
                    always: f.is_alias,
                }
            })
            .collect()
    }

    fn local_file_exists(&self, path: &str) -> bool {
        (self.b.file_exists)(path)
    }
}

/// A source as the pages show it: its `url` only if it is a web address (see `urls::web_address`).
fn shown_source(source: &Source) -> Source {
    Source {
        url: source
            .url
            .as_deref()
            .and_then(urls::web_address)
            .map(str::to_string),
        ..source.clone()
    }
}

fn confidence_label(t: &crate::i18n::Strings, c: Confidence) -> Option<&str> {
    match c {
        Confidence::High => None,
        Confidence::Medium => Some(t.get("confidence_medium")),
        Confidence::Low => Some(t.get("confidence_low")),
    }
}

/// The first sentence of a text, at most 120 characters, for descriptions.
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    let end = text.find(['。', '\n']).map_or(text.len(), |i| {
        i + text[i..].chars().next().map_or(0, char::len_utf8)
    });
    text[..end]
        .chars()
        .take(120)
        .collect::<String>()
        .trim()
        .to_string()
}

impl Rendered {
    /// The body's first block as plain text, or `fallback` when it has none.
    pub fn html_text_fallback(&self, fallback: &str) -> String {
        self.blocks
            .first()
            .map_or_else(|| fallback.to_string(), |b| b.text.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_grid_keeps_the_most_discussed_trends_and_the_latest_events() {
        let row = |talks: usize| -> Vec<EventCoverage> {
            (0..20)
                .map(|e| EventCoverage {
                    event: e,
                    talks,
                    ..Default::default()
                })
                .collect()
        };
        // 15 trends, trend t discussed in (t % 5) talks per event: 3 and 4 are the most.
        let by_event: Vec<Vec<EventCoverage>> = (0..15).map(|t| row(t % 5)).collect();
        let (trends, columns) = home_grid(&by_event);
        assert_eq!(trends.len(), HOME_GRID_TRENDS);
        assert!(trends.windows(2).all(|w| w[0] < w[1]), "in archive order");
        for t in [3, 4, 8, 9, 13, 14] {
            assert!(trends.contains(&t), "trend {t} is among the most discussed");
        }
        assert!(!trends.contains(&0) && !trends.contains(&5), "{trends:?}");
        assert_eq!(columns, (8..20).collect::<Vec<_>>(), "the latest 12 events");
        // A small archive keeps everything.
        let small: Vec<Vec<EventCoverage>> =
            by_event[..10].iter().map(|r| r[..6].to_vec()).collect();
        assert_eq!(home_grid(&small), ((0..10).collect(), (0..6).collect()));
    }

    #[test]
    fn first_sentence_stops_at_the_full_stop() {
        assert_eq!(first_sentence("第一句。第二句。"), "第一句。");
        assert_eq!(first_sentence("no stop"), "no stop");
    }
}
