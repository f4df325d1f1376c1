//! The parser: text in the form described in [`crate::text`] to [`Graph`]s.
//!
//! Invariants:
//! 1. Never panics: every input gives graphs or the first problem as a [`ParseError`] with a
//!    1-based line and column inside the text (an error at the end of the text points just
//!    after its last character).
//! 2. No inference: each node gets the dtype and shape its line declares, through
//!    [`Graph::intern`], so a well-formed but ill-typed graph parses and the verifier reports
//!    it. What the parser does check is what the graph could not represent: names, operand
//!    counts, literal values that do not fit their dtype, slices that do not read against the
//!    operand's declared shape, and returned values whose declared type is not the
//!    signature's.
//! 3. A weak literal takes its dtype by the printer's rule ([`super::print`]), from the
//!    declared dtypes of the node's other operands.

use super::lex::{Lexer, LitTok, Tok, Token, dtype_token};
use super::literal::{lit_dtype, lit_value};
use super::print::literal_context;
use crate::dtype::DType;
use crate::error::ParseError;
use crate::graph::{Args, Graph, Node, NodeId};
use crate::op::{Axes, BinaryOp, LibCall, Op, ReduceOp, ScanOp, UnaryOp};
use crate::shape::{Dim, Shape, Sym};
use std::collections::{HashMap, VecDeque};

/// Parses exactly one graph (comments and blank lines may surround it).
///
/// # Errors
/// The first problem, with its line and column.
pub fn parse(text: &str) -> Result<Graph, ParseError> {
    let mut p = Parser::new(text);
    let mut graphs = Vec::new();
    while let Some(start) = p.next_graph()? {
        if !graphs.is_empty() {
            return Err(start.error("expected one graph, found a second `graph`"));
        }
        graphs.push(p.graph()?);
    }
    match graphs.pop() {
        Some(g) => Ok(g),
        None => Err(p.peek()?.error("expected a graph, found none")),
    }
}

/// Parses every graph in `text`, in order (comments and blank lines may surround them).
///
/// # Errors
/// The first problem, with its line and column.
pub fn parse_all(text: &str) -> Result<Vec<Graph>, ParseError> {
    let mut p = Parser::new(text);
    let mut graphs = Vec::new();
    while p.next_graph()?.is_some() {
        graphs.push(p.graph()?);
    }
    Ok(graphs)
}

/// Tokens with lookahead.
pub(super) struct Parser {
    lex: Lexer,
    ahead: VecDeque<Token>,
}

/// An operand as written: a named node or a literal (converted once the node's other operands
/// are known).
enum Operand {
    Node(NodeId),
    Lit(LitTok, Token),
}

/// What follows the operands of an op.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Params {
    None,
    /// `, axes=[..]` and optionally `, keepdims`.
    Axes,
    /// `, axis=N`.
    Axis,
    /// `, [..]` of axis numbers.
    List,
    /// `, [..]` of slice entries.
    Slice,
}

/// One graph being built: the graph and the values named so far.
struct Body {
    g: Graph,
    names: HashMap<String, NodeId>,
}

impl Parser {
    fn new(text: &str) -> Parser {
        Parser {
            lex: Lexer::new(text),
            ahead: VecDeque::new(),
        }
    }

    /// The token `k` places ahead (0 is the next one).
    pub(super) fn peek_at(&mut self, k: usize) -> Result<&Token, ParseError> {
        while self.ahead.len() <= k {
            let at_eof = self.ahead.back().is_some_and(|t| t.tok == Tok::Eof);
            let t = if at_eof {
                self.ahead.back().cloned().expect("checked non-empty")
            } else {
                self.lex.next_token()?
            };
            self.ahead.push_back(t);
        }
        Ok(&self.ahead[k])
    }

    pub(super) fn peek(&mut self) -> Result<&Token, ParseError> {
        self.peek_at(0)
    }

    pub(super) fn bump(&mut self) -> Result<Token, ParseError> {
        self.peek()?;
        Ok(self.ahead.pop_front().expect("peeked"))
    }

    pub(super) fn at_punct(&mut self, c: char) -> Result<bool, ParseError> {
        Ok(self.peek()?.tok == Tok::Punct(c))
    }

