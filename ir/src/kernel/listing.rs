//! The kernel listing (the `fuse` filetests' output and `explain`'s kernel section) and the
//! estimate of the bytes each kernel moves.
//!
//! The listing is deterministic: no addresses, no times, buffers and temporaries numbered in
//! order.

use super::{BufferKind, Expr, Inst, Kernel, KernelGraph, KernelKind};
use crate::dtype::DType;
use crate::op::Lit;
use crate::shape::Dim;
use std::collections::BTreeMap;
use std::fmt;

impl KernelGraph {
    /// Estimated bytes a kernel moves: `(read, write)`. An input counts the elements its map
    /// can reach (the extents of the loop axes the map uses; a broadcast read counts once, as
    /// if caches kept it); an output counts its whole buffer.
    pub fn bytes(&self, k: &Kernel) -> (Poly, Poly) {
        let mut read = Poly::default();
        for (n, inp) in k.inputs.iter().enumerate() {
            let over = match &k.kind {
                KernelKind::Call { operands, .. } => operands.get(n).unwrap_or(&k.domain),
                _ => &k.domain,
            };
            let dims: Vec<&Dim> = inp
                .map
                .used_axes()
                .iter()
                .filter_map(|&a| over.dims().get(a))
                .collect();
            read.add(&Poly::product(
                &dims,
                self.buffer(inp.buffer).dtype.itemsize(),
            ));
        }
        let mut write = Poly::default();
        for out in &k.outputs {
            let b = self.buffer(out.buffer);
            let dims: Vec<&Dim> = b.shape.dims().iter().collect();
            write.add(&Poly::product(&dims, b.dtype.itemsize()));
        }
        (read, write)
    }
}

/// A polynomial in the symbolic lengths with non-negative integer coefficients (bytes moved).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Poly(BTreeMap<Vec<String>, u128>);

impl Poly {
    /// `k * d0 * d1 * ...`.
    fn product(dims: &[&Dim], k: usize) -> Poly {
        let mut coeff = k as u128;
        let mut syms = Vec::new();
        for d in dims {
            match d {
                Dim::Fixed(n) => coeff = coeff.saturating_mul(*n as u128),
                Dim::Sym(s) => syms.push(s.to_string()),
            }
        }
        syms.sort();
        let mut p = Poly::default();
        if coeff != 0 {
            p.0.insert(syms, coeff);
        }
        p
    }

    fn add(&mut self, other: &Poly) {
        for (m, c) in &other.0 {
            let e = self.0.entry(m.clone()).or_insert(0);
            *e = e.saturating_add(*c);
        }
    }

    /// The value, when no symbol appears.
    pub fn fixed(&self) -> Option<u128> {
        if self.0.keys().all(Vec::is_empty) {
            Some(self.0.values().sum())
        } else {
            None
        }
    }
}

impl fmt::Display for Poly {
    /// `0`, `800`, `16*d*n + 8*n`: higher-degree terms first, then by name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("0");
        }
        let mut terms: Vec<(&Vec<String>, &u128)> = self.0.iter().collect();
        terms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        for (k, (syms, c)) in terms.into_iter().enumerate() {
            if k > 0 {
                f.write_str(" + ")?;
            }
            if *c != 1 || syms.is_empty() {
                write!(f, "{c}")?;
            }
            for (j, s) in syms.iter().enumerate() {
                if j > 0 || *c != 1 {
                    f.write_str("*")?;
                }
                f.write_str(s)?;
            }
        }
        Ok(())
    }
}

fn fmt_lit(v: Lit, dtype: DType) -> String {
    match v {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) => i.to_string(),
        Lit::Float(x) => {
            let x = x.get();
            let s = if dtype == DType::F32 {
                format!("{:?}", x as f32)
            } else {
                format!("{x:?}")
            };
            if s == "NaN" { "nan".to_string() } else { s }
        }
    }
}

impl Kernel {
    fn header(&self) -> String {
        let what = match &self.kind {
            KernelKind::Elementwise => "elementwise".to_string(),
            KernelKind::Reduce { axes, keepdims } => {
                let list: Vec<String> = axes.iter().map(ToString::to_string).collect();
                let kd = if *keepdims { ", keepdims" } else { "" };
                format!("reduce axes=[{}]{kd}", list.join(", "))
            }
            KernelKind::Scan { axis } => format!("scan axis={axis}"),
            KernelKind::Call { f, .. } => format!("call {f}"),
        };
        format!(
            "kernel {} {} over {}: {what}",
            self.id, self.name, self.domain
        )
    }

