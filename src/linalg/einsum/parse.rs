//! The subscript language: `"ij,jk->ik"`, implicit output, `...`, and the checks NumPy makes.
//!
//! The parser follows NumPy's `_parse_einsum_input` and the dimension checks of `einsum_path`
//! (the planned path, `optimize=True`), in the same order, with NumPy's messages where NumPy
//! has them. Its result, [`Parsed`], satisfies:
//!
//! 1. Every label is an index into [`SYMBOLS`] (`A..Z` then `a..z`, so label order is NumPy's
//!    sort order of the letters); an ellipsis has been replaced by labels no subscript uses,
//!    the same labels (right-aligned) for every operand, as NumPy does.
//! 2. `inputs[k].len() == operands[k].ndim()`; a label repeated inside one operand has equal
//!    lengths on all its axes (a diagonal).
//! 3. `sizes[l]` is the length of label `l`: the same in every operand, or 1 in some operands
//!    (those axes broadcast).
//! 4. The output names each label at most once, and only labels of the inputs.

use crate::array::Array;
use crate::{Error, Result};

/// The letters a subscript may use, in NumPy's order (uppercase sorts first).
pub(crate) const SYMBOLS: &[u8; 52] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A set of labels: bit `l` for label `l`.
pub(crate) type Set = u64;

/// The set of the labels in `labels`.
pub(crate) fn set_of(labels: &[u8]) -> Set {
    labels.iter().fold(0, |s, &l| s | 1 << l)
}

/// A parsed einsum call (invariants in the module doc).
#[derive(Clone, Debug)]
pub(crate) struct Parsed {
    /// The labels of each operand's axes, in order (repeats kept).
    pub inputs: Vec<Vec<u8>>,
    /// The labels of the result's axes, in order.
    pub output: Vec<u8>,
    /// The length of each label (0 for labels not used).
    pub sizes: [usize; 52],
}

impl Parsed {
    /// A label list as letters (`"ij"`).
    pub fn letters(labels: &[u8]) -> String {
        labels
            .iter()
            .map(|&l| SYMBOLS[l as usize] as char)
            .collect()
    }
}

/// Index of a letter in [`SYMBOLS`].
fn label_of(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        _ => None,
    }
}

fn parse_err(subscripts: &str, pos: usize, msg: String) -> Error {
    Error::Parse {
        input: format!("einsum subscripts '{subscripts}'"),
        pos,
        msg,
    }
}

/// One subscript term before the ellipsis is expanded: its labels and where the `...` was.
struct Term {
    /// Labels left of the ellipsis (or all of them).
    head: Vec<u8>,
    /// Labels right of the ellipsis, if there is one.
    tail: Option<Vec<u8>>,
}

/// Splits a term (non-space characters with their byte positions) into labels and an
/// optional ellipsis.
fn term(chars: &[(u8, usize)], subscripts: &str, what: &str) -> Result<Term> {
    let mut head = Vec::new();
    let mut tail: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < chars.len() {
        let (c, pos) = chars[i];
        if c == b'.' {
            let dots = chars[i..].iter().take_while(|&&(c, _)| c == b'.').count();
            if dots != 3 || tail.is_some() {
                return Err(parse_err(
                    subscripts,
                    pos,
                    format!(
                        "invalid ellipses in {what}: an ellipsis is '...' and appears at most once"
                    ),
                ));
            }
            tail = Some(Vec::new());
            i += 3;
            continue;
        }
        let l = label_of(c).ok_or_else(|| {
            parse_err(
                subscripts,
                pos,
                format!("character {} is not a valid symbol in {what}", c as char),
            )
        })?;
        match &mut tail {
            Some(t) => t.push(l),
            None => head.push(l),
        }
        i += 1;
    }
    Ok(Term { head, tail })
}

