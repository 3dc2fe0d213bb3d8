//! What is looked for in the text, per speaker and org: the sounds of its name and of the parts
//! of it a speaker says or a recogniser keeps (an org's usual short name, a person's given name,
//! the name with one syllable dropped). Each is a `Key`.

use super::sound::{is_han, Syllable};
use crate::graph::Archive;

/// A speaker or org that has a Chinese name.
#[derive(Debug, Clone)]
pub struct Target {
    /// `speakers` or `orgs`: the content folder, so that `kind/slug` names its file.
    pub kind: &'static str,
    /// Position in `archive.speakers` or `archive.orgs`.
    pub index: usize,
    pub slug: String,
    pub name: String,
    /// The name's Chinese characters (a name such as 好好（姓名待考） sounds as 好好).
    pub sound_name: String,
    pub aliases: Vec<String>,
    pub not_aliases: Vec<String>,
}

impl Target {
    pub fn is_org(&self) -> bool {
        self.kind == "orgs"
    }

    /// `speakers/slug`, the suggestion's target as `--json` prints it.
    pub fn id(&self) -> String {
        format!("{}/{}", self.kind, self.slug)
    }
}

/// Which part of a name a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyKind {
    /// The whole name.
    Full,
    /// An org's usual short name: the name without a place before it and a generic word after
    /// it (商汤 of 商汤科技, 智源 of 北京智源人工智能研究院).
    Short,
    /// The name with one syllable dropped (第财经 of 第一财经).
    Dropped,
    /// Another part of the name: a person's given name, a run of an org's name.
    Part,
}