    /// Writes the listing of this kernel, naming buffers as `graph` does.
    pub fn write(&self, graph: &KernelGraph, f: &mut impl fmt::Write) -> fmt::Result {
        writeln!(f, "{}", self.header())?;
        for (n, inp) in self.inputs.iter().enumerate() {
            let b = graph.buffer(inp.buffer);
            write!(f, "    in{n}: {} {}{}", b.name, b.dtype, b.shape)?;
            if inp.shape != b.shape {
                write!(f, " as {}", inp.shape)?;
            }
            write!(f, " at {}", inp.map)?;
            if let KernelKind::Call { operands, .. } = &self.kind
                && let Some(s) = operands.get(n)
            {
                write!(f, " over {s}")?;
            }
            writeln!(f)?;
        }
        for (n, out) in self.outputs.iter().enumerate() {
            let b = graph.buffer(out.buffer);
            writeln!(
                f,
                "    out{n}: {} {}{} at {}",
                b.name, b.dtype, b.shape, out.map
            )?;
        }
        for (n, a) in self.args.iter().enumerate() {
            writeln!(f, "    c{n}: {} = {}", a.dtype, fmt_lit(a.value, a.dtype))?;
        }
        let (read, write) = graph.bytes(self);
        writeln!(f, "    bytes: read {read}, write {write}")?;
        for inst in &self.body {
            match inst {
                Inst::Store { output, value } => writeln!(f, "    store out{output}, {value}")?,
                Inst::Let { temp, dtype, expr } => {
                    write!(f, "    t{temp}: {dtype} = ")?;
                    match expr {
                        Expr::Load(k) => write!(f, "load in{k}")?,
                        Expr::Unary(op, x) => write!(f, "{op} {x}")?,
                        Expr::Binary(op, a, b) => write!(f, "{op} {a}, {b}")?,
                        Expr::Select(c, a, b) => write!(f, "where {c}, {a}, {b}")?,
                        Expr::Cast(x) => write!(f, "cast {x}")?,
                        Expr::Reduce(op, x) => write!(f, "reduce {op} {x}")?,
                        Expr::Scan(op, x) => write!(f, "scan {op} {x}")?,
                        Expr::Call(c, ins) => {
                            let list: Vec<String> = ins.iter().map(|k| format!("in{k}")).collect();
                            write!(f, "call {c}({})", list.join(", "))?;
                        }
                    }
                    writeln!(f)?;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Display for KernelGraph {
    /// The listing: a summary line, the buffers, then each kernel (blank-line separated).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "kernels %{}: {}", self.name, self.kernels.len())?;
        for b in &self.buffers {
            let kind = match b.kind {
                BufferKind::Input(_) => "input",
                BufferKind::Temp => "temp",
                BufferKind::Output(_) => "output",
            };
            write!(f, "    {kind} {}: {}{}", b.name, b.dtype, b.shape)?;
            match &b.note {
                Some(why) => writeln!(f, "  ({why})")?,
                None => writeln!(f)?,
            }
        }
        let outs: Vec<&str> = self
            .outputs
            .iter()
            .map(|o| self.buffer(*o).name.as_str())
            .collect();
        writeln!(f, "    return {}", outs.join(", "))?;
        for k in &self.kernels {
            writeln!(f)?;
            k.write(self, f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poly_display() {
        let n = Dim::from("n");
        let d = Dim::from("d");
        let mut p = Poly::product(&[&n, &d], 8);
        p.add(&Poly::product(&[&d, &n], 8));
        p.add(&Poly::product(&[&n], 4));
        assert_eq!(p.to_string(), "16*d*n + 4*n");
        assert_eq!(p.fixed(), None);
        let q = Poly::product(&[&Dim::Fixed(10), &Dim::Fixed(3)], 8);
        assert_eq!(q.to_string(), "240");
        assert_eq!(q.fixed(), Some(240));
        assert_eq!(Poly::product(&[&Dim::Fixed(0)], 8).to_string(), "0");
        assert_eq!(Poly::product(&[&n, &d], 1).to_string(), "d*n");
        assert_eq!(Poly::product(&[], 1).to_string(), "1");
    }
}