/// Parses `subscripts` for `operands` (module doc: invariants of the result).
///
/// # Errors
/// [`Error::Parse`] (with the byte position) for an invalid character, a misused `->` or
/// ellipsis, or an output letter repeated or not in the inputs; [`Error::Value`] for no
/// operands or a count that does not match the subscripts; [`Error::Shape`] when a subscript
/// does not match its operand's dimensions or a label's lengths disagree.
pub(crate) fn parse(subscripts: &str, operands: &[&Array]) -> Result<Parsed> {
    let shapes: Vec<&[usize]> = operands.iter().map(|a| a.shape()).collect();
    parse_shapes(subscripts, &shapes)
}

/// [`parse`] for operands known by their shapes (the lazy einsum's expressions).
pub(crate) fn parse_shapes(subscripts: &str, operands: &[&[usize]]) -> Result<Parsed> {
    if operands.is_empty() {
        return Err(Error::Value {
            op: "einsum",
            msg: "no input operands".into(),
        });
    }
    // Spaces are dropped anywhere, as NumPy drops them; other characters keep their position.
    let mut chars: Vec<(u8, usize)> = Vec::new();
    for (pos, ch) in subscripts.char_indices() {
        match ch {
            ' ' => {}
            '.' | ',' | '-' | '>' | 'a'..='z' | 'A'..='Z' => chars.push((ch as u8, pos)),
            _ => {
                return Err(parse_err(
                    subscripts,
                    pos,
                    format!("character {ch} is not a valid symbol"),
                ));
            }
        }
    }
    // `->`: at most one '-' and one '>', and together as "->".
    let dashes: Vec<usize> = (0..chars.len())
        .filter(|&i| matches!(chars[i].0, b'-' | b'>'))
        .collect();
    let arrow = match dashes.as_slice() {
        [] => None,
        &[d, g] if chars[d].0 == b'-' && chars[g].0 == b'>' && g == d + 1 => Some(d),
        _ => {
            // The first character that is not part of the first proper "->".
            let first = dashes
                .iter()
                .position(|&i| chars[i].0 == b'-' && chars.get(i + 1).is_some_and(|c| c.0 == b'>'));
            let bad = match first {
                Some(f) => dashes
                    .iter()
                    .copied()
                    .find(|&i| i != dashes[f] && i != dashes[f] + 1)
                    .unwrap_or(dashes[f]),
                None => dashes[0],
            };
            return Err(parse_err(
                subscripts,
                chars[bad].1,
                "subscripts can only contain one '->'".into(),
            ));
        }
    };
    let (lhs, rhs) = match arrow {
        Some(d) => (&chars[..d], Some(&chars[d + 2..])),
        None => (&chars[..], None),
    };
    let mut terms = Vec::new();
    for (k, part) in lhs.split(|&(c, _)| c == b',').enumerate() {
        terms.push(term(part, subscripts, &format!("operand {k}"))?);
    }
    if terms.len() != operands.len() {
        return Err(Error::Value {
            op: "einsum",
            msg: format!(
                "number of einsum subscripts must be equal to the number of operands \
                 ({} subscripts, {} operands)",
                terms.len(),
                operands.len()
            ),
        });
    }
    let out_term = match rhs {
        Some(r) => {
            if let Some(&(_, pos)) = r.iter().find(|&&(c, _)| c == b',') {
                return Err(parse_err(
                    subscripts,
                    pos,
                    "the output subscript cannot contain ','".into(),
                ));
            }
            Some(term(r, subscripts, "the output")?)
        }
        None => None,
    };

    // The ellipsis: how many axes it covers in each operand, and the labels it becomes.
    let mut counts = vec![0usize; terms.len()];
    for (k, t) in terms.iter().enumerate() {
        if let Some(tail) = &t.tail {
            let named = t.head.len() + tail.len();
            let ndim = operands[k].len();
            // NumPy gives a 0-d operand an empty ellipsis whatever else its subscript names.
            counts[k] = if ndim == 0 {
                0
            } else {
                ndim.checked_sub(named).ok_or_else(|| Error::Shape {
                    op: "einsum",
                    msg: format!(
                        "ellipses lengths do not match: operand {k} has {ndim} dimensions, \
                         fewer than the {named} letters of its subscript"
                    ),
                })?
            };
        }
    }
    let longest = counts.iter().copied().max().unwrap_or(0);
    let mut used: Set = 0;
    for t in terms.iter().chain(out_term.iter()) {
        used |= set_of(&t.head) | t.tail.as_deref().map_or(0, set_of);
    }
    let unused: Vec<u8> = (0..52u8).filter(|l| used & (1 << l) == 0).collect();
    if longest > unused.len() {
        return Err(Error::Value {
            op: "einsum",
            msg: format!(
                "the ellipsis covers {longest} dimensions but only {} letters are unused",
                unused.len()
            ),
        });
    }
    let ell: Vec<u8> = unused[unused.len() - longest..].to_vec();
    let inputs: Vec<Vec<u8>> = terms
        .iter()
        .zip(&counts)
        .map(|(t, &c)| match &t.tail {
            Some(tail) => {
                let mut v = t.head.clone();
                v.extend_from_slice(&ell[longest - c..]);
                v.extend_from_slice(tail);
                v
            }
            None => t.head.clone(),
        })
        .collect();
    let output = match &out_term {
        Some(t) => {
            let mut v = t.head.clone();
            if let Some(tail) = &t.tail {
                v.extend_from_slice(&ell);
                v.extend_from_slice(tail);
            }
            // Each output letter once, and only letters of the inputs.
            let all: Set = inputs.iter().map(|i| set_of(i)).fold(0, |a, b| a | b);
            let r = rhs.unwrap_or(&[]);
            for (i, &l) in v.iter().enumerate() {
                if ell.contains(&l) {
                    continue;
                }
                let c = SYMBOLS[l as usize];
                let pos = r.iter().find(|&&(x, _)| x == c).map_or(0, |&(_, p)| p);
                if v[..i].contains(&l) {
                    let again = r
                        .iter()
                        .filter(|&&(x, _)| x == c)
                        .nth(1)
                        .map_or(pos, |x| x.1);
                    return Err(parse_err(
                        subscripts,
                        again,
                        format!(
                            "output character {} appeared more than once in the output",
                            c as char
                        ),
                    ));
                }
                if all & (1 << l) == 0 {
                    return Err(parse_err(
                        subscripts,
                        pos,
                        format!("output character {} did not appear in the input", c as char),
                    ));
                }
            }
            v
        }
        None => {
            // Implicit output: the ellipsis, then the letters used exactly once, sorted.
            let mut count = [0usize; 52];
            for &l in inputs.iter().flatten() {
                count[l as usize] += 1;
            }
            let mut v = ell.clone();
            v.extend((0..52u8).filter(|&l| count[l as usize] == 1 && !ell.contains(&l)));
            v
        }
    };

    // Each subscript names its operand's axes.
    for (k, (labels, op)) in inputs.iter().zip(operands).enumerate() {
        if labels.len() != op.len() {
            return Err(Error::Shape {
                op: "einsum",
                msg: format!(
                    "einstein sum subscript '{}' does not contain the correct number of indices \
                     for operand {k} (it has {} dimensions)",
                    String::from_utf8_lossy(&text(&terms[k])),
                    op.len()
                ),
            });
        }
    }
    let ellipsis = set_of(&ell);
    let name = |l: u8| {
        if ellipsis & (1 << l) != 0 {
            "...".to_string()
        } else {
            (SYMBOLS[l as usize] as char).to_string()
        }
    };
    // Label lengths: equal, or 1 (broadcast), as NumPy's einsum_path checks them.
    let mut sizes = [0usize; 52];
    let mut seen: Set = 0;
    for (k, (labels, op)) in inputs.iter().zip(operands).enumerate() {
        for (&l, &d) in labels.iter().zip(op.iter()) {
            let s = &mut sizes[l as usize];
            if seen & (1 << l) == 0 || *s == 1 {
                *s = d;
            } else if d != 1 && d != *s {
                return Err(Error::Shape {
                    op: "einsum",
                    msg: format!(
                        "size of label '{}' for operand {k} ({d}) does not match previous \
                         terms ({})",
                        name(l),
                        *s
                    ),
                });
            }
            seen |= 1 << l;
        }
    }
    // A diagonal needs equal lengths (NumPy does not broadcast inside one operand).
    for (k, (labels, op)) in inputs.iter().zip(operands).enumerate() {
        for (i, &l) in labels.iter().enumerate() {
            if let Some(j) = labels[..i].iter().position(|&x| x == l)
                && op[i] != op[j]
            {
                return Err(Error::Shape {
                    op: "einsum",
                    msg: format!(
                        "dimensions in operand {k} for collapsing index '{}' don't match \
                         ({} != {})",
                        name(l),
                        op[j],
                        op[i]
                    ),
                });
            }
        }
    }
    Ok(Parsed {
        inputs,
        output,
        sizes,
    })
}

