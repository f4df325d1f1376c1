//! The lexer of the text form: tokens with their 1-based line and column (in characters).
//!
//! Invariants:
//! 1. Never panics; any character that starts no token is an error at its own position.
//! 2. Comments (`;` to the end of the line) and spaces, tabs and `\r` are skipped; every `\n`
//!    is a [`Tok::Newline`] and the end of the text is one [`Tok::Eof`], placed just after the
//!    last character.
//! 3. A literal token keeps its digits as written; the parser converts them once it knows the
//!    dtype (so that an `f32` literal is read as an `f32`, not rounded twice).

use crate::dtype::DType;
use crate::error::ParseError;

/// What kind of literal a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LitKind {
    /// `true`, `false`.
    Bool,
    /// Digits only.
    Int,
    /// Digits with a `.` or an exponent, or `inf`, `nan`.
    Float,
}

/// A literal as written: sign, body (`2.5e3`, `inf`, `true`) and optional dtype suffix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct LitTok {
    /// Bool, integer or float.
    pub kind: LitKind,
    /// Written with a leading `-`.
    pub neg: bool,
    /// The text without the sign and the suffix.
    pub body: String,
    /// The dtype suffix (`u8` in `3u8`).
    pub suffix: Option<DType>,
}

/// A token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    /// An identifier: an ASCII letter or `_`, then letters, digits or `_`.
    Ident(String),
    /// A literal.
    Lit(LitTok),
    /// One of `% ( ) [ ] { } , : =`.
    Punct(char),
    /// `->`.
    Arrow,
    /// The end of a line.
    Newline,
    /// The end of the text.
    Eof,
}

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    /// The token.
    pub tok: Tok,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl Token {
    /// A description for error messages: `` `add` ``, `end of line`, `end of input`.
    pub fn describe(&self) -> String {
        match &self.tok {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Lit(l) => {
                let sign = if l.neg { "-" } else { "" };
                let suffix = l.suffix.map_or("", DType::token);
                format!("literal `{sign}{}{suffix}`", l.body)
            }
            Tok::Punct(c) => format!("`{c}`"),
            Tok::Arrow => "`->`".to_string(),
            Tok::Newline => "end of line".to_string(),
            Tok::Eof => "end of input".to_string(),
        }
    }

    /// An error at this token.
    pub fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            line: self.line,
            col: self.col,
            message: message.into(),
        }
    }
}

/// Turns text into tokens on demand.
pub(super) struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    col: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The dtype whose text-form token is `s`.
pub(super) fn dtype_token(s: &str) -> Option<DType> {
    DType::ALL.into_iter().find(|t| t.token() == s)
}

/// The literal words, with the kind of literal each starts.
const WORDS: [(&str, LitKind); 4] = [
    ("true", LitKind::Bool),
    ("false", LitKind::Bool),
    ("inf", LitKind::Float),
    ("nan", LitKind::Float),
];

impl Lexer {
    /// A lexer at the start of `text`.
    pub fn new(text: &str) -> Lexer {
        Lexer {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    fn peek_char(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump_char(&mut self) -> Option<char> {
        let c = self.peek_char(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek_char(0).filter(|&c| f(c)) {
            s.push(c);
            self.bump_char();
        }
        s
    }

    /// The next token.
    ///
    /// # Errors
    /// A character that starts no token, or a malformed literal.
    pub fn next_token(&mut self) -> Result<Token, ParseError> {
        loop {
            match self.peek_char(0) {
                Some(' ' | '\t' | '\r') => {
                    self.bump_char();
                }
                Some(';') => {
                    self.take_while(|c| c != '\n');
                }
                _ => break,
            }
        }
        let (line, col) = (self.line, self.col);
        let at = |tok| Ok(Token { tok, line, col });
        let Some(c) = self.peek_char(0) else {
            return at(Tok::Eof);
        };
        let here = Token {
            tok: Tok::Eof,
            line,
            col,
        };
        match c {
            '\n' => {
                self.bump_char();
                at(Tok::Newline)
            }
            '%' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ':' | '=' => {
                self.bump_char();
                at(Tok::Punct(c))
            }
            '-' => {
                self.bump_char();
                match self.peek_char(0) {
                    Some('>') => {
                        self.bump_char();
                        at(Tok::Arrow)
                    }
                    Some(d) if d.is_ascii_digit() => self.number(true).map(|t| Token {
                        tok: Tok::Lit(t),
                        line,
                        col,
                    }),
                    Some(d) if is_ident_start(d) => {
                        let word = self.take_while(is_ident_char);
                        match word_literal(&word) {
                            Some(l) if l.body == "inf" => at(Tok::Lit(LitTok { neg: true, ..l })),
                            _ => Err(here.error(format!(
                                "`-{word}` is not a literal (only numbers and `inf` take a sign)"
                            ))),
                        }
                    }
                    _ => Err(here.error("unexpected `-`")),
                }
            }
            c if c.is_ascii_digit() => self.number(false).map(|t| Token {
                tok: Tok::Lit(t),
                line,
                col,
            }),
            c if is_ident_start(c) => {
                let word = self.take_while(is_ident_char);
                match word_literal(&word) {
                    Some(l) => at(Tok::Lit(l)),
                    None => at(Tok::Ident(word)),
                }
            }
            c => Err(here.error(format!("unexpected character `{}`", c.escape_default()))),
        }
    }

    /// A number at the cursor (after any `-`): digits, an optional fraction and exponent, an
    /// optional dtype suffix.
    fn number(&mut self, neg: bool) -> Result<LitTok, ParseError> {
        let start = Token {
            tok: Tok::Eof,
            line: self.line,
            col: self.col - usize::from(neg),
        };
        let mut body = self.take_while(|c| c.is_ascii_digit());
        let mut kind = LitKind::Int;
        if self.peek_char(0) == Some('.') {
            self.bump_char();
            body.push('.');
            body.push_str(&self.take_while(|c| c.is_ascii_digit()));
            kind = LitKind::Float;
        }
        if let Some(e @ ('e' | 'E')) = self.peek_char(0) {
            let digit_at = |k: usize| self.peek_char(k).is_some_and(|c| c.is_ascii_digit());
            let signed = matches!(self.peek_char(1), Some('+' | '-'));
            if digit_at(1) || signed && digit_at(2) {
                self.bump_char();
                body.push(e);
                if signed && let Some(s) = self.bump_char() {
                    body.push(s);
                }
                body.push_str(&self.take_while(|c| c.is_ascii_digit()));
                kind = LitKind::Float;
            }
        }
        let suffix = self.take_while(is_ident_char);
        let suffix = if suffix.is_empty() {
            None
        } else {
            Some(dtype_token(&suffix).ok_or_else(|| {
                start.error(format!(
                    "unknown literal suffix `{suffix}` (expected a dtype such as `f32` or `u8`)"
                ))
            })?)
        };
        Ok(LitTok {
            kind,
            neg,
            body,
            suffix,
        })
    }
}

/// `true`, `false`, `inf`, `nan`, each optionally followed directly by a dtype suffix.
fn word_literal(word: &str) -> Option<LitTok> {
    WORDS.iter().find_map(|&(w, kind)| {
        let rest = word.strip_prefix(w)?;
        let suffix = if rest.is_empty() {
            None
        } else {
            Some(dtype_token(rest)?)
        };
        Some(LitTok {
            kind,
            neg: false,
            body: w.to_string(),
            suffix,
        })
    })
}
