//! The contraction path: which operands to contract at each step, and what it costs.
//!
//! Costs and the two searches follow NumPy's `einsum_path` (numpy/_core/einsumfunc.py, after
//! opt_einsum) exactly, so that paths and FLOP counts can be compared with NumPy's:
//!
//! 1. A step contracting `k` terms over the labels `C` costs `Π size(C) · (max(1, k-1) + inner)`,
//!    where `inner` is 1 when the step sums some label away.
//! 2. The memory limit is NumPy's default for a named optimiser: the largest input or output
//!    size (in elements, counting a repeated label twice as NumPy does). A step whose result is
//!    larger is never chosen; when nothing fits, the rest is one step over all remaining terms.
//! 3. Positions in a path are into the current list of terms; each step removes its terms and
//!    appends its result at the end.
//! 4. With one or two operands, or when no label is summed, the named optimisers return the
//!    single step over all operands, as NumPy does.

use super::parse::{Parsed, Set};

/// How `einsum` chooses the order of its pairwise contractions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Optimize {
    /// No search: contract the operands pairwise, left to right as written.
    None,
    /// NumPy's greedy heuristic (`optimize='greedy'`, and `optimize=True`): at each step the
    /// pair that removes the most elements, then the cheapest.
    #[default]
    Greedy,
    /// Exhaustive search over pair orders for the fewest FLOPs (`optimize='optimal'`); above
    /// [`OPTIMAL_MAX_OPERANDS`] operands it falls back to [`Optimize::Greedy`].
    Optimal,
}

/// The most operands [`Optimize::Optimal`] searches exhaustively (the search grows factorially).
pub const OPTIMAL_MAX_OPERANDS: usize = 8;

/// The problem the searches see: label sets of the terms, the output set, label sizes.
pub(crate) struct Problem<'a> {
    pub inputs: Vec<Set>,
    pub output: Set,
    pub sizes: &'a [usize; 52],
    pub limit: u128,
}

/// `Π sizes` over the labels of a set.
pub(crate) fn size_of(set: Set, sizes: &[usize; 52]) -> u128 {
    (0..52)
        .filter(|l| set & (1 << l) != 0)
        .fold(1u128, |acc, l| acc.saturating_mul(sizes[l] as u128))
}

/// `Π sizes` over a label list, repeats counted (NumPy's `_compute_size_by_dict` of a string).
pub(crate) fn size_of_list(labels: &[u8], sizes: &[usize; 52]) -> u128 {
    labels.iter().fold(1u128, |acc, &l| {
        acc.saturating_mul(sizes[l as usize] as u128)
    })
}

/// Condition 1 of the module doc.
pub(crate) fn flop_count(contract: Set, inner: bool, terms: usize, sizes: &[usize; 52]) -> u128 {
    let factor = terms.saturating_sub(1).max(1) as u128 + u128::from(inner);
    size_of(contract, sizes).saturating_mul(factor)
}

/// The result of contracting the terms at `positions`.
pub(crate) struct Contraction {
    /// Labels of the new term.
    pub result: Set,
    /// The other terms in order, then the new one.
    pub remaining: Vec<Set>,
    /// Labels summed away by this step.
    pub removed: Set,
    /// All labels of the contracted terms.
    pub contract: Set,
}

/// NumPy's `_find_contraction`.
pub(crate) fn find_contraction(positions: &[usize], sets: &[Set], output: Set) -> Contraction {
    let (mut contract, mut keep) = (0, output);
    let mut remaining = Vec::with_capacity(sets.len() + 1 - positions.len());
    for (i, &s) in sets.iter().enumerate() {
        if positions.contains(&i) {
            contract |= s;
        } else {
            remaining.push(s);
            keep |= s;
        }
    }
    let result = keep & contract;
    remaining.push(result);
    Contraction {
        result,
        remaining,
        removed: contract & !result,
        contract,
    }
}

/// The path of [`Optimize::None`]: operands 0 and 1, then that result with the next operand.
pub(crate) fn left_to_right(n: usize) -> Vec<Vec<usize>> {
    match n {
        0 | 1 => vec![vec![0]],
        _ => (0..n - 1)
            .map(|s| {
                if s == 0 {
                    vec![0, 1]
                } else {
                    vec![0, n - 1 - s]
                }
            })
            .collect(),
    }
}

