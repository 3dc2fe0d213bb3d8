//! Chinese word segmentation (jieba) with a dictionary of this archive's own terms.
//!
//! jieba's dictionary is general Chinese: it lacks 大模型, 具身智能, the names of the people and
//! companies in the archive and the misspellings of them in the transcripts. Every name, alias,
//! trend name and keyword and topic of the archive is added as a word, so that segmentation keeps
//! them whole.
//!
//! jieba's dictionary has 349,045 words; building jieba's trie of all of them took a third of a
//! build's wall time. A text can only ever match words that occur in it, so each build gives
//! jieba only the words whose every character pair occurs in the archive's text (about 6 % of
//! them on the shipped archive), with the frequency total of the whole dictionary: jieba scores a
//! segmentation by `ln(freq) - ln(total)` per word, so keeping the total keeps every score, and
//! the segmentation of the archive's text is exactly the one the whole dictionary gives (a test
//! compares the two on the shipped archive).

use crate::fast_hash::FnvBuild;
use crate::graph::Archive;
use jieba_rs::Jieba;
use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

/// jieba's dictionary (see data/jieba/README.md).
const JIEBA_DICTIONARY: &str = include_str!("../../data/jieba/dict.txt");

/// jieba's dictionary as a word list with frequencies: parsed once per build (or once per
/// `serve` session), trimmed to the archive's text for each segmenter.
pub struct Dictionary {
    words: Vec<(&'static str, usize)>,
    total: usize,
}

impl Dictionary {
    pub fn load() -> Dictionary {
        Dictionary::parse(JIEBA_DICTIONARY)
    }

    /// `word frequency [tag]` lines; a line without a valid frequency counts as frequency 0,
    /// as jieba's own loader would refuse it (the embedded file has none).
    fn parse(text: &'static str) -> Dictionary {
        let mut words = Vec::with_capacity(text.len() / 14);
        let mut total = 0usize;
        for line in text.lines() {
            let Some((word, freq)) = fast_entry(line).or_else(|| any_entry(line)) else {
                continue;
            };
            total += freq;
            words.push((word, freq));
        }
        Dictionary { words, total }
    }

    /// The frequency of each word that `keep` accepts, to look words up (`suggest` asks whether
    /// a span is an everyday word).
    pub fn frequencies(
        &self,
        keep: impl Fn(&str) -> bool,
    ) -> std::collections::HashMap<&'static str, usize> {
        self.words
            .iter()
            .filter(|(w, _)| keep(w))
            .map(|&(w, f)| (w, f))
            .collect()
    }

    /// A jieba holding the words `keep` accepts, scored as the whole dictionary scores them.
    fn jieba(&self, keep: impl Fn(&str) -> bool) -> Jieba {
        let mut kept = String::new();
        let mut kept_total = 0usize;
        for &(word, freq) in &self.words {
            if keep(word) {
                kept.push_str(word);
                kept.push(' ');
                kept.push_str(&freq.to_string());
                kept.push('\n');
                kept_total += freq;
            }
        }
        // The frequency of the words left out goes to one word no text can contain (two
        // private-use characters), so that jieba's total stays the whole dictionary's.
        let rest = self.total - kept_total;
        if rest > 0 {
            kept.push_str(&format!("{UNMATCHABLE} {rest}\n"));
        }
        let mut jieba = Jieba::empty();
        // Lines of a word and a number never fail to load.
        let _ = jieba.load_dict(&mut kept.as_bytes());
        jieba
    }
}

/// A line as the dictionary writes them, `word frequency tag` with single spaces, read byte by
/// byte: 349,045 lines are read on every build, and splitting at any whitespace and parsing the
/// number in general took twice as long. `None` for any other line (`any_entry` reads it).
fn fast_entry(line: &str) -> Option<(&str, usize)> {
    let space = line.bytes().position(|b| b == b' ')?;
    let word = &line[..space];
    if word.is_empty() || word.bytes().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let mut freq = 0usize;
    let mut digits = 0;
    for b in line[space + 1..].bytes() {
        match b {
            b'0'..=b'9' => {
                freq = freq.checked_mul(10)?.checked_add(usize::from(b - b'0'))?;
                digits += 1;
            }
            b' ' => break,
            _ => return None,
        }
    }
    (digits > 0).then_some((word, freq))
}