    /// Consumes `c` or reports what is there instead.
    pub(super) fn expect(&mut self, c: char, context: &str) -> Result<Token, ParseError> {
        let t = self.bump()?;
        if t.tok == Tok::Punct(c) {
            Ok(t)
        } else {
            Err(t.error(format!("expected `{c}` {context}, found {}", t.describe())))
        }
    }

    pub(super) fn ident(&mut self, what: &str) -> Result<(String, Token), ParseError> {
        let t = self.bump()?;
        match &t.tok {
            Tok::Ident(s) => Ok((s.clone(), t.clone())),
            _ => Err(t.error(format!("expected {what}, found {}", t.describe()))),
        }
    }

    fn skip_newlines(&mut self) -> Result<(), ParseError> {
        while self.peek()?.tok == Tok::Newline {
            self.bump()?;
        }
        Ok(())
    }

    /// The end of a line: a newline, or the end of the text.
    fn end_of_line(&mut self, what: &str) -> Result<(), ParseError> {
        let t = self.bump()?;
        match t.tok {
            Tok::Newline | Tok::Eof => Ok(()),
            _ => Err(t.error(format!("unexpected {} after {what}", t.describe()))),
        }
    }

    /// Skips blank lines and returns the `graph` token that starts the next graph, or `None`
    /// at the end of the text.
    fn next_graph(&mut self) -> Result<Option<Token>, ParseError> {
        self.skip_newlines()?;
        let t = self.peek()?.clone();
        match &t.tok {
            Tok::Eof => Ok(None),
            Tok::Ident(s) if s == "graph" => Ok(Some(t)),
            _ => Err(t.error(format!("expected `graph`, found {}", t.describe()))),
        }
    }

    /// One graph, from `graph` to `}`.
    fn graph(&mut self) -> Result<Graph, ParseError> {
        self.bump()?; // `graph`
        self.expect('%', "before the graph's name")?;
        let (name, _) = self.ident("the graph's name")?;
        let mut body = Body {
            g: Graph::new(&name),
            names: HashMap::new(),
        };
        self.expect('(', "after the graph's name")?;
        if self.at_punct(')')? {
            self.bump()?;
        } else {
            loop {
                self.input(&mut body)?;
                let t = self.bump()?;
                match t.tok {
                    Tok::Punct(',') => continue,
                    Tok::Punct(')') => break,
                    _ => {
                        return Err(t.error(format!(
                            "expected `,` or `)` after an input, found {}",
                            t.describe()
                        )));
                    }
                }
            }
        }
        let arrow = self.bump()?;
        if arrow.tok != Tok::Arrow {
            return Err(arrow.error(format!(
                "expected `->` after the inputs, found {}",
                arrow.describe()
            )));
        }
        let results = self.results()?;
        self.expect('{', "after the result type")?;
        self.end_of_line("`{`")?;
        loop {
            self.skip_newlines()?;
            let t = self.peek()?.clone();
            match &t.tok {
                Tok::Ident(s) if s == "return" => break,
                Tok::Ident(_) => self.node_line(&mut body)?,
                Tok::Punct('}') => return Err(t.error("missing `return` before `}`")),
                Tok::Eof => return Err(t.error("unterminated graph: expected `return` and `}`")),
                _ => {
                    return Err(t.error(format!(
                        "expected a node line `vN: TYPE = OP ...` or `return`, found {}",
                        t.describe()
                    )));
                }
            }
        }
        self.return_line(&mut body, &results)?;
        self.skip_newlines()?;
        let t = self.bump()?;
        match t.tok {
            Tok::Punct('}') => {}
            Tok::Eof => return Err(t.error("unterminated graph: expected `}`")),
            _ => {
                return Err(t.error(format!(
                    "expected `}}` after `return`, found {}",
                    t.describe()
                )));
            }
        }
        self.end_of_line("`}`")?;
        Ok(body.g)
    }

