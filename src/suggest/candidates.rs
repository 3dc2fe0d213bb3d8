//! Finds the spans of a text that sound like a key (`keys`), or that abbreviate an org's name
//! with its own characters (信通院 of 中国信息通信研究院), one line at a time.

use super::keys::{Key, KeyKind, Target};
use super::sound::{is_han, Closeness, Syllable};
use std::collections::HashMap;

/// A span of a line that may be a form of a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub target: usize,
    pub kind: KeyKind,
    /// Byte range in the line.
    pub start: usize,
    pub end: usize,
    /// How each syllable of the span sounds against the name's.
    pub closeness: Vec<Closeness>,
    /// An abbreviation of the name by its own characters rather than a run of it.
    pub abbreviation: bool,
}

/// The characters of the text, each read once: the syllables of the distinct characters.
#[derive(Default)]
pub struct Readings {
    by_char: HashMap<char, Option<u32>>,
    syllables: Vec<Syllable>,
}

impl Readings {
    fn of(&mut self, c: char) -> Option<u32> {
        if let Some(&known) = self.by_char.get(&c) {
            return known;
        }
        let found = Syllable::of(c).map(|s| {
            self.syllables.push(s);
            (self.syllables.len() - 1) as u32
        });
        self.by_char.insert(c, found);
        found
    }
}

/// The keys by the sounds of two of their syllables, and the orgs by two characters of their
/// names in order: a place of the text is compared only with the keys and names whose pair it
/// starts, so the work per character stays the same however many names the archive has.
pub struct Finder<'k> {
    keys: &'k [Key],
    /// Folded sounds of syllables `at` and `at + 1` of a key → (key, at).
    adjacent: HashMap<(u64, u64), Vec<(u32, u8)>>,
    /// Folded sounds of syllables 0 and 2 of a key that may have one syllable wrong → key.
    skipping: HashMap<(u64, u64), Vec<u32>>,
    /// A person's name of two characters → its key, for its given name heard wrong (`find`).
    two_character: HashMap<usize, u32>,
    /// Two characters of an org's name, the second after the first's first place → the orgs.
    abbreviated: HashMap<(char, char), Vec<u32>>,
    org_names: Vec<Vec<char>>,
}

/// Abbreviations are at least this many characters: two of a long name match far too much.
const MIN_ABBREVIATION: usize = 3;

