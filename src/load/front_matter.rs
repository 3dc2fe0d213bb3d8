//! Splits a content file into its TOML front matter (between `+++` lines) and its Markdown body.

/// A file's two parts, with the line numbers needed to point errors at the right place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The TOML between the fences, with `\n` line ends.
    pub toml: String,
    /// 1-based line of the file where `toml` starts (the line after the opening `+++`).
    pub toml_line: usize,
    pub body: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Why a file could not be split; the caller turns it into a diagnostic with the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    NoOpeningFence,
    Unclosed,
}

impl SplitError {
    pub fn message(&self) -> (&'static str, &'static str) {
        match self {
            SplitError::Empty => (
                "the file is empty",
                "write front matter between two `+++` lines, or run `talkarchive new` for a skeleton",
            ),
            SplitError::NoOpeningFence => (
                "the file does not start with front matter",
                "make the first line `+++`, then the TOML fields, then a closing `+++` line",
            ),
            SplitError::Unclosed => (
                "the front matter is not closed",
                "add a line holding only `+++` after the last TOML field",
            ),
        }
    }
}

/// Splits `text`; a byte-order mark and CRLF line ends are accepted.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n");
        normalized.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "+++" => {}
        _ => return Err(SplitError::NoOpeningFence),
    }
    let mut toml = String::new();
    let mut line_no = 1;
    for line in lines.by_ref() {
        line_no += 1;
        if line.trim_end() == "+++" {
            let consumed: usize = text.split_inclusive('\n').take(line_no).map(str::len).sum();
            return Ok(Split {
                toml,
                toml_line: 2,
                body: text[consumed..].to_string(),
                body_line: line_no + 1,
            });
        }
        toml.push_str(line);
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\nname = \"a\"\n+++\nbody\nmore\n").unwrap();
        assert_eq!(s.toml, "name = \"a\"\n");
        assert_eq!(s.body, "body\nmore\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split("\u{feff}+++\r\nname = \"a\"\r\n+++\r\nbody\r\n").unwrap();
        assert_eq!(s.toml, "name = \"a\"\n");
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn closing_fence_at_end_of_file_without_newline() {
        let s = split("+++\nname = \"a\"\n+++").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn reports_each_kind_of_broken_file() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("  \n"), Err(SplitError::Empty));
        assert_eq!(split("name = 1\n"), Err(SplitError::NoOpeningFence));
        assert_eq!(split("+++\nname = 1\n"), Err(SplitError::Unclosed));
    }
}
