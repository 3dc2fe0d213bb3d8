//! How close two Chinese characters sound, as a Mandarin speech recogniser confuses them: the
//! same toneless pinyin (any reading of either character), or a confusion it is known to make:
//! n/l, zh/z, ch/c, sh/s and f/h at the start of a syllable, an/ang, en/eng and in/ing at its end.

use pinyin::ToPinyinMulti;

/// How a character of the text stands to the character of a name at the same place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Closeness {
    /// A different syllable.
    Other,
    /// One of the recogniser's confusions (n/l, zh/z, an/ang…).
    Confusable,
    /// The same syllable, tones aside.
    Homophone,
    /// The very character.
    Same,
}

impl Closeness {
    /// How much a syllable of this closeness counts as evidence that the span is the name.
    pub fn weight(self) -> f64 {
        match self {
            Closeness::Same => 1.0,
            Closeness::Homophone => 0.9,
            Closeness::Confusable => 0.7,
            Closeness::Other => 0.0,
        }
    }
}

/// A character with its toneless readings (several for a heteronym such as 曾) and their folded
/// forms (`fold`), each packed into a number (`pack`) so that comparing them is cheap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    pub ch: char,
    /// Every reading; the first is the usual one.
    pub plain: Vec<u64>,
    /// The folded readings, the usual one's first.
    pub folded: Vec<u64>,
}

impl Syllable {
    /// `None` for a character that has no pinyin.
    pub fn of(ch: char) -> Option<Syllable> {
        let multi = ch.to_pinyin_multi()?;
        let mut plain: Vec<u64> = Vec::new();
        let mut folded: Vec<u64> = Vec::new();
        for p in multi.into_iter().map(|p| p.plain()) {
            let packed = pack(p);
            if !plain.contains(&packed) {
                plain.push(packed);
                let f = pack(&fold(p));
                if !folded.contains(&f) {
                    folded.push(f);
                }
            }
        }
        Some(Syllable { ch, plain, folded })
    }

    /// How this character (of the text) sounds against `name`'s character, each by its usual
    /// reading: a recogniser writes 和 for he, never for its rare hu, and 百 of 百视通 is bai,
    /// not bo.
    pub fn against(&self, name: &Syllable) -> Closeness {
        if self.ch == name.ch {
            Closeness::Same
        } else if self.plain.first() == name.plain.first() {
            Closeness::Homophone
        } else if self.folded.first() == name.folded.first() {
            Closeness::Confusable
        } else {
            Closeness::Other
        }
    }
}

/// A reading as a number: its bytes (a toneless syllable has at most 7), distinct for distinct
/// readings.
pub fn pack(reading: &str) -> u64 {
    reading
        .bytes()
        .take(8)
        .fold(0u64, |n, b| (n << 8) | u64::from(b))
}

/// A syllable with the recogniser's confusions merged: `zhang` → `zan`, `ning` → `lin`,
/// `feng` → `hen`. Two syllables the recogniser confuses fold to the same text.
pub fn fold(plain: &str) -> String {
    let (initial, rest) = if let Some(r) = plain.strip_prefix("zh") {
        ("z", r)
    } else if let Some(r) = plain.strip_prefix("ch") {
        ("c", r)
    } else if let Some(r) = plain.strip_prefix("sh") {
        ("s", r)
    } else if let Some(r) = plain.strip_prefix('n') {
        ("l", r)
    } else if let Some(r) = plain.strip_prefix('f') {
        ("h", r)
    } else {
        ("", plain)
    };
    // an/ang, en/eng, in/ing (and ian/iang, uan/uang); -ong has no -on to be confused with.
    let rest = match rest.strip_suffix('g') {
        Some(stem) if stem.ends_with('n') && !stem.ends_with("on") => stem,
        _ => rest,
    };
    format!("{initial}{rest}")
}

/// Whether `c` is a Chinese character (one with pinyin).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(text: char, name: char) -> Closeness {
        let (Some(t), Some(n)) = (Syllable::of(text), Syllable::of(name)) else {
            panic!("no pinyin for {text} or {name}");
        };
        t.against(&n)
    }

    #[test]
    fn the_recognisers_confusions_fold_together() {
        assert_eq!(fold("zhang"), fold("zan"));
        assert_eq!(fold("ning"), fold("lin"));
        assert_eq!(fold("shen"), fold("seng"));
        assert_eq!(fold("fu"), fold("hu"));
        assert_eq!(fold("chuang"), fold("cuan"));
        assert_eq!(fold("tang"), "tan");
        assert_ne!(fold("dong"), fold("don"));
        assert_ne!(fold("li"), fold("ji"));
    }

    #[test]
    fn characters_are_compared_by_sound() {
        assert_eq!(close('昕', '昕'), Closeness::Same);
        assert_eq!(close('新', '昕'), Closeness::Homophone);
        assert_eq!(close('接', '阶'), Closeness::Homophone);
        assert_eq!(close('今', '金'), Closeness::Homophone);
        assert_eq!(close('静', '进'), Closeness::Confusable);
        assert_eq!(close('男', '兰'), Closeness::Confusable);
        assert_eq!(close('入', '融'), Closeness::Other);
        // Characters are compared by their usual readings only (和 is he, not hu; 百 bai, not bo).
        assert_eq!(close('和', '胡'), Closeness::Other);
        assert_eq!(close('播', '百'), Closeness::Other);
    }
}