impl<'k> Finder<'k> {
    pub fn new(keys: &'k [Key], targets: &[Target]) -> Finder<'k> {
        let mut adjacent: HashMap<(u64, u64), Vec<(u32, u8)>> = HashMap::new();
        let mut skipping: HashMap<(u64, u64), Vec<u32>> = HashMap::new();
        let mut two_character = HashMap::new();
        for (k, key) in keys.iter().enumerate() {
            let folded: Option<Vec<u64>> = key
                .syllables
                .iter()
                .map(|s| s.folded.first().copied())
                .collect();
            let Some(f) = folded.filter(|f| f.len() >= 2) else {
                continue;
            };
            let k = k as u32;
            adjacent.entry((f[0], f[1])).or_default().push((k, 0));
            if key.allows_one_wrong() {
                if f.len() >= 3 {
                    // One syllable wrong among three or more leaves syllables 0 and 1, 0 and 2
                    // or 1 and 2 right.
                    adjacent.entry((f[1], f[2])).or_default().push((k, 1));
                    skipping.entry((f[0], f[2])).or_default().push(k);
                } else {
                    two_character.insert(key.target, k);
                }
            }
        }
        let mut abbreviated: HashMap<(char, char), Vec<u32>> = HashMap::new();
        let mut org_names = Vec::with_capacity(targets.len());
        for (t, target) in targets.iter().enumerate() {
            let chars: Vec<char> = target.sound_name.chars().collect();
            if target.is_org() && chars.len() > MIN_ABBREVIATION {
                let mut pairs: Vec<(char, char)> = Vec::new();
                for (a, &first) in chars.iter().enumerate() {
                    // From a character's first place only, as `abbreviations` reads the name.
                    if chars[..a].contains(&first) {
                        continue;
                    }
                    pairs.extend(chars[a + 1..].iter().map(|&second| (first, second)));
                }
                pairs.sort_unstable();
                pairs.dedup();
                for pair in pairs {
                    abbreviated.entry(pair).or_default().push(t as u32);
                }
            }
            org_names.push(chars);
        }
        Finder {
            keys,
            adjacent,
            skipping,
            two_character,
            abbreviated,
            org_names,
        }
    }

    /// The keys of the people of `targets` (by number) whose names have two characters: only in
    /// their own talks is such a name looked for with its given name heard wrong (陈现 for 陈茜),
    /// elsewhere it would match far too much.
    pub fn local_keys(&self, targets: impl Iterator<Item = usize>) -> Vec<u32> {
        let mut out: Vec<u32> = targets
            .filter_map(|t| self.two_character.get(&t).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every candidate in `line`, in no particular order; `local` from `local_keys`.
    pub fn find(&self, line: &str, readings: &mut Readings, local: &[u32]) -> Vec<Candidate> {
        let mut out = Vec::new();
        for run in han_runs(line, readings) {
            self.by_sound(&run, readings, &mut out);
            self.given_name_wrong(&run, readings, local, &mut out);
            self.abbreviations(&run, &mut out);
        }
        out
    }

    /// The spans that sound like a key, each found once: by the first pair of its syllables
    /// that sound right (0 and 1, else 0 and 2, else 1 and 2).
    fn by_sound(
        &self,
        run: &[(usize, usize, u32, char)],
        readings: &Readings,
        out: &mut Vec<Candidate>,
    ) {
        let folded = |i: usize| {
            readings.syllables[run[i].2 as usize]
                .folded
                .first()
                .copied()
        };
        for i in 0..run.len().saturating_sub(1) {
            let Some(here) = folded(i) else {
                continue;
            };
            if let Some(next) = folded(i + 1) {
                for &(k, at) in self.adjacent.get(&(here, next)).into_iter().flatten() {
                    let at = usize::from(at);
                    if at <= i {
                        self.try_key(run, readings, k, i - at, (at, at + 1), out);
                    }
                }
            }
            if let Some(after) = (i + 2 < run.len()).then(|| folded(i + 2)).flatten() {
                for &k in self.skipping.get(&(here, after)).into_iter().flatten() {
                    self.try_key(run, readings, k, i, (0, 2), out);
                }
            }
        }
    }

    /// Key `k` against the run from `start`, found by its syllables `by`: a candidate if it
    /// sounds like the key (with one syllable wrong where the key allows it) and `by` is the
    /// first pair that sounds right.
    fn try_key(
        &self,
        run: &[(usize, usize, u32, char)],
        readings: &Readings,
        k: u32,
        start: usize,
        by: (usize, usize),
        out: &mut Vec<Candidate>,
    ) {
        let key = &self.keys[k as usize];
        let len = key.syllables.len();
        if start + len > run.len() {
            return;
        }
        let allowed = usize::from(key.allows_one_wrong());
        let mut closeness: Vec<Closeness> = Vec::with_capacity(len);
        let mut wrong = 0;
        for (j, name) in key.syllables.iter().enumerate() {
            let c = readings.syllables[run[start + j].2 as usize].against(name);
            if c == Closeness::Other {
                wrong += 1;
                if wrong > allowed {
                    return;
                }
            }
            closeness.push(c);
        }
        if len < 3 {
            // A name of two with a syllable wrong is `given_name_wrong`'s.
            if wrong > 0 {
                return;
            }
        } else {
            let right = |j: usize| closeness[j] != Closeness::Other;
            let first_pair = if right(0) && right(1) {
                (0, 1)
            } else if right(0) && right(2) {
                (0, 2)
            } else {
                (1, 2)
            };
            if by != first_pair {
                return;
            }
            // In a name of three, a syllable heard wrong beside the other two written exactly
            // is those two and a neighbour (那建宇 is 建宇 after 那), not the name.
            if wrong > 0
                && len == 3
                && closeness
                    .iter()
                    .all(|c| matches!(c, Closeness::Same | Closeness::Other))
            {
                return;
            }
        }
        out.push(Candidate {
            target: key.target,
            kind: key.kind,
            start: run[start].0,
            end: run[start + len - 1].1,
            closeness,
            abbreviation: false,
        });
    }

    /// A person's name of two characters with the surname written right and the given name
    /// heard wrong (陈现 for 陈茜), for the keys in `local` only.
    fn given_name_wrong(
        &self,
        run: &[(usize, usize, u32, char)],
        readings: &Readings,
        local: &[u32],
        out: &mut Vec<Candidate>,
    ) {
        for &k in local {
            let key = &self.keys[k as usize];
            for i in 0..run.len().saturating_sub(1) {
                if run[i].3 != key.syllables[0].ch {
                    continue;
                }
                let given = readings.syllables[run[i + 1].2 as usize].against(&key.syllables[1]);
                if given == Closeness::Other {
                    out.push(Candidate {
                        target: key.target,
                        kind: key.kind,
                        start: run[i].0,
                        end: run[i + 1].1,
                        closeness: vec![Closeness::Same, Closeness::Other],
                        abbreviation: false,
                    });
                }
            }
        }
    }

    /// Spans whose characters are an org name's own, in its order, with some of it left out.
    fn abbreviations(&self, run: &[(usize, usize, u32, char)], out: &mut Vec<Candidate>) {
        for i in 0..run.len().saturating_sub(1) {
            let Some(orgs) = self.abbreviated.get(&(run[i].3, run[i + 1].3)) else {
                continue;
            };
            for &t in orgs {
                let name = &self.org_names[t as usize];
                let Some(mut at) = name.iter().position(|&c| c == run[i].3) else {
                    continue;
                };
                let mut skipped = false;
                let mut j = i + 1;
                while j < run.len() {
                    match name[at + 1..].iter().position(|&c| c == run[j].3) {
                        Some(step) => {
                            skipped |= step > 0;
                            at += step + 1;
                            j += 1;
                        }
                        None => break,
                    }
                }
                if skipped && j - i >= MIN_ABBREVIATION {
                    out.push(Candidate {
                        target: t as usize,
                        kind: KeyKind::Part,
                        start: run[i].0,
                        end: run[j - 1].1,
                        closeness: vec![Closeness::Same; j - i],
                        abbreviation: true,
                    });
                }
            }
        }
    }
}

/// The runs of Chinese characters of a line (a single space inside a run is kept in it: the
/// recogniser writes 李 侃 for 李侃): per character its byte range and syllable.
fn han_runs(line: &str, readings: &mut Readings) -> Vec<Vec<(usize, usize, u32, char)>> {
    let mut runs = Vec::new();
    let mut run: Vec<(usize, usize, u32, char)> = Vec::new();
    let mut spaces = 0;
    for (at, c) in line.char_indices() {
        let syllable = if is_han(c) { readings.of(c) } else { None };
        match syllable {
            Some(s) => {
                run.push((at, at + c.len_utf8(), s, c));
                spaces = 0;
            }
            None if c == ' ' && spaces == 0 && !run.is_empty() => spaces = 1,
            None => {
                if run.len() >= 2 {
                    runs.push(std::mem::take(&mut run));
                }
                run.clear();
                spaces = 0;
            }
        }
    }
    if run.len() >= 2 {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::super::keys::{keys, targets_for_test};
    use super::*;

    fn found(names: &[(&'static str, &str)], line: &str) -> Vec<(String, KeyKind, bool)> {
        let targets = targets_for_test(names);
        let keys = keys(&targets);
        let finder = Finder::new(&keys, &targets);
        let mut readings = Readings::default();
        let mut out: Vec<(String, KeyKind, bool)> = finder
            .find(line, &mut readings, &finder.local_keys(0..targets.len()))
            .into_iter()
            .map(|c| (line[c.start..c.end].to_string(), c.kind, c.abbreviation))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn homophones_and_confusions_are_found() {
        let got = found(&[("orgs", "阶跃星辰")], "我们接月新城的模型");
        assert!(
            got.contains(&("接月新城".into(), KeyKind::Full, false)),
            "{got:?}"
        );
        let got = found(&[("orgs", "东浩兰生会展集团")], "感谢东浩男声的支持");
        assert!(
            got.contains(&("东浩男声".into(), KeyKind::Short, false)),
            "{got:?}"
        );
    }

    #[test]
    fn one_wrong_syllable_in_a_long_name_only() {
        let got = found(&[("speakers", "张宇菲")], "姜宇飞老师");
        assert!(got.iter().any(|g| g.0 == "姜宇飞"), "{got:?}");
        // A name of two: the given name may be wrong (kept only where the person speaks, see
        // `suggest_aliases`), the surname may not.
        let got = found(&[("speakers", "王鹤")], "王克老师");
        assert!(got.iter().any(|g| g.0 == "王克"), "{got:?}");
        let got = found(&[("speakers", "王鹤")], "张鹤老师");
        assert!(!got.iter().any(|g| g.0 == "张鹤"), "{got:?}");
        // A part of a name may not have a syllable wrong.
        let got = found(&[("orgs", "阶跃星辰")], "接力");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn abbreviations_by_the_names_own_characters() {
        let got = found(&[("orgs", "中国信息通信研究院")], "信通院的报告");
        assert!(
            got.contains(&("信通院".into(), KeyKind::Part, true)),
            "{got:?}"
        );
    }

    #[test]
    fn a_space_inside_a_name_is_kept() {
        let got = found(&[("speakers", "李侃")], "有请李 侃上台");
        assert!(got.iter().any(|g| g.0 == "李 侃"), "{got:?}");
    }
}
