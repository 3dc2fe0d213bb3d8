//! Where a transcript moves on to the next item of its programme.
//!
//! Each line is scored for what a host says between two items: a thank-you for what just ended
//! ("感谢……的精彩分享", "请入座", a break such as "稍后回来"), and a hand-over to what comes next
//! ("掌声有请", "接下来……进入……环节", a welcome back, a speaker's own greeting "尊敬的各位……大家好",
//! a music or picture break). A thank-you votes for a cut after its line, unless the same line
//! goes on to hand over (then the line starts the next item, as the archive keeps hand-overs with
//! the item they introduce); a hand-over votes for a cut before its line. The strongest votes,
//! apart from each other, become the cuts. Pure: text in, line numbers out.

/// What a phrase says about the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signal {
    /// Something ended: the cut comes after it.
    Close,
    /// Something begins: the cut comes before it.
    Open,
}

/// Words that follow a thank-you for an item of the programme.
const ITEM_NOUNS: &[&str] = &[
    "分享", "演讲", "致辞", "发言", "表演", "总结", "主持", "解读", "讲述", "见解", "观点",
];

/// Titles that tell an introduction of a person.
const TITLES: &[&str] = &[
    "创始人",
    "CEO",
    "CTO",
    "教授",
    "院长",
    "总经理",
    "董事长",
    "总裁",
    "主任",
    "先生",
    "女士",
    "院士",
    "博士",
    "科学家",
    "负责人",
    "主席",
    "书记",
    "市长",
    "区长",
    "秘书长",
    "研究员",
    "总监",
    "VP",
    "首席",
    "合伙人",
    "领导",
];

const GREETINGS: &[&str] = &[
    "大家好",
    "大家早上好",
    "大家上午好",
    "大家中午好",
    "大家下午好",
    "大家晚上好",
];

/// A phrase: one of `first`, then one of `then` within `within` characters (empty `then`: the
/// first alone), with its weight.
struct Rule {
    signal: Signal,
    first: &'static [&'static str],
    then: &'static [&'static str],
    within: usize,
    weight: u32,
}

const RULES: &[Rule] = &[
    // A host thanks the last speaker for the item.
    Rule {
        signal: Signal::Close,
        first: &["感谢", "谢谢"],
        then: ITEM_NOUNS,
        within: 20,
        weight: 3,
    },
    Rule {
        signal: Signal::Close,
        first: &["就坐", "就座", "入座", "落座", "入席", "回座"],
        then: &[],
        within: 0,
        weight: 3,
    },
    // A break in a broadcast.
    Rule {
        signal: Signal::Close,
        first: &[
            "休息一下",
            "马上回来",
            "稍后回来",
            "一会儿见",
            "一会见",
            "稍后继续",
            "广告之后",
            "再见",
            "再会",
            "不要走开",
            "稍事休息",
        ],
        then: &[],
        within: 0,
        weight: 5,
    },
    Rule {
        signal: Signal::Close,
        first: &[
            "到此结束",
            "就要结束",
            "告一段落",
            "到此为止",
            "到这儿了",
            "就到这里",
            "就到这儿",
        ],
        then: &[],
        within: 0,
        weight: 2,
    },
    // A speaker's own last words.
    Rule {
        signal: Signal::Close,
        first: &["谢谢大家", "感谢大家", "谢谢各位", "我的分享到"],
        then: &[],
        within: 0,
        weight: 1,
    },
    // A host hands over to a person.
    Rule {
        signal: Signal::Open,
        first: &["有请"],
        then: &[],
        within: 0,
        weight: 3,
    },
    Rule {
        signal: Signal::Open,
        first: &["有请", "邀请到", "请到", "欢迎"],
        then: TITLES,
        within: 40,
        weight: 2,
    },
    Rule {
        signal: Signal::Open,
        first: &["上台", "移步"],
        then: &[],
        within: 0,
        weight: 2,
    },
    // A host announces the next item.
    Rule {
        signal: Signal::Open,
        first: &["接下来", "下面", "首先", "最后", "现在"],
        then: &[
            "进入", "有请", "邀请", "来到", "环节", "连线", "仪式", "发布", "签约", "揭牌", "展开",
            "讨论", "圆桌", "对话",
        ],
        within: 16,
        weight: 2,
    },
    // A broadcast comes back.
    Rule {
        signal: Signal::Open,
        first: &[
            "欢迎收看",
            "欢迎继续收看",
            "欢迎关注",
            "欢迎回到",
            "继续来到",
            "您现在收看的是",
        ],
        then: &[],
        within: 0,
        weight: 3,
    },
    Rule {
        signal: Signal::Open,
        first: &["这里是"],
        then: &["现场", "直播", "演播"],
        within: 30,
        weight: 3,
    },
    // A broadcast hands over to a reporter, or back to the studio.
    Rule {
        signal: Signal::Open,
        first: &["连线", "演播室", "到现场去"],
        then: &[],
        within: 0,
        weight: 3,
    },
    Rule {
        signal: Signal::Open,
        first: &["我是"],
        then: &["主持人"],
        within: 20,
        weight: 2,
    },
    Rule {
        signal: Signal::Open,
        first: &["观众朋友", "各位观众", "各位网友"],
        then: GREETINGS,
        within: 6,
        weight: 3,
    },
    // A new voice greets the room.
    Rule {
        signal: Signal::Open,
        first: &["尊敬的", "各位领导", "各位嘉宾", "各位来宾", "各位专家"],
        then: GREETINGS,
        within: 30,
        weight: 2,
    },
];