impl KeyKind {
    /// How strongly a span that sounds like this key points at the name itself.
    pub fn weight(self) -> f64 {
        match self {
            KeyKind::Full => 1.0,
            KeyKind::Short => 0.9,
            KeyKind::Dropped => 0.6,
            KeyKind::Part => 0.7,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Key {
    pub target: usize,
    pub kind: KeyKind,
    /// The key's characters, as the name writes them.
    pub text: String,
    /// Where the key starts in the name, in characters (for a run of it).
    pub from: usize,
    /// The key is a person's whole name.
    pub person: bool,
    pub syllables: Vec<Syllable>,
}

impl Key {
    /// A key of three syllables or more matches with one syllable heard wrong (姜宇飞 for
    /// 张宇菲); so does a person's name of two, if the surname is written right and the person
    /// speaks in the talk (陈现 for 陈茜: see `suggest_aliases`). Other short keys and mere parts
    /// of a name would then match too much.
    pub fn allows_one_wrong(&self) -> bool {
        let n = self.syllables.len();
        (n >= 3 && matches!(self.kind, KeyKind::Full | KeyKind::Short))
            || (n == 2 && self.person && self.kind == KeyKind::Full)
    }
}

/// Places that open org names and are not what people call the org by.
const PLACES: &[&str] = &[
    "上海市",
    "北京市",
    "上海",
    "北京",
    "中国",
    "深圳",
    "杭州",
    "广州",
    "南京",
    "苏州",
    "香港",
];

/// Words that close org names and are left out when people name the org, longest first.
const GENERIC_ENDINGS: &[&str] = &[
    "人工智能研究院",
    "会展集团",
    "有限公司",
    "研究院",
    "研究所",
    "实验室",
    "委员会",
    "联合会",
    "机器人",
    "人民政府",
    "公司",
    "集团",
    "科技",
    "智能",
    "大学",
    "学院",
    "医院",
    "动力",
    "资本",
    "创投",
    "数字",
    "引擎",
];

/// Every speaker and org with a Chinese name of two characters or more.
pub fn targets(archive: &Archive) -> Vec<Target> {
    let speakers = archive.speakers.iter().enumerate().map(|(i, s)| {
        (
            "speakers",
            i,
            &s.slug,
            &s.meta.name,
            &s.meta.aliases,
            &s.meta.not_aliases,
        )
    });
    let orgs = archive.orgs.iter().enumerate().map(|(i, o)| {
        (
            "orgs",
            i,
            &o.slug,
            &o.meta.name,
            &o.meta.aliases,
            &o.meta.not_aliases,
        )
    });
    speakers
        .chain(orgs)
        .filter_map(|(kind, index, slug, name, aliases, not_aliases)| {
            let sound_name: String = name.trim().chars().take_while(|&c| is_han(c)).collect();
            (sound_name.chars().count() >= 2).then(|| Target {
                kind,
                index,
                slug: slug.clone(),
                name: name.clone(),
                sound_name,
                aliases: aliases.clone(),
                not_aliases: not_aliases.clone(),
            })
        })
        .collect()
}

/// The keys of every target, numbered by their place in `targets`.
pub fn keys(targets: &[Target]) -> Vec<Key> {
    let mut out = Vec::new();
    for (t, target) in targets.iter().enumerate() {
        let chars: Vec<char> = target.sound_name.chars().collect();
        let mut mine: Vec<(KeyKind, String, usize)> = Vec::new();
        mine.push((KeyKind::Full, target.sound_name.clone(), 0));
        let n = chars.len();
        if target.is_org() {
            let (from, to) = core(&chars);
            if (from, to) != (0, n) && to - from >= 2 {
                mine.push((KeyKind::Short, chars[from..to].iter().collect(), from));
            }
            if n >= 4 {
                for drop in 1..n - 1 {
                    let text: String = (chars[..drop].iter().chain(&chars[drop + 1..])).collect();
                    mine.push((KeyKind::Dropped, text, 0));
                }
            }
            // Runs of the name that hold part of its core: 接月 of 阶跃星辰, not 大学 of 同济大学.
            for a in 0..n {
                for b in a + 2..=n {
                    if (a, b) != (0, n) && a < to && b > from {
                        mine.push((KeyKind::Part, chars[a..b].iter().collect(), a));
                    }
                }
            }
        } else if n >= 3 {
            // The given name: after a surname of one character, or of two in a name of four.
            mine.push((KeyKind::Part, chars[1..].iter().collect(), 1));
            if n == 4 {
                mine.push((KeyKind::Part, chars[2..].iter().collect(), 2));
            }
        }
        // One key per text, the strongest kind.
        mine.sort();
        let mut seen: Vec<&str> = Vec::new();
        for (kind, text, from) in &mine {
            if seen.contains(&text.as_str()) {
                continue;
            }
            seen.push(text);
            let syllables: Option<Vec<Syllable>> = text.chars().map(Syllable::of).collect();
            if let Some(syllables) = syllables {
                out.push(Key {
                    target: t,
                    kind: *kind,
                    text: text.clone(),
                    from: *from,
                    person: !target.is_org() && *kind == KeyKind::Full,
                    syllables,
                });
            }
        }
    }
    out
}

/// The character range of an org name without a place before it and generic words after it.
fn core(chars: &[char]) -> (usize, usize) {
    let name: String = chars.iter().collect();
    let mut from = 0;
    for place in PLACES {
        if name.starts_with(place) && name.chars().count() - place.chars().count() >= 2 {
            from = place.chars().count();
            break;
        }
    }
    let mut to = chars.len();
    // Strip generic endings one after another (智源人工智能研究院 → 智源).
    loop {
        let rest: String = chars[from..to].iter().collect();
        let Some(ending) = GENERIC_ENDINGS
            .iter()
            .find(|e| rest.ends_with(**e) && rest.chars().count() - e.chars().count() >= 2)
        else {
            break;
        };
        to -= ending.chars().count();
    }
    // A place and a generic word only (上海大学) is a name that has no shorter form.
    let rest: String = chars[from..to].iter().collect();
    if GENERIC_ENDINGS.contains(&rest.as_str()) {
        return (0, chars.len());
    }
    (from, to)
}

/// Targets of these kinds and names, slugged by their position (for unit tests).
#[cfg(test)]
pub fn targets_for_test(names: &[(&'static str, &str)]) -> Vec<Target> {
    names
        .iter()
        .enumerate()
        .map(|(i, &(kind, name))| Target {
            kind,
            index: i,
            slug: format!("t{i}"),
            name: name.into(),
            sound_name: name.into(),
            aliases: vec![],
            not_aliases: vec![],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core_of(name: &str) -> String {
        let chars: Vec<char> = name.chars().collect();
        let (a, b) = core(&chars);
        chars[a..b].iter().collect()
    }

    #[test]
    fn an_orgs_short_name_drops_place_and_generic_words() {
        assert_eq!(core_of("商汤科技"), "商汤");
        assert_eq!(core_of("北京智源人工智能研究院"), "智源");
        assert_eq!(core_of("东浩兰生会展集团"), "东浩兰生");
        assert_eq!(core_of("阶跃星辰"), "阶跃星辰");
        assert_eq!(core_of("上海大学"), "上海大学");
        assert_eq!(core_of("同济大学"), "同济");
    }

    #[test]
    fn keys_cover_whole_short_dropped_and_partial_forms() {
        let keys = keys(&targets_for_test(&[
            ("orgs", "商汤科技"),
            ("speakers", "姜大昕"),
        ]));
        let of = |text: &str| {
            keys.iter()
                .find(|k| k.text == text)
                .map(|k| (k.target, k.kind))
        };
        assert_eq!(of("商汤科技"), Some((0, KeyKind::Full)));
        assert_eq!(of("商汤"), Some((0, KeyKind::Short)));
        assert_eq!(of("商科技"), Some((0, KeyKind::Dropped)));
        assert_eq!(of("汤科"), Some((0, KeyKind::Part)));
        // A generic word alone is no key.
        assert_eq!(of("科技"), None);
        assert_eq!(of("姜大昕"), Some((1, KeyKind::Full)));
        assert_eq!(of("大昕"), Some((1, KeyKind::Part)));
        assert_eq!(of("姜大"), None);
    }
}