    /// `name: TYPE` in the signature.
    fn input(&mut self, body: &mut Body) -> Result<(), ParseError> {
        let (name, t) = self.ident("an input name")?;
        if is_node_name(&name) {
            return Err(t.error(format!(
                "input name `{name}` has the form of a node name `vN`"
            )));
        }
        if body.names.contains_key(&name) {
            return Err(t.error(format!("duplicate input name `{name}`")));
        }
        self.expect(':', "after the input name")?;
        let (dtype, shape) = self.ty()?;
        let id = body.g.input(&name, dtype, shape);
        body.names.insert(name, id);
        Ok(())
    }

    /// `TYPE` or `(TYPE, ...)`, each with the token it starts at.
    fn results(&mut self) -> Result<Vec<(DType, Shape, Token)>, ParseError> {
        let mut out = Vec::new();
        if !self.at_punct('(')? {
            let t = self.peek()?.clone();
            let (d, s) = self.ty()?;
            out.push((d, s, t));
            return Ok(out);
        }
        self.bump()?;
        if self.at_punct(')')? {
            self.bump()?;
            return Ok(out);
        }
        loop {
            let t = self.peek()?.clone();
            let (d, s) = self.ty()?;
            out.push((d, s, t));
            let t = self.bump()?;
            match t.tok {
                Tok::Punct(',') => continue,
                Tok::Punct(')') => return Ok(out),
                _ => {
                    return Err(t.error(format!(
                        "expected `,` or `)` in the result types, found {}",
                        t.describe()
                    )));
                }
            }
        }
    }

    /// `dtype[dims]`.
    fn ty(&mut self) -> Result<(DType, Shape), ParseError> {
        let (name, t) = self.ident("a dtype")?;
        let dtype = dtype_token(&name).ok_or_else(|| {
            t.error(format!(
                "unknown dtype `{name}` (expected bool, i8, i16, i32, i64, u8, u16, u32, u64, \
                 f32 or f64)"
            ))
        })?;
        self.expect('[', "to start the shape")?;
        let mut shape = Shape::scalar();
        if self.at_punct(']')? {
            self.bump()?;
            return Ok((dtype, shape));
        }
        loop {
            let t = self.bump()?;
            let dim = match &t.tok {
                Tok::Ident(s) if Sym::is_valid(s) => Dim::Sym(Sym::new(s)),
                Tok::Lit(l) => Dim::Fixed(self.unsigned(l, &t, "an axis length")?),
                _ => {
                    return Err(t.error(format!(
                        "expected an axis length (an integer or a symbol), found {}",
                        t.describe()
                    )));
                }
            };
            shape.0.push(dim);
            let t = self.bump()?;
            match t.tok {
                Tok::Punct(',') => continue,
                Tok::Punct(']') => return Ok((dtype, shape)),
                _ => {
                    return Err(t.error(format!(
                        "expected `,` or `]` in the shape, found {}",
                        t.describe()
                    )));
                }
            }
        }
    }

    /// `vN: TYPE = OP OPERANDS[, PARAMS]`.
    fn node_line(&mut self, body: &mut Body) -> Result<(), ParseError> {
        let (name, name_tok) = self.ident("a node name")?;
        if !is_node_name(&name) {
            return Err(name_tok.error(format!(
                "expected a node name `vN` or `return`, found `{name}`"
            )));
        }
        if body.names.contains_key(&name) {
            return Err(name_tok.error(format!("`{name}` is already defined")));
        }
        self.expect(':', "after the node name")?;
        let (dtype, shape) = self.ty()?;
        self.expect('=', "after the node's type")?;
        let node = self.rhs(body, dtype, shape)?;
        self.end_of_line_after_node(body, &node)?;
        let id = body.g.intern(node);
        body.names.insert(name, id);
        Ok(())
    }

    /// After a node's operands and parameters: the end of the line. A `,` and a value there
    /// mean one operand too many.
    fn end_of_line_after_node(&mut self, body: &Body, node: &Node) -> Result<(), ParseError> {
        if self.at_punct(',')? {
            let next = self.peek_at(1)?.clone();
            let is_value = match &next.tok {
                Tok::Lit(_) => true,
                Tok::Ident(s) => body.names.contains_key(s),
                _ => false,
            };
            if is_value {
                return Err(next.error(format!(
                    "too many operands: `{}` takes {}",
                    node.op.mnemonic(),
                    node.op.arity()
                )));
            }
        }
        self.end_of_line(&format!("the `{}` line", node.op.mnemonic()))
    }