/// Any line: its first whitespace-separated field, and the second as a number (0 if it is not).
fn any_entry(line: &str) -> Option<(&str, usize)> {
    let mut fields = line.split_ascii_whitespace();
    let word = fields.next()?;
    Some((
        word,
        fields.next().and_then(|f| f.parse().ok()).unwrap_or(0),
    ))
}

/// A word of two private-use characters: carries the left-out frequency, matches no text.
const UNMATCHABLE: &str = "\u{F8FE}\u{F8FF}";

/// The adjacent character pairs of a set of texts, as a filter: a word can occur in one of the
/// texts only if `may_contain` accepts it. A bit per hash of a pair: a collision only keeps a
/// word that cannot occur (harmless, it never matches), never drops one that can.
pub struct CharPairs {
    bits: Vec<u64>,
}

/// 2^22 bits (512 KiB): the shipped archive has about 150,000 distinct pairs, so a word of two
/// characters that does not occur passes in about 4 % of cases.
const PAIR_BITS: u32 = 22;

impl Default for CharPairs {
    fn default() -> CharPairs {
        CharPairs {
            bits: vec![0; 1 << (PAIR_BITS - 6)],
        }
    }
}

impl CharPairs {
    pub fn add(&mut self, text: &str) {
        let mut previous: Option<char> = None;
        for c in text.chars() {
            self.set(pair(c, None));
            if let Some(p) = previous {
                self.set(pair(p, Some(c)));
            }
            previous = Some(c);
        }
    }

    pub fn merge(&mut self, other: &CharPairs) {
        for (mine, theirs) in self.bits.iter_mut().zip(&other.bits) {
            *mine |= theirs;
        }
    }

    /// Whether `word` can occur in the texts added.
    pub fn may_contain(&self, word: &str) -> bool {
        let mut previous: Option<char> = None;
        for c in word.chars() {
            let key = match previous {
                Some(p) => pair(p, Some(c)),
                None => pair(c, None),
            };
            if !self.get(key) {
                return false;
            }
            previous = Some(c);
        }
        true
    }

    fn set(&mut self, key: u32) {
        self.bits[(key >> 6) as usize] |= 1 << (key & 63);
    }

    fn get(&self, key: u32) -> bool {
        self.bits[(key >> 6) as usize] & (1 << (key & 63)) != 0
    }
}

/// A character pair's bit (`second` absent for a lone character): a multiplicative hash.
fn pair(first: char, second: Option<char>) -> u32 {
    let key = ((first as u64) << 32) | second.map_or(0xFFFF_FFFF, |c| c as u64);
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_BITS)) as u32
}

pub struct Segmenter {
    jieba: Jieba,
}

/// Parsing jieba's dictionary takes a moment: start it before the content is read, so that the
/// two overlap. `serve` keeps the parsed dictionary between rebuilds (`Preload::Ready`).
pub enum Preload {
    Loading(std::thread::JoinHandle<Dictionary>),
    Ready(Arc<Dictionary>),
}

impl Preload {
    pub fn start() -> Preload {
        Preload::Loading(std::thread::spawn(Dictionary::load))
    }

    pub fn dictionary(self) -> Arc<Dictionary> {
        match self {
            // The thread only parses an embedded file; should it have died, parse it here.
            Preload::Loading(thread) => {
                Arc::new(thread.join().unwrap_or_else(|_| Dictionary::load()))
            }
            Preload::Ready(dictionary) => dictionary,
        }
    }
}

