//! [`EinsumPath`]: a planned path with NumPy's cost figures and its printed report.
//!
//! The figures are NumPy's `einsum_path` definitions: the naive count contracts every term
//! at once; the optimized count is the sum of the steps' counts plus one; the largest
//! intermediate is the largest step result (in elements). Each step's result lists its labels
//! by (size, letter), the order NumPy prints, except the last, which is the output.

use super::parse::{Parsed, Set, set_of};
use super::path::{Optimize, find_contraction, flop_count, size_of};
use std::fmt;

/// One step of a path: the terms it takes and the term it makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    /// Positions into the current term list, largest first (the order they are taken out).
    pub positions: Vec<usize>,
    /// The labels of the terms taken, in that order.
    pub inputs: Vec<Vec<u8>>,
    /// The labels of the result.
    pub result: Vec<u8>,
    /// The term list after the step.
    pub remaining: Vec<Vec<u8>>,
    /// The number of labels the step loops over.
    pub scaling: usize,
}

/// A contraction order for an einsum expression and what it costs (`np.einsum_path`).
///
/// `Display` prints NumPy's report: the complete contraction, naive and optimized scaling and
/// FLOP counts, the theoretical speedup, the largest intermediate and one line per step. It is
/// NumPy's text exactly, except that the letters standing for `...` are the last unused ones
/// (`yz` for two axes), where NumPy picks them from a hash set at random.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::{Optimize, einsum_path};
/// let a = Array::ones(&[2, 2], DType::F64);
/// let b = Array::ones(&[2, 5], DType::F64);
/// let c = Array::ones(&[5, 2], DType::F64);
/// let p = einsum_path("ij,jk,kl->il", &[&a, &b, &c], Optimize::Greedy)?;
/// assert_eq!(p.path, vec![vec![1, 2], vec![0, 1]]);
/// assert_eq!((p.naive_flops, p.optimized_flops), (120, 57));
/// assert!(p.to_string().contains("kl,jk->jl"));
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EinsumPath {
    /// The steps as NumPy lists them (without its leading `'einsum_path'`): each the positions
    /// of the terms to contract in the current term list, whose result goes to the end.
    pub path: Vec<Vec<usize>>,
    /// NumPy's "Naive FLOP count": all terms contracted in one loop nest.
    pub naive_flops: u128,
    /// NumPy's "Optimized FLOP count": the sum over the steps, plus one.
    pub optimized_flops: u128,
    /// The largest step result, in elements.
    pub largest_intermediate: usize,
    /// The optimiser that made the path ([`Optimize::Optimal`] falls back to
    /// [`Optimize::Greedy`] above [`OPTIMAL_MAX_OPERANDS`](super::OPTIMAL_MAX_OPERANDS) operands).
    pub optimizer: Optimize,
    pub(crate) steps: Vec<Step>,
    pub(crate) naive_scaling: usize,
    pub(crate) contraction: String,
}

/// Builds the steps and figures of `path` for `parsed` (NumPy's contraction list).
pub(crate) fn build(parsed: &Parsed, path: Vec<Vec<usize>>, optimizer: Optimize) -> EinsumPath {
    let sizes = &parsed.sizes;
    let output: Set = set_of(&parsed.output);
    let mut sets: Vec<Set> = parsed.inputs.iter().map(|t| set_of(t)).collect();
    let mut terms: Vec<Vec<u8>> = parsed.inputs.clone();
    let (mut steps, mut cost, mut largest) = (Vec::new(), 0u128, 0u128);
    for (k, p) in path.iter().enumerate() {
        let mut positions = p.clone();
        positions.sort_unstable_by(|a, b| b.cmp(a));
        let c = find_contraction(&positions, &sets, output);
        cost = cost.saturating_add(flop_count(
            c.contract,
            c.removed != 0,
            positions.len(),
            sizes,
        ));
        largest = largest.max(size_of(c.result, sizes));
        sets = c.remaining;
        let inputs: Vec<Vec<u8>> = positions.iter().map(|&x| terms.remove(x)).collect();
        let result = if k + 1 == path.len() {
            parsed.output.clone()
        } else {
            let mut r: Vec<u8> = (0..52u8).filter(|l| c.result & (1 << l) != 0).collect();
            r.sort_by_key(|&l| (sizes[l as usize], l));
            r
        };
        terms.push(result.clone());
        steps.push(Step {
            positions,
            inputs,
            result,
            remaining: terms.clone(),
            scaling: c.contract.count_ones() as usize,
        });
    }
    let all: Set = parsed
        .inputs
        .iter()
        .map(|t| set_of(t))
        .fold(0, |a, b| a | b);
    let unique: usize = parsed
        .inputs
        .iter()
        .map(|t| set_of(t).count_ones() as usize)
        .sum();
    let inner = unique > all.count_ones() as usize;
    let naive = flop_count(all, inner, parsed.inputs.len(), sizes);
    let ins: Vec<String> = parsed.inputs.iter().map(|t| Parsed::letters(t)).collect();
    EinsumPath {
        path,
        naive_flops: naive,
        optimized_flops: cost.saturating_add(1),
        largest_intermediate: usize::try_from(largest).unwrap_or(usize::MAX),
        optimizer,
        steps,
        naive_scaling: all.count_ones() as usize,
        contraction: format!("{}->{}", ins.join(","), Parsed::letters(&parsed.output)),
    }
}

/// Python's `'%.3e' % x`: three decimals and an exponent of at least two digits.
fn sci(x: f64) -> String {
    let s = format!("{x:.3e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let e: i32 = e.parse().unwrap_or(0);
            let sign = if e < 0 { '-' } else { '+' };
            format!("{m}e{sign}{:02}", e.abs())
        }
        None => s,
    }
}

impl fmt::Display for EinsumPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scaling = self.steps.iter().map(|s| s.scaling).max().unwrap_or(0);
        let (naive, opt) = (self.naive_flops as f64, self.optimized_flops as f64);
        writeln!(f, "  Complete contraction:  {}", self.contraction)?;
        writeln!(f, "         Naive scaling:  {}", self.naive_scaling)?;
        writeln!(f, "     Optimized scaling:  {scaling}")?;
        writeln!(f, "      Naive FLOP count:  {}", sci(naive))?;
        writeln!(f, "  Optimized FLOP count:  {}", sci(opt))?;
        writeln!(f, "   Theoretical speedup:  {:.3}", naive / opt)?;
        writeln!(
            f,
            "  Largest intermediate:  {} elements",
            sci(self.largest_intermediate as f64)
        )?;
        writeln!(f, "{}", "-".repeat(74))?;
        writeln!(f, "{:>6} {:>24} {:>40}", "scaling", "current", "remaining")?;
        write!(f, "{}", "-".repeat(74))?;
        let out = self.contraction.rsplit("->").next().unwrap_or("");
        for s in &self.steps {
            let ins: Vec<String> = s.inputs.iter().map(|t| Parsed::letters(t)).collect();
            let current = format!("{}->{}", ins.join(","), Parsed::letters(&s.result));
            let rem: Vec<String> = s.remaining.iter().map(|t| Parsed::letters(t)).collect();
            let remaining = format!("{}->{out}", rem.join(","));
            write!(f, "\n{:>4}    {current:>24} {remaining:>40}", s.scaling)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::sci;

    #[test]
    fn scientific_like_python() {
        assert_eq!(sci(160.0), "1.600e+02");
        assert_eq!(sci(8e8), "8.000e+08");
        assert_eq!(sci(0.0), "0.000e+00");
        assert_eq!(sci(1.5e-3), "1.500e-03");
        assert_eq!(sci(1e120), "1.000e+120");
    }
}