    /// The op, its operands and parameters; the node has the declared type.
    fn rhs(&mut self, body: &mut Body, dtype: DType, shape: Shape) -> Result<Node, ParseError> {
        let (mut name, op_tok) = self.ident("an op")?;
        let (mut op, params) = match name.as_str() {
            "where" => (Op::Select, Params::None),
            "cast" => (Op::Cast, Params::None),
            "broadcast" => (Op::Broadcast, Params::None),
            "reshape" => (Op::Reshape, Params::None),
            "permute" => (Op::Permute(Axes::new()), Params::List),
            "expand_dims" => (Op::ExpandDims(Axes::new()), Params::List),
            "squeeze" => (Op::Squeeze(Axes::new()), Params::List),
            "slice" => (Op::Slice(Default::default()), Params::Slice),
            "call" => {
                let (f, t) = self.ident("a library function")?;
                let f = f.parse::<LibCall>().map_err(|e| t.error(e))?;
                name = f.name().to_string();
                (Op::Call(f), Params::None)
            }
            s => {
                if let Ok(u) = s.parse::<UnaryOp>() {
                    (Op::Unary(u), Params::None)
                } else if let Ok(b) = s.parse::<BinaryOp>() {
                    (Op::Binary(b), Params::None)
                } else if let Ok(r) = s.parse::<ReduceOp>() {
                    let op = Op::Reduce {
                        op: r,
                        axes: Axes::new(),
                        keepdims: false,
                    };
                    (op, Params::Axes)
                } else if let Ok(r) = s.parse::<ScanOp>() {
                    (Op::Scan { op: r, axis: 0 }, Params::Axis)
                } else {
                    return Err(op_tok.error(format!("unknown op `{s}`")));
                }
            }
        };
        let call = matches!(op, Op::Call(_));
        if call {
            self.expect('(', "after the library function")?;
        }
        let arity = op.arity();
        let mut operands = Vec::with_capacity(arity);
        for i in 0..arity {
            if i > 0 {
                let t = self.peek()?.clone();
                if t.tok != Tok::Punct(',') {
                    let m = if matches!(t.tok, Tok::Newline | Tok::Eof | Tok::Punct(')')) {
                        format!("`{name}` takes {arity} operands, found {i}")
                    } else {
                        format!("expected `,` between operands, found {}", t.describe())
                    };
                    return Err(t.error(m));
                }
                self.bump()?;
            }
            operands.push(self.operand(body, &name)?);
        }
        if call {
            if self.at_punct(',')? {
                let t = self.peek_at(1)?.clone();
                return Err(t.error(format!("too many operands: `{name}` takes {arity}")));
            }
            self.expect(')', "after the call's operands")?;
        }
        let args = self.resolve(body, &op, operands)?;
        match params {
            Params::None => {}
            Params::Axes | Params::Axis => {
                let key = if params == Params::Axes {
                    "axes"
                } else {
                    "axis"
                };
                self.param_comma(&name, &format!("`, {key}=`"))?;
                let (k, t) = self.ident(&format!("`{key}=`"))?;
                if k != key {
                    return Err(t.error(format!("expected `{key}=`, found `{k}`")));
                }
                self.expect('=', &format!("after `{key}`"))?;
                if let Op::Reduce { axes, keepdims, .. } = &mut op {
                    *axes = self.axis_list()?;
                    if self.at_punct(',')? {
                        self.bump()?;
                        let t = self.bump()?;
                        if !is_word(&t, "keepdims") {
                            return Err(t.error(format!(
                                "expected `keepdims` after the axes, found {}",
                                t.describe()
                            )));
                        }
                        *keepdims = true;
                    }
                } else if let Op::Scan { axis, .. } = &mut op {
                    let t = self.bump()?;
                    *axis = match &t.tok {
                        Tok::Lit(l) => self.unsigned(l, &t, "an axis number")?,
                        _ => {
                            return Err(t.error(format!(
                                "expected an axis number, found {}",
                                t.describe()
                            )));
                        }
                    };
                }
            }
            Params::List => {
                self.param_comma(&name, "`, [axes]`")?;
                let list = self.axis_list()?;
                match &mut op {
                    Op::Permute(p) | Op::ExpandDims(p) | Op::Squeeze(p) => *p = list,
                    _ => {}
                }
            }
            Params::Slice => {
                self.param_comma(&name, "`, [slices]`")?;
                let dims = body.g.node(args[0]).shape.clone();
                let spec = self.slice_list(&dims)?;
                op = Op::Slice(spec);
            }
        }
        Ok(Node {
            op,
            dtype,
            shape,
            args,
        })
    }

