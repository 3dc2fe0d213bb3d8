//! Who shared a stage with whom: the people a speaker appeared with in the same talk, as speaker
//! or moderator, most shared talks first.

use crate::graph::Archive;
use std::collections::BTreeMap;

/// For each speaker: `(other speaker, talks together)`, most first, then by archive order.
pub fn co_speakers(archive: &Archive) -> Vec<Vec<(usize, usize)>> {
    let l = &archive.links;
    (0..archive.speakers.len())
        .map(|s| {
            let mut together: BTreeMap<usize, usize> = BTreeMap::new();
            for &t in &l.speaker_talks[s] {
                let mut on_stage: Vec<usize> = l.talk_speakers[t]
                    .iter()
                    .chain(&l.talk_moderators[t])
                    .copied()
                    .filter(|&o| o != s)
                    .collect();
                on_stage.sort_unstable();
                on_stage.dedup();
                for o in on_stage {
                    *together.entry(o).or_default() += 1;
                }
            }
            let mut list: Vec<(usize, usize)> = together.into_iter().collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            list
        })
        .collect()
}