/// A cut: the 1-based line where a new item starts, and how sure the detector is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub line: usize,
    pub score: u32,
}

/// How strong a cut must be, and how far apart cuts must be (in non-blank lines).
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    pub threshold: u32,
    pub min_gap: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            threshold: 5,
            min_gap: 3,
        }
    }
}

/// Where the items of `text` start: always its first non-blank line, then every cut found, in
/// order. Lines are 1-based, as in `[source] lines`.
pub fn cuts(text: &str, tuning: Tuning) -> Vec<Cut> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l))
        .collect();
    if lines.is_empty() {
        return Vec::new();
    }
    let votes = votes(&lines);
    // Strongest first; ties go to the earlier line, so the result does not depend on the sort.
    let mut order: Vec<usize> = (1..lines.len()).collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(votes[k]), k));
    let mut chosen: Vec<usize> = vec![0];
    for k in order {
        if votes[k] < tuning.threshold {
            break;
        }
        if chosen.iter().all(|&c| c.abs_diff(k) >= tuning.min_gap) {
            chosen.push(k);
        }
    }
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|k| Cut {
            line: lines[k].0,
            score: votes[k],
        })
        .collect()
}

/// For each non-blank line, the votes for a cut just before it.
fn votes(lines: &[(usize, &str)]) -> Vec<u32> {
    let mut votes = vec![0u32; lines.len() + 1];
    for (k, (_, line)) in lines.iter().enumerate() {
        let mut found = signals(line);
        // Music that goes on from the line before does not start anything.
        if k > 0 && music_starts(lines[k - 1].1).is_some() {
            if let Some(at) = music_starts(line) {
                found.retain(|s| s.0 != at || s.1 != Signal::Open || s.2 != MUSIC);
            }
        }
        let last_open = found
            .iter()
            .filter(|s| s.1 == Signal::Open)
            .map(|s| s.0)
            .max();
        for &(at, signal, weight) in &found {
            match signal {
                Signal::Open => votes[k] += weight,
                // A thank-you followed by a hand-over in the same line: the line starts the next.
                Signal::Close if last_open.is_some_and(|o| o > at) => votes[k] += weight,
                Signal::Close => votes[k + 1] += weight,
            }
        }
        // A picture or a stretch of music between items: a cut may come where it begins or
        // where it ends (weakly: in a forum, a picture alone is a slide).
        let after_break = k > 0 && is_break(lines[k - 1].1);
        if is_break(line) != after_break {
            votes[k] += 2;
        }
    }
    votes.truncate(lines.len());
    // A host's hand-over often spans a few lines (a thank-you, a word on the next subject, the
    // introduction): what the next two lines say supports a cut here, at half weight.
    (0..votes.len())
        .map(|k| {
            let ahead: u32 = votes.iter().skip(k + 1).take(2).sum();
            votes[k] + ahead / 2
        })
        .collect()
}