    /// A value: a name defined earlier, or a literal.
    fn operand(&mut self, body: &Body, op: &str) -> Result<Operand, ParseError> {
        let t = self.bump()?;
        match &t.tok {
            Tok::Ident(s) => match body.names.get(s) {
                Some(&id) => Ok(Operand::Node(id)),
                None => Err(t.error(format!("undefined value `{s}`"))),
            },
            Tok::Lit(l) => Ok(Operand::Lit(l.clone(), t.clone())),
            Tok::Newline | Tok::Eof => Err(t.error(format!("expected an operand of `{op}`"))),
            _ => Err(t.error(format!(
                "expected an operand of `{op}`, found {}",
                t.describe()
            ))),
        }
    }

    /// Operand nodes, with each literal made a constant of the dtype its suffix gives, or else
    /// the weak dtype next to the other operands.
    fn resolve(
        &mut self,
        body: &mut Body,
        op: &Op,
        operands: Vec<Operand>,
    ) -> Result<Args, ParseError> {
        let dtypes: Vec<Option<DType>> = operands
            .iter()
            .map(|o| match o {
                Operand::Node(id) => Some(body.g.node(*id).dtype),
                Operand::Lit(..) => None,
            })
            .collect();
        let mut args = Args::new();
        for (i, o) in operands.into_iter().enumerate() {
            args.push(match o {
                Operand::Node(id) => id,
                Operand::Lit(l, t) => {
                    let dtype = lit_dtype(&l, &literal_context(op, &dtypes, i));
                    let v = lit_value(&l, dtype).map_err(|m| t.error(m))?;
                    body.g.constant(v, dtype)
                }
            });
        }
        Ok(args)
    }

    /// `return OPERAND, ...`, checked against the signature's result types.
    fn return_line(
        &mut self,
        body: &mut Body,
        results: &[(DType, Shape, Token)],
    ) -> Result<(), ParseError> {
        let ret = self.bump()?; // `return`
        let mut outputs = Vec::new();
        if !matches!(self.peek()?.tok, Tok::Newline | Tok::Eof) {
            loop {
                let t = self.peek()?.clone();
                let id = match self.operand(body, "return")? {
                    Operand::Node(id) => id,
                    Operand::Lit(l, lt) => {
                        let dtype = lit_dtype(&l, &[]);
                        let v = lit_value(&l, dtype).map_err(|m| lt.error(m))?;
                        body.g.constant(v, dtype)
                    }
                };
                let Some((d, s, _)) = results.get(outputs.len()) else {
                    return Err(t.error(format!(
                        "`return` gives more values than the {} the signature declares",
                        results.len()
                    )));
                };
                let n = body.g.node(id);
                if (n.dtype, &n.shape) != (*d, s) {
                    return Err(t.error(format!(
                        "returned value is {}{} but the signature declares {d}{s}",
                        n.dtype, n.shape
                    )));
                }
                outputs.push(id);
                if !self.at_punct(',')? {
                    break;
                }
                self.bump()?;
            }
        }
        if outputs.len() < results.len() {
            let t = self.peek()?.clone();
            let t = if matches!(t.tok, Tok::Newline | Tok::Eof) && outputs.is_empty() {
                ret
            } else {
                t
            };
            return Err(t.error(format!(
                "`return` gives {} value(s) but the signature declares {}",
                outputs.len(),
                results.len()
            )));
        }
        self.end_of_line("`return`")?;
        body.g.set_outputs(&outputs);
        Ok(())
    }
}

fn is_word(t: &Token, w: &str) -> bool {
    matches!(&t.tok, Tok::Ident(s) if s == w)
}

/// `v` followed by one or more digits.
fn is_node_name(s: &str) -> bool {
    s.strip_prefix('v')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}