/// A term as written (letters and `...`), for messages.
fn text(t: &Term) -> Vec<u8> {
    let mut v: Vec<u8> = t.head.iter().map(|&l| SYMBOLS[l as usize]).collect();
    if let Some(tail) = &t.tail {
        v.extend_from_slice(b"...");
        v.extend(tail.iter().map(|&l| SYMBOLS[l as usize]));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    fn p(s: &str, shapes: &[&[usize]]) -> Result<(String, String)> {
        let arrays: Vec<Array> = shapes.iter().map(|s| Array::zeros(s, DType::F64)).collect();
        let refs: Vec<&Array> = arrays.iter().collect();
        let parsed = parse(s, &refs)?;
        let ins: Vec<String> = parsed.inputs.iter().map(|i| Parsed::letters(i)).collect();
        Ok((ins.join(","), Parsed::letters(&parsed.output)))
    }

    #[test]
    fn implicit_output_sorts_uppercase_first_and_skips_repeats() {
        assert_eq!(p("ba", &[&[2, 3]]).unwrap().1, "ab");
        assert_eq!(p("bA,c", &[&[2, 3], &[4]]).unwrap().1, "Abc");
        assert_eq!(p("ii", &[&[3, 3]]).unwrap().1, "");
        assert_eq!(p("ij,jk", &[&[2, 3], &[3, 4]]).unwrap().1, "ik");
        assert_eq!(p(" i j -> j i ", &[&[2, 3]]).unwrap().1, "ji");
    }

    #[test]
    fn ellipsis_labels_are_right_aligned_and_lead_the_implicit_output() {
        let (ins, out) = p("...i,...i", &[&[5, 2, 3], &[2, 3]]).unwrap();
        assert_eq!(ins, "yzi,zi");
        assert_eq!(out, "yz");
        let (ins, out) = p("i...->...", &[&[3, 4]]).unwrap();
        assert_eq!((ins.as_str(), out.as_str()), ("iz", "z"));
        assert_eq!(p("...", &[&[]]).unwrap().0, "");
    }

    #[test]
    fn errors_name_the_position_and_the_sizes() {
        let e = p("ij,j!", &[&[2, 3], &[3]]).unwrap_err();
        assert!(matches!(e, Error::Parse { pos: 4, .. }), "{e}");
        let e = p("ij->jj", &[&[2, 3]]).unwrap_err();
        assert!(matches!(e, Error::Parse { pos: 5, .. }), "{e}");
        let e = p("i->->", &[&[2]]).unwrap_err();
        assert!(matches!(e, Error::Parse { pos: 3, .. }), "{e}");
        let e = p("ij->..i", &[&[2, 3]]).unwrap_err();
        assert!(e.to_string().contains("invalid ellipses"), "{e}");
        let e = p("ij,jk", &[&[2, 3], &[4, 5]]).unwrap_err();
        assert!(e.to_string().contains("'j' for operand 1 (4)"), "{e}");
        assert!(e.to_string().contains("previous terms (3)"), "{e}");
        let e = p("ii", &[&[1, 3]]).unwrap_err();
        assert!(e.to_string().contains("(1 != 3)"), "{e}");
        assert!(p("i,i", &[&[2]]).is_err());
        assert!(parse("i", &[]).is_err());
    }
}
