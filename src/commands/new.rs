//! `talkarchive new talk|speaker|org|event|trend`: writes a valid skeleton file.

use crate::diagnostics::Diagnostic;
use crate::load::{slug, Kind, CONTENT_DIR};
use std::path::{Path, PathBuf};

/// Writes the skeleton and returns its path. Talks need `event`.
pub fn run(
    root: &Path,
    kind: Kind,
    slug_name: &str,
    event: Option<&str>,
) -> Result<PathBuf, Diagnostic> {
    slug::check(slug_name).map_err(|why| {
        Diagnostic::new(format!("`{slug_name}` is not a valid slug: {why}")).help(slug::HELP)
    })?;
    let dir = match kind {
        Kind::Talk => {
            let event = event.ok_or_else(|| {
                Diagnostic::new("a talk belongs to an event").help("pass --event <event-slug>")
            })?;
            slug::check(event).map_err(|why| {
                Diagnostic::new(format!("`{event}` is not a valid event slug: {why}"))
                    .help(slug::HELP)
            })?;
            Path::new(CONTENT_DIR).join("talks").join(event)
        }
        other => Path::new(CONTENT_DIR).join(other.dir()),
    };
    let rel = dir.join(format!("{slug_name}.md"));
    let full = root.join(&rel);
    if full.exists() {
        return Err(Diagnostic::in_file(&rel, "the file already exists")
            .help("choose another slug, or edit the file"));
    }
    std::fs::create_dir_all(root.join(&dir))
        .map_err(|e| Diagnostic::in_file(&dir, format!("cannot create the folder: {e}")))?;
    std::fs::write(&full, skeleton(kind))
        .map_err(|e| Diagnostic::in_file(&rel, format!("cannot write: {e}")))?;
    Ok(rel)
}

/// A file that loads as it is; every optional key is present, commented out.
pub fn skeleton(kind: Kind) -> &'static str {
    match kind {
        Kind::Event => "+++\nname = \"活动名称\"\n# short_name = \"WAIC 2024\"\nkind = \"forum\"  # conference, forum, broadcast, report or article\n# parent = \"waic-2024\"\ndate = 2024-07-06\n# end_date = 2024-07-06\n# place = \"上海\"\norganisers = []\ntopics = []\n# [source]\n# title = \"\"\n# url = \"https://…\"\n+++\n活动简介。\n",
        Kind::Talk => "+++\ntitle = \"演讲标题\"\nkind = \"keynote\"  # keynote, panel, roundtable, interview, dialogue, remarks, release, article, chapter, preface, quote, performance, other\norder = 1\nspeakers = []\nmoderators = []\norgs = []\ntrends = []\ntopics = []\nsummary = \"一句话概括。\"\n# [source]\n# url = \"https://…\"\n+++\n正文或转写稿。\n",
        Kind::Speaker => "+++\nname = \"姓名\"\n# name_en = \"\"\naliases = []\n# org = \"org-slug\"\n# role = \"\"\n# confidence = \"low\"\n# note = \"为何不确定\"\n+++\n简介。\n",
        Kind::Org => "+++\nname = \"机构名称\"\n# name_en = \"\"\naliases = []\nkind = \"company\"  # company, startup, investor, university, research, government, association, media, other\n# website = \"https://…\"\n+++\n简介。\n",
        Kind::Trend => "+++\nnumber = 1\nname = \"趋势名称\"\ntitle = \"趋势的论断\"\nkeywords = []\nauthors = []\n+++\n趋势说明。\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::model::{EventMeta, OrgMeta, SpeakerMeta, TalkMeta, TrendMeta};
    use crate::load::parse_doc;

    #[test]
    fn every_skeleton_parses() {
        let p = Path::new("x.md");
        parse_doc::<EventMeta>(p, "x".into(), skeleton(Kind::Event)).unwrap();
        parse_doc::<TalkMeta>(p, "x".into(), skeleton(Kind::Talk)).unwrap();
        parse_doc::<SpeakerMeta>(p, "x".into(), skeleton(Kind::Speaker)).unwrap();
        parse_doc::<OrgMeta>(p, "x".into(), skeleton(Kind::Org)).unwrap();
        parse_doc::<TrendMeta>(p, "x".into(), skeleton(Kind::Trend)).unwrap();
    }
}
