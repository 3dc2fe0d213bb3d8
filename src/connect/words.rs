//! Chinese word segmentation (jieba) with a dictionary of this archive's own terms.
//!
//! jieba's dictionary is general Chinese: it lacks 大模型, 具身智能, the names of the people and
//! companies in the archive and the misspellings of them in the transcripts. Every name, alias,
//! trend name and keyword and topic of the archive is added as a word, so that segmentation keeps
//! them whole. jieba's dictionary is loaded once per build.

use crate::graph::Archive;
use jieba_rs::Jieba;

pub struct Segmenter {
    jieba: Jieba,
}

/// Loading jieba's dictionary takes a while: start it before the content is read, so that the
/// two overlap, and finish it with the archive's terms once the archive is there. `serve` keeps
/// a loaded dictionary between rebuilds (`Preload::Ready`).
pub enum Preload {
    Loading(std::thread::JoinHandle<Jieba>),
    Ready(Jieba),
}

impl Preload {
    pub fn start() -> Preload {
        Preload::Loading(std::thread::spawn(Jieba::new))
    }

    /// jieba's own dictionary, without the archive's terms.
    pub fn dictionary(self) -> Jieba {
        match self {
            // The thread only loads an embedded dictionary; should it have died, load it here.
            Preload::Loading(thread) => thread.join().unwrap_or_else(|_| Jieba::new()),
            Preload::Ready(jieba) => jieba,
        }
    }

    pub fn finish(self, archive: &Archive) -> Segmenter {
        Segmenter::new(self.dictionary(), archive)
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
    /// jieba's dictionary (loaded by `preload`) plus the archive's terms.
    pub fn new(jieba: Jieba, archive: &Archive) -> Segmenter {
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
        Segmenter::with_terms(jieba, terms)
    }

    /// `jieba` plus `terms`.
    pub fn with_terms(mut jieba: Jieba, mut terms: Vec<&str>) -> Segmenter {
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
        self.jieba.cut(text, false)
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
    if word.is_ascii() {
        let lower = word.to_ascii_lowercase();
        return STOPWORDS.binary_search(&lower.as_str()).is_ok();
    }
    STOPWORDS.binary_search(&word).is_ok()
}

// Sorted (binary search); a unit test keeps it so.
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
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("我们"));
        assert!(!is_stopword("大模型"));
    }

    #[test]
    fn names_inside_longer_words_are_not_whole_words() {
        let w = Segmenter::with_terms(Jieba::new(), vec!["高通", "姜大昕"]);
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
