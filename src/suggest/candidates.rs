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

/// The keys by each folded syllable they hold, and the orgs by each character of their names.
pub struct Finder<'k> {
    keys: &'k [Key],
    by_sound: HashMap<u64, Vec<(u32, u8)>>,
    abbreviated: HashMap<char, Vec<u32>>,
    org_names: Vec<Vec<char>>,
}

/// Abbreviations are at least this many characters: two of a long name match far too much.
const MIN_ABBREVIATION: usize = 3;

impl<'k> Finder<'k> {
    pub fn new(keys: &'k [Key], targets: &[Target]) -> Finder<'k> {
        let mut by_sound: HashMap<u64, Vec<(u32, u8)>> = HashMap::new();
        for (k, key) in keys.iter().enumerate() {
            for (p, s) in key.syllables.iter().enumerate() {
                if let Some(f) = s.folded.first() {
                    by_sound.entry(*f).or_default().push((k as u32, p as u8));
                }
            }
        }
        let mut abbreviated: HashMap<char, Vec<u32>> = HashMap::new();
        let mut org_names = Vec::with_capacity(targets.len());
        for (t, target) in targets.iter().enumerate() {
            let chars: Vec<char> = target.sound_name.chars().collect();
            if target.is_org() && chars.len() > MIN_ABBREVIATION {
                for &c in &chars {
                    let list = abbreviated.entry(c).or_default();
                    if list.last() != Some(&(t as u32)) {
                        list.push(t as u32);
                    }
                }
            }
            org_names.push(chars);
        }
        Finder {
            keys,
            by_sound,
            abbreviated,
            org_names,
        }
    }

    /// Every candidate in `line`, in no particular order.
    pub fn find(&self, line: &str, readings: &mut Readings) -> Vec<Candidate> {
        let mut out = Vec::new();
        for run in han_runs(line, readings) {
            self.by_sound(&run, readings, &mut out);
            self.abbreviations(&run, &mut out);
        }
        out
    }

    fn by_sound(
        &self,
        run: &[(usize, usize, u32, char)],
        readings: &Readings,
        out: &mut Vec<Candidate>,
    ) {
        for (i, &(_, _, s, _)) in run.iter().enumerate() {
            let syllable = &readings.syllables[s as usize];
            // The text's character by its usual reading only (see `Syllable::against`).
            if let Some(f) = syllable.folded.first() {
                let Some(hits) = self.by_sound.get(f) else {
                    continue;
                };
                for &(k, p) in hits {
                    let key = &self.keys[k as usize];
                    let (p, len) = (p as usize, key.syllables.len());
                    if p > i || i - p + len > run.len() {
                        continue;
                    }
                    let start = i - p;
                    // Found once: from the first syllable that sounds alike.
                    let mut closeness: Vec<Closeness> = Vec::with_capacity(len);
                    let mut wrong = 0;
                    let allowed = usize::from(key.allows_one_wrong());
                    for j in 0..len {
                        let c = if j == p {
                            readings.syllables[s as usize].against(&key.syllables[j])
                        } else {
                            readings.syllables[run[start + j].2 as usize].against(&key.syllables[j])
                        };
                        if c == Closeness::Other {
                            wrong += 1;
                        } else if j < p {
                            break;
                        }
                        if wrong > allowed {
                            break;
                        }
                        closeness.push(c);
                    }
                    if closeness.len() < len {
                        continue;
                    }
                    // In a name of three, a syllable heard wrong beside the other two written
                    // exactly is those two and a neighbour (那建宇 is 建宇 after 那), not the name.
                    // (A name of two may only have its given name wrong: 陈现 for 陈茜.)
                    if wrong > 0 && len == 2 && closeness[0] != Closeness::Same {
                        continue;
                    }
                    if wrong > 0
                        && len == 3
                        && closeness
                            .iter()
                            .all(|c| matches!(c, Closeness::Same | Closeness::Other))
                    {
                        continue;
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
            }
        }
    }

    /// Spans whose characters are an org name's own, in its order, with some of it left out.
    fn abbreviations(&self, run: &[(usize, usize, u32, char)], out: &mut Vec<Candidate>) {
        for i in 0..run.len() {
            let Some(orgs) = self.abbreviated.get(&run[i].3) else {
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
            .find(line, &mut readings)
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
