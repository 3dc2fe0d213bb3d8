//! How much evidence a span is a form of a name: how close it sounds, which part of the name it
//! is, whether the person or org belongs to the talk or its event, whether the span is an
//! ordinary word (进入 is not 金融), and how often it occurs.

use super::candidates::Candidate;
use super::sound::Closeness;

/// What is known around one occurrence of a candidate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence {
    /// The person speaks or moderates in the talk, or the org is one of the talk's.
    pub in_talk: bool,
    /// …or in another talk of the same event (or organises it).
    pub in_event: bool,
    /// jieba's dictionary has the span as a word, with this frequency.
    pub word_frequency: Option<usize>,
    /// Most of the span (two thirds or more) is one everyday word that is not the name's own
    /// characters: 因为它 is 因为 and 它, not 英伟达.
    pub mostly_a_word: bool,
    /// A character of the span that is not the name's own is a function word (是, 的, 和).
    pub function_word: bool,
    /// The span starts or ends inside a word of its sentence (jieba's cut).
    pub cuts_a_word: bool,
}

/// A word jieba counts this often is an everyday word, not a misheard name.
pub const EVERYDAY: usize = 200;

/// The score of one occurrence, between 0 and 1.
pub fn occurrence(c: &Candidate, name_len: usize, e: Evidence) -> f64 {
    let n = c.closeness.len();
    let sound = c.closeness.iter().map(|x| x.weight()).sum::<f64>() / n as f64;
    // A syllable heard wrong is weak evidence however right the rest.
    let wrong = if c.closeness.contains(&Closeness::Other) {
        0.7
    } else {
        1.0
    };
    // A part of the name counts by how much of the name it is; an abbreviation less.
    let part = if c.abbreviation {
        0.45
    } else {
        c.kind.weight() * (0.7 + 0.3 * n as f64 / name_len.max(n) as f64)
    };
    // Two syllables sound like a great many things.
    let short = match n {
        0..=2 if c.closeness.contains(&Closeness::Confusable) => 0.6,
        0..=2 => 0.75,
        _ => 1.0,
    };
    let mut score = sound * wrong * part * short;
    match e.word_frequency {
        Some(f) if f >= EVERYDAY => score *= 0.2,
        Some(_) => score *= 0.5,
        None if e.mostly_a_word => score *= 0.4,
        None => {}
    }
    if e.function_word {
        score *= 0.3;
    }
    if e.cuts_a_word {
        score *= 0.6;
    }
    score *= if e.in_talk {
        1.3
    } else if e.in_event {
        1.1
    } else {
        0.85
    };
    score.clamp(0.0, 1.0)
}

/// A suggestion's score: its occurrences' mean (not the best: 人工智 is once 人工智 and 800
/// times the start of 人工智能), and a little more for each further occurrence.
pub fn suggestion(mean: f64, count: usize) -> f64 {
    let more = (0.04 * (count as f64).ln()).min(0.1);
    let score = (mean + more).clamp(0.0, 1.0);
    // Two decimals: what is printed is what is compared.
    (score * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::super::keys::KeyKind;
    use super::*;
    use Closeness::*;

    fn cand(kind: KeyKind, closeness: Vec<Closeness>) -> Candidate {
        Candidate {
            target: 0,
            kind,
            start: 0,
            end: 0,
            closeness,
            abbreviation: false,
        }
    }

    #[test]
    fn closer_sounds_and_whole_names_score_higher() {
        let none = Evidence::default();
        let homophone = occurrence(
            &cand(KeyKind::Full, vec![Homophone, Homophone, Same, Same]),
            4,
            none,
        );
        let confused = occurrence(
            &cand(KeyKind::Full, vec![Confusable, Confusable, Same, Same]),
            4,
            none,
        );
        let part = occurrence(&cand(KeyKind::Part, vec![Homophone, Homophone]), 4, none);
        assert!(
            homophone > confused && confused > part,
            "{homophone} {confused} {part}"
        );
    }

    #[test]
    fn everyday_words_lose_and_the_talks_own_people_gain() {
        let c = cand(KeyKind::Full, vec![Homophone, Confusable]);
        let plain = occurrence(&c, 2, Evidence::default());
        let word = occurrence(
            &c,
            2,
            Evidence {
                word_frequency: Some(5000),
                ..Default::default()
            },
        );
        let own = occurrence(
            &c,
            2,
            Evidence {
                in_talk: true,
                ..Default::default()
            },
        );
        assert!(word < plain / 2.0 && own > plain, "{word} {plain} {own}");
    }

    #[test]
    fn more_occurrences_add_a_little() {
        assert_eq!(suggestion(0.5, 1), 0.5);
        assert!(suggestion(0.5, 10) > suggestion(0.5, 2));
        assert_eq!(suggestion(0.95, 100), 1.0);
    }
}