/// Terms of this field that jieba's dictionary lacks and that the archive may not list anywhere.
const FIELD_TERMS: &[&str] = &[
    "大模型",
    "大语言模型",
    "多模态",
    "多模态大模型",
    "生成式AI",
    "人工智能",
    "具身智能",
    "智能体",
    "端到端",
    "端侧",
    "算力",
    "智算",
    "向量数据库",
    "预训练",
    "微调",
    "幻觉",
    "通用人工智能",
    "世界模型",
    "文生视频",
    "文生图",
    "人形机器人",
    "自动驾驶",
    "开源模型",
    "闭源模型",
    "推理成本",
    "合成数据",
    "强化学习",
    "具身",
    "新质生产力",
];

impl Segmenter {
    /// A segmenter for `archive`, whose texts (every text that will be cut: bodies' blocks and
    /// loose text) are in `texts`: jieba's words that can occur in them, plus the archive's terms.
    pub fn new(dictionary: &Dictionary, archive: &Archive, mut texts: CharPairs) -> Segmenter {
        let terms = archive_terms(archive);
        for term in &terms {
            texts.add(term);
        }
        Segmenter::with_terms(dictionary.jieba(|w| texts.may_contain(w)), terms)
    }

    /// jieba with the whole dictionary plus `terms`: what `new` must segment exactly like.
    pub fn whole(dictionary: &Dictionary, terms: Vec<&str>) -> Segmenter {
        Segmenter::with_terms(dictionary.jieba(|_| true), terms)
    }

    fn with_terms(mut jieba: Jieba, mut terms: Vec<&str>) -> Segmenter {
        terms.sort_unstable();
        terms.dedup();
        for term in terms {
            // jieba splits its input at spaces and punctuation, so only such runs can be words.
            if term.chars().count() >= 2 && term.chars().all(is_word_char) {
                let freq = jieba.suggest_freq(term);
                jieba.add_word(term, Some(freq), None);
            }
        }
        Segmenter { jieba }
    }

    /// The words of `text`, in order; every byte of the text is in exactly one word.
    pub fn cut<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// Whether `text[start..end]` is made of whole words of its surroundings: a name found inside
    /// a longer word (高通 in 提高通过率) is not a mention of it.
    pub fn is_whole_words(&self, text: &str, start: usize, end: usize) -> bool {
        // Segment a window around the match: enough context for jieba, cheap for long texts.
        let from = back_chars(text, start, 8);
        let to = forward_chars(text, end, 8);
        let mut at = from;
        let mut start_ok = start == from;
        let mut end_ok = end == to;
        for word in self.cut(&text[from..to]) {
            at += word.len();
            start_ok |= at == start;
            end_ok |= at == end;
        }
        start_ok && end_ok
    }
}

/// The archive's own words: names, aliases, trend names and keywords, topics, field terms.
pub fn archive_terms(archive: &Archive) -> Vec<&str> {
    let mut terms: Vec<&str> = FIELD_TERMS.to_vec();
    for s in &archive.speakers {
        terms.push(&s.meta.name);
        terms.extend(s.meta.aliases.iter().map(String::as_str));
    }
    for o in &archive.orgs {
        terms.push(&o.meta.name);
        terms.extend(o.meta.aliases.iter().map(String::as_str));
    }
    for t in &archive.trends {
        terms.push(&t.meta.name);
        terms.extend(t.meta.keywords.iter().map(String::as_str));
    }
    for t in &archive.talks {
        terms.extend(t.doc.meta.topics.iter().map(String::as_str));
    }
    // The glossary's terms and misheard forms: 巨深 must be a word of its own to be found as one.
    for term in &archive.glossary {
        terms.push(&term.name);
        terms.extend(term.aliases.iter().map(String::as_str));
    }
    terms
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '.' || c == '_'
}

fn back_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(from, |(i, _)| i)
}

