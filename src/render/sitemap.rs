//! `sitemap.xml` and `robots.txt`.

use crate::graph::Archive;
use crate::render::html::escape;
use crate::render::pages::{self, Job};
use crate::render::urls::{self, Urls};

/// Every page that search engines should know, in the build's fixed order.
pub fn sitemap(a: &Archive, u: &Urls) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for job in pages::jobs(a) {
        let path = match job {
            Job::NotFound => continue,
            Job::Home => String::new(),
            Job::Search => "search/".into(),
            Job::Events => "events/".into(),
            Job::Talks => "talks/".into(),
            Job::Speakers => "speakers/".into(),
            Job::Orgs => "orgs/".into(),
            Job::Trends => "trends/".into(),
            Job::Event(i) => urls::event(&a.events[i].slug),
            Job::Talk(i) if a.talks[i].doc.meta.draft => continue,
            Job::Talk(i) => crate::render::cards::talk_url(a, i),
            Job::Speaker(i) => urls::speaker(&a.speakers[i].slug),
            Job::Org(i) => urls::org(&a.orgs[i].slug),
            Job::Trend(i) => urls::trend(&a.trends[i].slug),
        };
        x.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            escape(&u.absolute(&path))
        ));
    }
    x.push_str("</urlset>\n");
    x
}

pub fn robots(u: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        u.absolute("sitemap.xml")
    )
}
