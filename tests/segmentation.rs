//! jieba gets only the words of its dictionary that can occur in the archive (see
//! `connect::words`). That must change nothing: on the shipped archive, every text the build
//! segments is segmented exactly as with jieba's whole dictionary.

use std::path::Path;
use talkarchive::connect::read_texts;
use talkarchive::connect::words::{archive_terms, Dictionary, Segmenter};

#[test]
fn the_trimmed_dictionary_segments_the_shipped_archive_like_the_whole_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let archive = talkarchive::site::load_archive(root, None).expect("the shipped archive loads");
    let dictionary = Dictionary::load();
    let (talk_blocks, pairs) = read_texts(&archive);
    let trimmed = Segmenter::new(&dictionary, &archive, pairs);
    let whole = Segmenter::whole(&dictionary, archive_terms(&archive));

    let mut texts = 0;
    for block in talk_blocks.iter().flatten() {
        let text = block.text.as_str();
        assert_eq!(trimmed.cut(text), whole.cut(text), "{}", block.anchor);
        // Name checks segment windows of a block: every window is a substring too.
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(5).collect();
        for &from in &starts {
            let to = text[from..]
                .char_indices()
                .nth(12)
                .map_or(text.len(), |(i, _)| from + i);
            assert_eq!(trimmed.cut(&text[from..to]), whole.cut(&text[from..to]));
        }
        texts += 1;
    }
    for term in archive_terms(&archive) {
        assert_eq!(trimmed.cut(term), whole.cut(term), "{term}");
    }
    assert!(texts > 3_000, "only {texts} blocks read");
}