fn forward_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Function words and the fillers of spoken Chinese (and English): never keywords however often
/// they occur.
pub fn is_stopword(word: &str) -> bool {
    // Latin words are compared in lower case, in a buffer on the stack (this runs for every word
    // of every talk); no stopword is longer than the buffer.
    let mut lower = [0u8; 16];
    let word = match word.as_bytes() {
        bytes if bytes.is_ascii() && bytes.iter().any(u8::is_ascii_uppercase) => {
            let Some(buf) = lower.get_mut(..bytes.len()) else {
                return false;
            };
            buf.copy_from_slice(bytes);
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).unwrap_or_default()
        }
        _ => word,
    };
    STOPWORD_SET.contains(word)
}

// A hash set with FNV-1a: this runs for every word of every talk, and a binary search of the list
// (about eight string comparisons) was 3 % of a 50x build's CPU.
static STOPWORD_SET: LazyLock<HashSet<&'static str, FnvBuild>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

// Sorted, so that a duplicate is easy to see; a unit test keeps it so.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "all",
    "also",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "i",
    "if",
    "in",
    "is",
    "it",
    "its",
    "just",
    "like",
    "me",
    "more",
    "my",
    "no",
    "not",
    "of",
    "on",
    "one",
    "or",
    "our",
    "she",
    "should",
    "so",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "two",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "which",
    "will",
    "with",
    "would",
    "you",
    "your",
    "一下",
    "一个",
    "一些",
    "一块",
    "一定",
    "一方面",
    "一样",
    "一点",
    "一直",
    "一直在",
    "一种",
    "一起",
    "三位",
    "上面",
    "下来",
    "下面",
    "不仅",
    "不会",
    "不同",
    "不是",
    "不能",
    "东西",
    "两位",
    "为了",
    "为什么",
    "主要",
    "之一",
    "之前",
    "之后",
    "之间",
    "也会",
    "也是",
    "二是",
    "什么",
    "什么样",
    "今天",
    "今年",
    "他们",
    "以上",
    "以下",
    "以及",
    "以后",
    "会有",
    "但是",
    "你们",
    "做到",
    "其中",
    "其他",
    "其实",
    "其次",
    "几个",
    "出来",
    "分享",
    "前面",
    "办法",
    "包含",
    "包括",
    "原来",
    "变成",
    "另一方面",
    "另外",
    "只是",
    "只有",
    "可以",
    "可能",
    "各位",
    "各种",
    "同时",
    "同样",
    "告诉",
    "因为",
    "因此",
    "在于",
    "地方",
    "多少",
    "大家",
    "大家好",
    "好的",
    "如何",
    "如果",
    "它们",
    "完全",
    "实际上",
    "对于",
    "对吧",
    "尤其",
    "就会",
    "就是",
    "已经",
    "希望",
    "并且",
    "应该",
    "当中",
    "当然",
    "很多",
    "怎么",
    "怎么样",
    "感谢",
    "我们",
    "我们的",
    "我想",
    "或者",
    "所以",
    "所有",
    "所谓",
    "找到",
    "把握",
    "接下来",
    "整个",
    "整体",
    "方面",
    "时候",
    "是不是",
    "更加",
    "更好",
    "最后",
    "最终",
    "有些",
    "有人",
    "有没有",
    "有点",
    "本次",
    "来看",
    "来讲",
    "来说",
    "每个",
    "比如",
    "比如说",
    "比较",
    "没有",
    "然后",
    "然而",
    "特别",
    "现在",
    "甚至",
    "的话",
    "目前",
    "相关",
    "看到",
    "看看",
    "知道",
    "确实",
    "第一",
    "第三",
    "第二",
    "等等",
    "老师",
    "而且",
    "能够",
    "虽然",
    "觉得",
    "认为",
    "讲到",
    "讲讲",
    "说到",
    "谢谢",
    "起来",
    "过去",
    "还是",
    "还有",
    "这个",
    "这么",
    "这些",
    "这块",
    "这是",
    "这样",
    "这样子",
    "这次",
    "这种",
    "这边",
    "这里",
    "进行",
    "通过",
    "那个",
    "那么",
    "那些",
    "那就",
    "那边",
    "那里",
    "部分",
    "都是",
    "里边",
    "里面",
    "需要",
    "非常",
    "领域",
    "领导",
    "首先",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_a_line_fast_gives_what_reading_it_in_general_gives() {
        let odd = [
            "词 12 n",
            "词  12",
            "词 12x n",
            " 词 3",
            "词",
            "词 99999999999999999999999",
            "词 7\tn",
            "词 0",
        ];
        for line in JIEBA_DICTIONARY.lines().chain(odd) {
            if let Some(fast) = fast_entry(line) {
                assert_eq!(Some(fast), any_entry(line), "{line:?}");
            }
        }
        assert!(fast_entry(JIEBA_DICTIONARY.lines().next().unwrap()).is_some());
    }

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("我们"));
        assert!(!is_stopword("大模型"));
        assert!(is_stopword("The") && is_stopword("WOULD") && is_stopword("with"));
        assert!(!is_stopword("Scaling") && !is_stopword("THEREFOREANDSOMEMORELETTERS"));
        assert!(STOPWORDS.iter().all(|w| w.len() <= 16));
    }

    fn segmenter_for(texts: &[&str], terms: Vec<&str>) -> Segmenter {
        let mut pairs = CharPairs::default();
        for t in texts.iter().chain(&terms) {
            pairs.add(t);
        }
        let d = Dictionary::load();
        Segmenter::with_terms(d.jieba(|w| pairs.may_contain(w)), terms)
    }

    #[test]
    fn the_embedded_dictionary_has_each_word_once() {
        let d = Dictionary::load();
        assert_eq!(d.words.len(), 349_045);
        let distinct: HashSet<&str> = d.words.iter().map(|(w, _)| *w).collect();
        assert_eq!(distinct.len(), d.words.len());
        assert_eq!(d.total, 60_101_964);
    }

    #[test]
    fn a_trimmed_dictionary_segments_its_texts_as_the_whole_one_does() {
        let texts = [
            "今天我们讨论大模型的推理成本和具身智能的发展，提高通过率也很重要",
            "南京市长江大桥上有很多人，研究生命的起源",
            "他说Scaling Law放缓了，但是多模态大模型还在进步",
        ];
        let terms = vec!["大模型", "具身智能", "高通"];
        let trimmed = segmenter_for(&texts, terms.clone());
        let whole = Segmenter::whole(&Dictionary::load(), terms);
        for text in texts {
            assert_eq!(trimmed.cut(text), whole.cut(text), "{text}");
        }
        // Only a few of the 349,045 words were given to jieba.
        let d = Dictionary::load();
        let mut pairs = CharPairs::default();
        texts.iter().for_each(|t| pairs.add(t));
        let kept = d.words.iter().filter(|(w, _)| pairs.may_contain(w)).count();
        assert!(kept > 50 && kept < 2_000, "{kept}");
    }

    #[test]
    fn char_pairs_admit_only_words_whose_pairs_occur() {
        let mut pairs = CharPairs::default();
        pairs.add("长江大桥");
        assert!(pairs.may_contain("长江"));
        assert!(pairs.may_contain("大桥"));
        assert!(pairs.may_contain("江"));
        assert!(!pairs.may_contain("江长"));
        assert!(!pairs.may_contain("长城"));
    }

    #[test]
    fn names_inside_longer_words_are_not_whole_words() {
        let w = segmenter_for(
            &["有请姜大昕先生", "提高通过率", "高通的芯片"],
            vec!["高通", "姜大昕"],
        );
        let text = "有请姜大昕先生";
        assert!(w.is_whole_words(text, 6, 15));
        let text = "提高通过率";
        assert!(!w.is_whole_words(text, 3, 9));
        let text = "高通的芯片";
        assert!(w.is_whole_words(text, 0, 6));
    }

    #[test]
    fn windows_stop_at_char_boundaries() {
        let text = "有请姜大昕先生";
        assert_eq!(back_chars(text, 6, 8), 0);
        assert_eq!(forward_chars(text, 6, 2), 12);
        assert_eq!(forward_chars(text, 6, 50), text.len());
    }
}
