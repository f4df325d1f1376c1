//! Cutting one line of text into fields: comments, delimiters, quotes.
//!
//! Invariants:
//! 1. A comment starts at the earliest occurrence of any marker outside a quoted field and runs
//!    to the end of the line; the line's terminator (`\n`, `\r\n`) was removed by the caller.
//! 2. With no delimiter, fields are the maximal runs of non-whitespace; with one, the line is
//!    cut at every occurrence, so `1,2,` has three fields, the last empty. Fields are trimmed of
//!    surrounding whitespace, as NumPy's number parsers ignore it.
//! 3. Every field records the byte offset where its text starts in the line, so errors can name
//!    the 1-based character column ([`char_column`]).

use std::borrow::Cow;

/// One field of a line.
#[derive(Debug)]
pub(super) struct Field<'a> {
    /// Byte offset of the field's first character in the line.
    pub start: usize,
    /// The field's text, trimmed, with quotes removed.
    pub text: Cow<'a, str>,
}

/// How lines are split.
pub(super) struct Splitter<'o> {
    pub delimiter: Option<&'o str>,
    pub comments: &'o [String],
    pub quote: Option<char>,
}

impl Splitter<'_> {
    /// The line without its comment (invariant 1).
    pub fn strip_comment<'a>(&self, line: &'a str) -> &'a str {
        if self.comments.is_empty() {
            return line;
        }
        let mut in_quote = false;
        for (i, c) in line.char_indices() {
            if Some(c) == self.quote {
                in_quote = !in_quote;
            } else if !in_quote
                && self
                    .comments
                    .iter()
                    .any(|m| line[i..].starts_with(m.as_str()))
            {
                return &line[..i];
            }
        }
        line
    }

    /// The fields of a line that holds data (invariant 2), or the byte offset and message of an
    /// unterminated quote.
    pub fn split<'a>(&self, line: &'a str, out: &mut Vec<Field<'a>>) -> Result<(), usize> {
        out.clear();
        let mut pos = 0;
        loop {
            let rest = &line[pos..];
            // Leading whitespace is skipped, except characters of the delimiter itself (a tab
            // delimiter keeps `1\t\t2` at three fields).
            let delim = self.delimiter.unwrap_or("");
            let lead = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_whitespace() && !delim.contains(c))
                    .len();
            if self.delimiter.is_none() && lead == rest.len() {
                return Ok(());
            }
            let start = pos + lead;
            let (text, end) = match self.quote {
                Some(q) if line[start..].starts_with(q) => self.quoted(line, start, q)?,
                _ => {
                    let end = self.field_end(line, start);
                    (Cow::Borrowed(line[start..end].trim_end()), end)
                }
            };
            out.push(Field { start, text });
            match self.delimiter {
                None => pos = end,
                Some(d) => match line[end..].find(d) {
                    Some(k) => pos = end + k + d.len(),
                    None => return Ok(()),
                },
            }
        }
    }

    /// Where an unquoted field that starts at `start` ends.
    fn field_end(&self, line: &str, start: usize) -> usize {
        let rest = &line[start..];
        let len = match self.delimiter {
            None => rest.find(char::is_whitespace),
            Some(d) => rest.find(d),
        };
        start + len.unwrap_or(rest.len())
    }

    /// A quoted field starting at `start`: its text (a doubled quote stands for one) with any
    /// text between the closing quote and the next delimiter appended, and where it ends.
    fn quoted<'a>(
        &self,
        line: &'a str,
        start: usize,
        q: char,
    ) -> Result<(Cow<'a, str>, usize), usize> {
        let mut text = String::new();
        let mut chars = line[start + q.len_utf8()..].char_indices().peekable();
        let body = start + q.len_utf8();
        loop {
            match chars.next() {
                None => return Err(start),
                Some((_, c)) if c == q => {
                    if chars.peek().map(|&(_, c)| c) == Some(q) {
                        chars.next();
                        text.push(q);
                    } else {
                        break;
                    }
                }
                Some((_, c)) => text.push(c),
            }
        }
        let after = chars.peek().map_or(line.len(), |&(i, _)| body + i);
        let end = self.field_end(line, after);
        text.push_str(line[after..end].trim_end());
        Ok((Cow::Owned(text), end))
    }
}

/// The 1-based character column of byte offset `byte` in `line`.
pub(super) fn char_column(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(byte, |s| s.chars().count()) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &Splitter, line: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        s.split(line, &mut out).unwrap();
        out.into_iter()
            .map(|f| (f.start, f.text.into_owned()))
            .collect()
    }

    #[test]
    fn splits_by_whitespace_delimiter_and_quotes() {
        let comments = vec!["#".to_string()];
        let ws = Splitter {
            delimiter: None,
            comments: &comments,
            quote: None,
        };
        assert_eq!(
            fields(&ws, "  1 \t 2  "),
            vec![(2, "1".into()), (6, "2".into())]
        );
        assert!(fields(&ws, "   ").is_empty());
        let tab = Splitter {
            delimiter: Some("\t"),
            comments: &comments,
            quote: None,
        };
        assert_eq!(fields(&tab, "1\t\t 2").len(), 3);
        let comma = Splitter {
            delimiter: Some(","),
            comments: &comments,
            quote: Some('"'),
        };
        assert_eq!(
            fields(&comma, "1, \"a,\"\"b\" ,"),
            vec![(0, "1".into()), (3, "a,\"b".into()), (12, "".into())]
        );
        assert_eq!(comma.strip_comment("\"#\",2 # c"), "\"#\",2 ");
        let mut out = Vec::new();
        assert_eq!(comma.split("1,\"open", &mut out), Err(2));
    }
}