/// Plans the path for `parsed` (module doc); returns it and the optimiser that ran.
pub(crate) fn plan(parsed: &Parsed, optimize: Optimize) -> (Vec<Vec<usize>>, Optimize) {
    let n = parsed.inputs.len();
    if optimize == Optimize::None {
        return (left_to_right(n), Optimize::None);
    }
    let inputs: Vec<Set> = parsed
        .inputs
        .iter()
        .map(|t| super::parse::set_of(t))
        .collect();
    let output = super::parse::set_of(&parsed.output);
    let all = inputs.iter().fold(0, |a, &b| a | b);
    if n <= 2 || all == output {
        return ((vec![(0..n).collect()]), optimize);
    }
    let limit = parsed
        .inputs
        .iter()
        .chain(std::iter::once(&parsed.output))
        .map(|t| size_of_list(t, &parsed.sizes))
        .max()
        .unwrap_or(1);
    let problem = Problem {
        inputs,
        output,
        sizes: &parsed.sizes,
        limit,
    };
    if optimize == Optimize::Optimal && n <= OPTIMAL_MAX_OPERANDS {
        (optimal(&problem), Optimize::Optimal)
    } else {
        (greedy(&problem), Optimize::Greedy)
    }
}

/// One candidate pair of the greedy search: its sort key, positions and the terms after it.
#[derive(Clone)]
struct Candidate {
    /// `(-removed elements, flops)`, compared as a tuple.
    key: (i128, u128),
    pos: (usize, usize),
    sets: Vec<Set>,
}

/// NumPy's `_parse_possible_contraction`.
fn candidate(
    p: &Problem,
    pos: (usize, usize),
    sets: &[Set],
    path_cost: u128,
    naive: u128,
) -> Option<Candidate> {
    let c = find_contraction(&[pos.0, pos.1], sets, p.output);
    let new_size = size_of(c.result, p.sizes);
    if new_size > p.limit {
        return None;
    }
    let old = size_of(sets[pos.0], p.sizes) as i128 + size_of(sets[pos.1], p.sizes) as i128;
    let removed = old - new_size as i128;
    let cost = flop_count(c.contract, c.removed != 0, 2, p.sizes);
    if path_cost.saturating_add(cost) > naive {
        return None;
    }
    Some(Candidate {
        key: (-removed, cost),
        pos,
        sets: c.remaining,
    })
}

/// NumPy's greedy path (`_greedy_path`), including its quirks: after the first step only pairs
/// with the newest term are scored, and candidates from earlier steps keep their scores.
pub(crate) fn greedy(p: &Problem) -> Vec<Vec<usize>> {
    let n = p.inputs.len();
    if n <= 2 {
        return vec![(0..n).collect()];
    }
    let all: Vec<usize> = (0..n).collect();
    let c = find_contraction(&all, &p.inputs, p.output);
    let naive = flop_count(c.contract, c.removed != 0, n, p.sizes);
    let mut sets = p.inputs.clone();
    let mut pairs: Vec<(usize, usize)> = pairs_of(n);
    let mut known: Vec<Candidate> = Vec::new();
    let (mut path, mut path_cost) = (Vec::new(), 0u128);
    for _ in 0..n - 1 {
        for &(i, j) in &pairs {
            // Outer products are considered only when nothing else is left.
            if sets[i] & sets[j] == 0 {
                continue;
            }
            known.extend(candidate(p, (i, j), &sets, path_cost, naive));
        }
        if known.is_empty() {
            for (i, j) in pairs_of(sets.len()) {
                known.extend(candidate(p, (i, j), &sets, path_cost, naive));
            }
            if known.is_empty() {
                path.push((0..sets.len()).collect());
                break;
            }
        }
        let mut best = 0;
        for (k, c) in known.iter().enumerate() {
            if c.key < known[best].key {
                best = k;
            }
        }
        let best = known[best].clone();
        known = update_others(known, &best);
        sets = best.sets;
        let newest = sets.len() - 1;
        pairs = (0..newest).map(|i| (i, newest)).collect();
        path.push(vec![best.pos.0, best.pos.1]);
        path_cost = path_cost.saturating_add(best.key.1);
    }
    path
}

/// All pairs `i < j` below `n`, in lexicographic order (`itertools.combinations`).
fn pairs_of(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .collect()
}