/// Every phrase of `RULES` in `line`: byte offset, signal, weight. A rule counts once per line.
fn signals(line: &str) -> Vec<(usize, Signal, u32)> {
    let mut found = Vec::new();
    for rule in RULES {
        let hit = rule
            .first
            .iter()
            .flat_map(|w| line.match_indices(w))
            .filter(|&(at, w)| {
                rule.then.is_empty() || {
                    let rest = &line[at + w.len()..];
                    let window: String = rest.chars().take(rule.within).collect();
                    rule.then.iter().any(|t| window.contains(t))
                }
            })
            .map(|(at, _)| at)
            .min();
        if let Some(at) = hit {
            found.push((at, rule.signal, rule.weight));
        }
    }
    if let Some(at) = music_starts(line) {
        found.push((at, Signal::Open, MUSIC));
    }
    found
}

/// The weight of music starting: the stage changes.
const MUSIC: u32 = 2;

/// Where music starts in `line`: the first of three music markers close together.
fn music_starts(line: &str) -> Option<usize> {
    let notes: Vec<(usize, usize)> = line
        .char_indices()
        .enumerate()
        .filter(|(_, (_, c))| *c == '🎼')
        .map(|(n, (at, _))| (n, at))
        .collect();
    notes
        .windows(3)
        .find(|w| w[2].0 - w[0].0 <= 30)
        .map(|w| w[0].1)
}

/// A line that is only a picture, or mostly music markers: the recording left the stage.
fn is_break(line: &str) -> bool {
    let line = line.trim();
    if line.starts_with("![") && line.ends_with(')') {
        return true;
    }
    let notes = line.matches('🎼').count();
    notes >= 4 && notes * 12 >= line.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<usize> {
        cuts(text, Tuning::default())
            .into_iter()
            .map(|c| c.line)
            .collect()
    }

    #[test]
    fn a_thank_you_then_an_introduction_starts_the_next_item_at_the_introduction() {
        let text = "主持人开场，欢迎各位。\n\n\
            第一位嘉宾讲了很多内容。\n\n\
            讲完了，谢谢大家。谢谢张先生的精彩分享。\n\n\
            接下来让我们掌声有请某公司创始人李四先生。\n\n\
            各位领导，各位嘉宾，大家下午好。\n";
        assert_eq!(starts(text), vec![1, 7]);
    }

    #[test]
    fn a_thank_you_alone_cuts_after_its_line() {
        let text = "甲说了一段话。\n乙的话还在继续。\n谢谢谢谢王总的精彩演讲。\n\
            我们都知道这个行业很重要，下面有请刘总。\n刘总说话。\n";
        assert_eq!(starts(text), vec![1, 4]);
    }

    #[test]
    fn a_thank_you_and_a_hand_over_in_one_line_start_there() {
        let text = "甲的演讲。\n还是甲。\n又是甲。\n甲讲完了，感谢陈教授的分享，请入座。接下来我们进入发布环节，有请两位领导上台。\n\
            发布。\n";
        assert_eq!(starts(text), vec![1, 4]);
    }

    #[test]
    fn a_broadcast_break_and_its_return_cut_once() {
        let text = "节目一。\n我们休息一下，马上回来。\n![](img/a.png)\n🎼啦。🎼啦。🎼啦。🎼啦。\n\
            观众朋友们大家好，欢迎继续收看直播。\n节目二。\n";
        let found = starts(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!((3..=5).contains(&found[1]), "{found:?}");
    }

    #[test]
    fn ordinary_speech_is_not_cut() {
        let text = "我们公司成立于去年。\n\n我们做了很多工作，也取得了进展。\n\n\
            未来我们会继续努力，谢谢。\n\n这是另一段普通的话。\n";
        assert_eq!(starts(text), vec![1]);
    }

    #[test]
    fn cuts_closer_than_the_gap_keep_the_stronger() {
        let text = "开场。\n有请甲先生。\n有请乙先生上台，掌声有请。\n内容。\n";
        let found = cuts(
            text,
            Tuning {
                threshold: 3,
                min_gap: 2,
            },
        );
        assert_eq!(found.iter().map(|c| c.line).collect::<Vec<_>>(), vec![1, 3]);
    }

    #[test]
    fn empty_text_has_no_items() {
        assert!(cuts("\n\n  \n", Tuning::default()).is_empty());
        assert_eq!(starts("只有一行"), vec![1]);
    }
}