/// NumPy's `_update_other_results`: drops candidates that share a term with `best` and
/// renumbers the others for the term list after `best`.
fn update_others(known: Vec<Candidate>, best: &Candidate) -> Vec<Candidate> {
    let (bx, by) = best.pos;
    let newest = *best.sets.last().expect("a contraction leaves its result");
    let shift = |v: usize, a: usize, b: usize| v - usize::from(v > a) - usize::from(v > b);
    known
        .into_iter()
        .filter(|c| ![bx, by].contains(&c.pos.0) && ![bx, by].contains(&c.pos.1))
        .map(|mut c| {
            let (x, y) = c.pos;
            c.sets.remove(shift(by, x, y));
            c.sets.remove(shift(bx, x, y));
            let at = c.sets.len() - 1;
            c.sets.insert(at, newest);
            c.pos = (shift(x, bx, by), shift(y, bx, by));
            c
        })
        .collect()
}

/// A partial path of pair steps and its cost.
type Partial = (u128, Vec<(usize, usize)>);

/// NumPy's optimal path (`_optimal_path`): every sequence of pair contractions within the
/// memory limit, the cheapest winning and ties going to the first in NumPy's breadth-first
/// order (which is the lexicographic order of the choices). Searched depth first with
/// pruning: a partial path that already costs as much as the best complete one cannot win.
pub(crate) fn optimal(p: &Problem) -> Vec<Vec<usize>> {
    let n = p.inputs.len();
    // best[d]: the cheapest (first) path of d steps, for the "nothing fits" fallback.
    let mut best: Vec<Option<Partial>> = vec![None; n];
    let mut stack = Vec::new();
    dfs(p, &p.inputs, 0, &mut stack, &mut best);
    let deepest = (0..n).rev().find(|&d| best[d].is_some()).unwrap_or(0);
    let (_, steps) = best[deepest].clone().unwrap_or((0, Vec::new()));
    let mut path: Vec<Vec<usize>> = steps.iter().map(|&(i, j)| vec![i, j]).collect();
    if deepest < n - 1 {
        path.push((0..n - deepest).collect());
    }
    path
}

fn dfs(
    p: &Problem,
    sets: &[Set],
    cost: u128,
    stack: &mut Vec<(usize, usize)>,
    best: &mut [Option<Partial>],
) {
    let depth = stack.len();
    let last = best.len() - 1;
    if best[depth].as_ref().is_none_or(|b| cost < b.0) {
        best[depth] = Some((cost, stack.clone()));
    }
    if depth == last {
        return;
    }
    for (i, j) in pairs_of(sets.len()) {
        let c = find_contraction(&[i, j], sets, p.output);
        if size_of(c.result, p.sizes) > p.limit {
            continue;
        }
        let total = cost.saturating_add(flop_count(c.contract, c.removed != 0, 2, p.sizes));
        if best[last].as_ref().is_some_and(|b| total >= b.0) {
            continue;
        }
        stack.push((i, j));
        dfs(p, &c.remaining, total, stack, best);
        stack.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem<'a>(terms: &[&str], out: &str, sizes: &'a [usize; 52], limit: u128) -> Problem<'a> {
        let set = |t: &str| {
            t.bytes()
                .map(|c| c - b'a' + 26)
                .fold(0u64, |s, l| s | 1 << l)
        };
        Problem {
            inputs: terms.iter().map(|t| set(t)).collect(),
            output: set(out),
            sizes,
            limit,
        }
    }

    /// NumPy's docstring examples of `_greedy_path` and `_optimal_path`.
    #[test]
    fn docstring_examples() {
        let mut sizes = [0usize; 52];
        for (c, s) in [(b'a', 1), (b'b', 2), (b'c', 3), (b'd', 4)] {
            sizes[(c - b'a' + 26) as usize] = s;
        }
        let p = problem(&["abd", "ac", "bdc"], "", &sizes, 5000);
        assert_eq!(greedy(&p), vec![vec![0, 2], vec![0, 1]]);
        assert_eq!(optimal(&p), vec![vec![0, 2], vec![0, 1]]);
        assert_eq!(flop_count(0b111 << 26, false, 1, &sizes), 6);
        assert_eq!(flop_count(0b111 << 26, true, 2, &sizes), 12);
    }

    #[test]
    fn left_to_right_numbers_the_running_result_last() {
        assert_eq!(left_to_right(1), vec![vec![0]]);
        assert_eq!(left_to_right(2), vec![vec![0, 1]]);
        assert_eq!(left_to_right(4), vec![vec![0, 1], vec![0, 2], vec![0, 1]]);
    }
}
