//! A small JSONLogic evaluator for the `when` conditions of council policy packs.
//!
//! [JSONLogic](https://jsonlogic.com) writes a condition as JSON:
//! `{"and": [{">=": [{"var": "age"}, 10]}, {"in": ["exploitation", {"var": "harmTypes"}]}]}`.
//! We evaluate it ourselves rather than through a crate, to stay small in WebAssembly. The
//! semantics are those of the reference implementation, json-logic-js, JavaScript coercions
//! included (`js.rs`): `{"==": [1, "1"]}` is true, `{"+": ["3", 1]}` is 4, `and`/`or` return
//! the deciding operand rather than a boolean, and `0`, `""`, `[]`, `null`, `false` and NaN are
//! falsy. `tests/jsonlogic_conformance.rs` runs the official test cases against it.
//!
//! A condition is compiled once ([`Logic::compile_facts`] or [`Logic::compile_generic`]) and
//! then evaluated many times. Compiling rejects anything that is not a well-formed use of the
//! accepted [`OPERATORS`], with the JSON pointer of the bad part, so that a mistake in a policy
//! pack is found when the pack is loaded, not when a referral happens to reach it.
//!
//! # Two modes
//!
//! - **Facts** (policy packs): every `var` must name, with a literal string, a fact the caller
//!   knows; the name is resolved to a slot once, and evaluation reads `facts[slot]`. A typo in
//!   a fact name is a compile error ([`LogicError::UnknownVar`]), never a silent `null`.
//! - **Generic** (the official test suite): `var` reads a dotted path from arbitrary JSON data
//!   at run time, as json-logic-js does.
//!
//! # What is rejected when compiling
//!
//! - Any operator outside [`OPERATORS`]: the array operators (`map`, `filter`, `reduce`, `all`,
//!   `none`, `some`), `log`, method calls, custom operators.
//! - An object with other than exactly one key (json-logic-js would pass it through as data).
//! - An argument count that json-logic-js would turn into garbage: one that makes it throw
//!   (`{"*": []}`), read an operand that is not there (`{"==": [1]}`, `{"and": []}`), or
//!   silently ignore one (`{">": [1, 2, 3]}`, `{"!": [a, b]}`). The forms the reference
//!   documents stay accepted: `if` of any length, `!`/`!!` of nothing, `<`/`<=` of two or
//!   three, `-` of one or two, `substr` without a length, `var` without a name (generic).
//! - More than [`MAX_DEPTH`] levels of nesting or [`MAX_NODES`] parts.
//!
//! # Evaluation never fails
//!
//! An accepted condition evaluates to some JSON value on any input, and never panics. Between
//! operations numbers keep JavaScript's NaN, ±Infinity and -0 (`{"cat": [{"/": [1, 0]}]}` is
//! `"Infinity"`); a final result that JSON cannot hold (`{"/": [1, 0]}`) is `null`, as
//! `JSON.stringify` writes it. Where json-logic-js would throw at run time
//! (`{"missing_some": [1, {"var": "x"}]}` with `x` null) we return a value instead.
//!
//! # Known differences from json-logic-js
//!
//! Beyond the rejections above, and only for inputs no policy pack should contain:
//! - In facts mode a fact whose value is `null` counts as absent: `{"var": ["age", 0]}` is 0
//!   when `age` is null (json-logic-js would give null, but a fact slot has no other way to
//!   say "not known").
//! - A NaN or ±Infinity put inside an array (an array literal, `merge`, `missing`) becomes
//!   `null` there, as in JSON.
//! - JavaScript compares arrays and objects by reference. A value read from the data is
//!   identical to itself read again from the same place, and arrays built during evaluation
//!   are identical to nothing else, as in JavaScript; but an element copied by `merge` loses its
//!   identity with the data it came from.
//! - Strings are measured, indexed, cut and ordered in UTF-16 code units as in JavaScript, but
//!   a lone surrogate half (`"😀"[1]`) becomes U+FFFD.
//! - Data is only ever data: objects in the data have no inherited properties
//!   (`{"var": "constructor"}` is null), and `missing` never evaluates data as a rule.

use std::borrow::Cow;

use serde_json::Value;

mod js;
#[cfg(test)]
mod tests;

/// The operators a condition may use. Any other operator is an [`LogicError::UnknownOperator`].
pub const OPERATORS: &[&str] = &[
    "var",
    "==",
    "===",
    "!=",
    "!==",
    "!",
    "!!",
    "or",
    "and",
    "if",
    "?:",
    ">",
    ">=",
    "<",
    "<=",
    "in",
    "min",
    "max",
    "+",
    "-",
    "*",
    "/",
    "%",
    "missing",
    "missing_some",
    "cat",
    "substr",
    "merge",
];

/// The deepest JSON nesting a condition may have: each object or array is one level, so a
/// condition may nest about 32 operators. Checked while compiling, which never recurses deeper.
pub const MAX_DEPTH: usize = 64;

/// The most JSON values (operators, arguments, literals, array items) a condition may have.
pub const MAX_NODES: usize = 10_000;

/// Why a condition could not be compiled.
///
/// `at` is a JSON pointer (RFC 6901) into the condition, such as `/and/1/==/0`; it is empty for
/// the condition as a whole, and can be appended to the pointer of the condition inside its
/// pack.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LogicError {
    /// An operator outside [`OPERATORS`].
    #[error("unknown operator `{op}` at {}", show_at(.at))]
    UnknownOperator { op: String, at: String },
    /// In facts mode, a `var`, `missing` or `missing_some` naming a fact the pack does not know.
    #[error("`{name}` is not a known fact (at {})", show_at(.at))]
    UnknownVar { name: String, at: String },
    /// A malformed operation: wrong number of arguments, an object with other than one key, or
    /// (in facts mode) a fact name that is not a literal string.
    #[error("{message} (at {})", show_at(.at))]
    Malformed { message: String, at: String },
    /// More than [`MAX_DEPTH`] levels of nesting.
    #[error("condition nested deeper than {max} levels")]
    TooDeep { max: usize },
    /// More than [`MAX_NODES`] parts.
    #[error("condition has more than {max} parts")]
    TooLarge { max: usize },
}

impl LogicError {
    /// A stable, machine-readable code for the kind of error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownOperator { .. } => "logic.unknown_operator",
            Self::UnknownVar { .. } => "logic.unknown_var",
            Self::Malformed { .. } => "logic.malformed",
            Self::TooDeep { .. } => "logic.too_deep",
            Self::TooLarge { .. } => "logic.too_large",
        }
    }

    /// The JSON pointer of the offending part, where the error has one.
    #[must_use]
    pub fn at(&self) -> Option<&str> {
        match self {
            Self::UnknownOperator { at, .. }
            | Self::UnknownVar { at, .. }
            | Self::Malformed { at, .. } => Some(at),
            Self::TooDeep { .. } | Self::TooLarge { .. } => None,
        }
    }
}

fn show_at(at: &str) -> &str {
    if at.is_empty() {
        "the top of the condition"
    } else {
        at
    }
}

/// JSONLogic truthiness: `false`, `null`, `0`, `""` and `[]` are false (NaN cannot occur in
/// JSON); everything else, including `"0"`, `[0]` and `{}`, is true.
#[must_use]
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => {
            let x = js::num(n);
            x != 0.0 && !x.is_nan()
        }
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(_) => true,
    }
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Logic {
    root: Node,
    /// The distinct fact slots read, ascending (facts mode only).
    slots: Vec<usize>,
}

impl Logic {
    /// Compiles a policy-pack condition (facts mode).
    ///
    /// Every `var` must be `{"var": "name"}`, `{"var": ["name"]}` or `{"var": ["name",
    /// default]}` with a literal name that `resolve` maps to a fact slot; `missing` and
    /// `missing_some` must likewise list literal, known fact names. The default of a `var` is
    /// used when the fact is `null` or beyond the end of the facts.
    ///
    /// # Errors
    ///
    /// [`LogicError`] for an unknown operator or fact, a malformed operation, or a condition
    /// over the [`MAX_DEPTH`] / [`MAX_NODES`] limits.
    pub fn compile_facts(
        rule: &Value,
        resolve: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<Logic, LogicError> {
        Compiler::new(Some(resolve)).finish(rule)
    }

    /// Compiles a condition over arbitrary JSON data (generic mode), as json-logic-js reads it:
    /// `var` takes a dotted path (`"a.b.0"`), a number (an array index), `""`/`null`/nothing
    /// (the whole data), or a computed name.
    ///
    /// # Errors
    ///
    /// As [`Logic::compile_facts`], less the fact-name checks.
    pub fn compile_generic(rule: &Value) -> Result<Logic, LogicError> {
        Compiler::new(None).finish(rule)
    }

    /// Evaluates against facts indexed by slot.
    ///
    /// A generic-mode condition sees the facts as one JSON array (`{"var": "0"}` is the first).
    #[must_use]
    pub fn eval_facts(&self, facts: &[Value]) -> Value {
        eval(&self.root, Data::Slots(facts)).into_value()
    }

    /// Whether the condition is [`truthy`] for these facts; unlike [`Logic::eval_facts`] it
    /// never copies the result.
    #[must_use]
    pub fn matches_facts(&self, facts: &[Value]) -> bool {
        holds(&self.root, Data::Slots(facts))
    }

    /// Evaluates against JSON data.
    ///
    /// A facts-mode condition reads each fact from the data's top-level key of the same name
    /// (so the data is an object of facts by name).
    #[must_use]
    pub fn eval_json(&self, data: &Value) -> Value {
        eval(&self.root, Data::Json(data)).into_value()
    }

    /// Whether the condition is [`truthy`] for this data.
    #[must_use]
    pub fn matches_json(&self, data: &Value) -> bool {
        holds(&self.root, Data::Json(data))
    }

    /// The distinct fact slots the condition reads, ascending (empty in generic mode): the
    /// facts to show when explaining a decision.
    #[must_use]
    pub fn fact_slots(&self) -> Vec<usize> {
        self.slots.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// The compiled form
// ---------------------------------------------------------------------------------------------

/// One node of a compiled condition.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A constant, including any array with no operation inside.
    Lit(Value),
    /// An array with operations inside: each item is evaluated.
    Array(Vec<Node>),
    /// Facts mode `var`.
    Fact {
        fact: FactRef,
        default: Option<Box<Node>>,
    },
    /// Generic `var` with a literal path; empty segments = the whole data.
    Var {
        path: Vec<Box<str>>,
        default: Option<Box<Node>>,
    },
    /// Generic `var` with a computed name.
    VarDyn {
        name: Box<Node>,
        default: Option<Box<Node>>,
    },
    /// Facts mode `missing`.
    MissingFacts(Vec<FactRef>),
    /// Facts mode `missing_some`.
    MissingSomeFacts {
        need: Box<Node>,
        facts: Vec<FactRef>,
    },
    /// Any other operation, arguments in order.
    Op { op: Op, args: Vec<Node> },
}

#[derive(Debug, Clone, PartialEq)]
struct FactRef {
    name: Box<str>,
    slot: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    StrictEq,
    NotEq,
    StrictNotEq,
    Not,
    NotNot,
    Or,
    And,
    If,
    Gt,
    Ge,
    Lt,
    Le,
    In,
    Min,
    Max,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Missing,
    MissingSome,
    Cat,
    Substr,
    Merge,
}

/// What an operator name compiles to.
enum Kind {
    Var,
    Op(Op),
}

fn kind_of(name: &str) -> Option<Kind> {
    Some(Kind::Op(match name {
        "var" => return Some(Kind::Var),
        "==" => Op::Eq,
        "===" => Op::StrictEq,
        "!=" => Op::NotEq,
        "!==" => Op::StrictNotEq,
        "!" => Op::Not,
        "!!" => Op::NotNot,
        "or" => Op::Or,
        "and" => Op::And,
        "if" | "?:" => Op::If,
        ">" => Op::Gt,
        ">=" => Op::Ge,
        "<" => Op::Lt,
        "<=" => Op::Le,
        "in" => Op::In,
        "min" => Op::Min,
        "max" => Op::Max,
        "+" => Op::Add,
        "-" => Op::Sub,
        "*" => Op::Mul,
        "/" => Op::Div,
        "%" => Op::Rem,
        "missing" => Op::Missing,
        "missing_some" => Op::MissingSome,
        "cat" => Op::Cat,
        "substr" => Op::Substr,
        "merge" => Op::Merge,
        _ => return None,
    }))
}

/// The argument counts (min, max) we accept.
///
/// json-logic-js never checks arity: a missing operand is `undefined`, extra ones are ignored.
/// We reject what that makes garbage — an operation that would throw (`*` of nothing), read an
/// operand that is not there (`{"==": [1]}`, `{"and": []}`) or silently drop one (`{"==": [1, 1,
/// 2]}`, `{">": [1, 2, 3]}`, `{"!": [a, b]}`) — and keep the forms the reference documents:
/// `if` of any length, `!`/`!!` of nothing, two- or three-operand `<`/`<=`, one- or two-operand
/// `-`, `substr` without a length, `var` without a name.
fn arity(op: Op) -> (usize, Option<usize>) {
    match op {
        Op::Eq
        | Op::StrictEq
        | Op::NotEq
        | Op::StrictNotEq
        | Op::Gt
        | Op::Ge
        | Op::In
        | Op::Div
        | Op::Rem
        | Op::MissingSome => (2, Some(2)),
        Op::Lt | Op::Le => (2, Some(3)),
        Op::Not | Op::NotNot => (0, Some(1)),
        Op::Or | Op::And | Op::Mul => (1, None),
        Op::Sub => (1, Some(2)),
        Op::Substr => (1, Some(3)),
        Op::If | Op::Min | Op::Max | Op::Add | Op::Missing | Op::Cat | Op::Merge => (0, None),
    }
}

fn arity_message(op: &str, (min, max): (usize, Option<usize>), got: usize) -> String {
    let want = match max {
        Some(max) if max == min => format!("{min}"),
        Some(max) => format!("{min} to {max}"),
        None => format!("at least {min}"),
    };
    let plural = if max.is_none_or(|max| max == min) && min == 1 {
        ""
    } else {
        "s"
    };
    format!("`{op}` takes {want} argument{plural}, not {got}")
}

// ---------------------------------------------------------------------------------------------
// Compiling
// ---------------------------------------------------------------------------------------------

type Resolver<'r> = &'r dyn Fn(&str) -> Option<usize>;

struct Compiler<'r> {
    /// `Some` in facts mode.
    resolve: Option<Resolver<'r>>,
    /// JSON values seen so far.
    nodes: usize,
    /// JSON pointer of the value being compiled.
    path: String,
    /// Fact slots read.
    slots: Vec<usize>,
}

/// How an operation's arguments were written: `{"op": [a, b]}` or the unary shorthand
/// `{"op": a}`. They differ only in the JSON pointer and depth of the arguments.
#[derive(Clone, Copy)]
struct ArgsShape<'v> {
    op: &'v str,
    listed: bool,
    depth: usize,
}

impl<'r> Compiler<'r> {
    fn new(resolve: Option<Resolver<'r>>) -> Self {
        Compiler {
            resolve,
            nodes: 0,
            path: String::new(),
            slots: Vec::new(),
        }
    }

    fn finish(mut self, rule: &Value) -> Result<Logic, LogicError> {
        let root = self.compile(rule, 0)?;
        let mut slots = self.slots;
        slots.sort_unstable();
        slots.dedup();
        Ok(Logic { root, slots })
    }

    /// Counts one JSON value at `depth` levels of nesting against the limits.
    fn count(&mut self, depth: usize) -> Result<(), LogicError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(LogicError::TooLarge { max: MAX_NODES });
        }
        if depth > MAX_DEPTH {
            return Err(LogicError::TooDeep { max: MAX_DEPTH });
        }
        Ok(())
    }

    fn at(&self) -> String {
        self.path.clone()
    }

    /// Runs `f` with `seg` appended to the current JSON pointer.
    fn nested<T>(&mut self, seg: Seg<'_>, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.path.len();
        self.path.push('/');
        match seg {
            Seg::Index(i) => self.path.push_str(&i.to_string()),
            Seg::Key(key) => {
                for c in key.chars() {
                    match c {
                        '~' => self.path.push_str("~0"),
                        '/' => self.path.push_str("~1"),
                        c => self.path.push(c),
                    }
                }
            }
        }
        let out = f(self);
        self.path.truncate(len);
        out
    }

    /// Runs `f` at the pointer of argument `i` of an operation.
    fn in_arg<T>(
        &mut self,
        shape: ArgsShape<'_>,
        i: usize,
        f: impl FnOnce(&mut Self, usize) -> T,
    ) -> T {
        self.nested(Seg::Key(shape.op), |c| {
            if shape.listed {
                c.nested(Seg::Index(i), |c| f(c, shape.depth + 2))
            } else {
                f(c, shape.depth + 1)
            }
        })
    }

    fn compile(&mut self, v: &Value, depth: usize) -> Result<Node, LogicError> {
        self.count(depth)?;
        match v {
            Value::Array(items) => self.compile_array(items, depth),
            Value::Object(map) => {
                let mut entries = map.iter();
                match (entries.next(), entries.next()) {
                    (Some((op, args)), None) => self.compile_op(op, args, depth),
                    _ => Err(LogicError::Malformed {
                        message: format!(
                            "an operation must be an object with exactly one key, the operator; this one has {}",
                            map.len()
                        ),
                        at: self.at(),
                    }),
                }
            }
            scalar => Ok(Node::Lit(scalar.clone())),
        }
    }

    fn compile_array(&mut self, items: &[Value], depth: usize) -> Result<Node, LogicError> {
        let mut nodes = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            nodes.push(self.nested(Seg::Index(i), |c| c.compile(item, depth + 1))?);
        }
        // An array of constants is itself a constant: evaluating it builds nothing.
        if nodes.iter().all(|n| matches!(n, Node::Lit(_))) {
            let values = nodes
                .into_iter()
                .filter_map(|n| match n {
                    Node::Lit(v) => Some(v),
                    _ => None,
                })
                .collect();
            return Ok(Node::Lit(Value::Array(values)));
        }
        Ok(Node::Array(nodes))
    }

    fn compile_op(&mut self, op: &str, args: &Value, depth: usize) -> Result<Node, LogicError> {
        let Some(kind) = kind_of(op) else {
            return Err(LogicError::UnknownOperator {
                op: op.to_owned(),
                at: self.at(),
            });
        };
        // `{"op": x}` is shorthand for `{"op": [x]}` (json-logic-js wraps any non-array).
        let (list, listed) = match args {
            Value::Array(items) => (items.as_slice(), true),
            single => (std::slice::from_ref(single), false),
        };
        if listed {
            // The argument array is one more value, one level down.
            self.nested(Seg::Key(op), |c| c.count(depth + 1))?;
        }
        let shape = ArgsShape { op, listed, depth };
        let op = match kind {
            Kind::Var => return self.compile_var(list, shape),
            Kind::Op(op) => op,
        };
        let bounds = arity(op);
        if list.len() < bounds.0 || bounds.1.is_some_and(|max| list.len() > max) {
            return Err(LogicError::Malformed {
                message: arity_message(shape.op, bounds, list.len()),
                at: self.at(),
            });
        }
        if self.resolve.is_some() {
            match op {
                Op::Missing => return Ok(Node::MissingFacts(self.fact_list(list, shape)?)),
                Op::MissingSome => {
                    let need = self.compile_arg(list, shape, 0)?;
                    let facts = self.in_arg(shape, 1, |c, depth| match list.get(1) {
                        Some(Value::Array(names)) => c.fact_names(names, depth),
                        _ => {
                            Err(c.not_literal("`missing_some` needs a literal list of fact names"))
                        }
                    })?;
                    return Ok(Node::MissingSomeFacts {
                        need: Box::new(need),
                        facts,
                    });
                }
                _ => {}
            }
        }
        let args = (0..list.len())
            .map(|i| self.compile_arg(list, shape, i))
            .collect::<Result<_, _>>()?;
        Ok(Node::Op { op, args })
    }

    fn compile_arg(
        &mut self,
        list: &[Value],
        shape: ArgsShape<'_>,
        i: usize,
    ) -> Result<Node, LogicError> {
        match list.get(i) {
            Some(v) => self.in_arg(shape, i, |c, depth| c.compile(v, depth)),
            None => Ok(Node::Lit(Value::Null)),
        }
    }

    fn compile_var(&mut self, list: &[Value], shape: ArgsShape<'_>) -> Result<Node, LogicError> {
        let strict = self.resolve.is_some();
        let bounds = (usize::from(strict), Some(2));
        if list.len() < bounds.0 || list.len() > 2 {
            return Err(LogicError::Malformed {
                message: arity_message("var", bounds, list.len()),
                at: self.at(),
            });
        }
        let default = match list.get(1) {
            Some(_) => Some(Box::new(self.compile_arg(list, shape, 1)?)),
            None => None,
        };
        if strict {
            let fact = self.in_arg(shape, 0, |c, depth| match list.first() {
                Some(Value::String(name)) => c.fact(name, depth),
                _ => Err(c.not_literal("`var` must name a fact with a literal string")),
            })?;
            return Ok(Node::Fact { fact, default });
        }
        match list.first() {
            None => Ok(Node::Var {
                path: Vec::new(),
                default,
            }),
            Some(_) => match self.compile_arg(list, shape, 0)? {
                Node::Lit(name) => Ok(Node::Var {
                    path: var_path(Some(&name)),
                    default,
                }),
                name => Ok(Node::VarDyn {
                    name: Box::new(name),
                    default,
                }),
            },
        }
    }

    /// Facts-mode `missing` arguments: literal names, or one literal list of them.
    fn fact_list(
        &mut self,
        list: &[Value],
        shape: ArgsShape<'_>,
    ) -> Result<Vec<FactRef>, LogicError> {
        if let [Value::Array(names)] = list {
            return self.in_arg(shape, 0, |c, depth| c.fact_names(names, depth));
        }
        let mut facts = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            facts.push(self.in_arg(shape, i, |c, depth| c.fact_name(v, depth))?);
        }
        Ok(facts)
    }

    /// A literal array of fact names at `depth` (already counted).
    fn fact_names(&mut self, names: &[Value], depth: usize) -> Result<Vec<FactRef>, LogicError> {
        self.count(depth)?;
        let mut facts = Vec::with_capacity(names.len());
        for (i, v) in names.iter().enumerate() {
            facts.push(self.nested(Seg::Index(i), |c| c.fact_name(v, depth + 1))?);
        }
        Ok(facts)
    }

    fn fact_name(&mut self, v: &Value, depth: usize) -> Result<FactRef, LogicError> {
        match v {
            Value::String(name) => self.fact(name, depth),
            _ => Err(self.not_literal("`missing` and `missing_some` need literal fact names")),
        }
    }

    fn fact(&mut self, name: &str, depth: usize) -> Result<FactRef, LogicError> {
        self.count(depth)?;
        let slot = self
            .resolve
            .and_then(|resolve| resolve(name))
            .ok_or_else(|| LogicError::UnknownVar {
                name: name.to_owned(),
                at: self.at(),
            })?;
        self.slots.push(slot);
        Ok(FactRef {
            name: name.into(),
            slot,
        })
    }

    fn not_literal(&self, message: &str) -> LogicError {
        LogicError::Malformed {
            message: message.to_owned(),
            at: self.at(),
        }
    }
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Index(usize),
    Key(&'a str),
}

/// The path `var` walks for a name: `""`, `null` or no name is the whole data; anything else
/// is `String(name)` split at dots (so `1` is `["1"]` and `"a.b"` is `["a", "b"]`).
fn var_path(name: Option<&Value>) -> Vec<Box<str>> {
    match name {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) if s.is_empty() => Vec::new(),
        Some(other) => js::to_js_string(js::Arg::Json(other))
            .split('.')
            .map(Box::from)
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluating
// ---------------------------------------------------------------------------------------------

/// What `var` reads from.
#[derive(Clone, Copy)]
enum Data<'a> {
    /// Facts by slot.
    Slots(&'a [Value]),
    /// Arbitrary JSON.
    Json(&'a Value),
}

impl<'a> Data<'a> {
    /// A fact's value; `None` if it is absent or null.
    fn fact(self, fact: &FactRef) -> Option<&'a Value> {
        match self {
            Data::Slots(facts) => facts.get(fact.slot),
            Data::Json(data) => data.get(&*fact.name),
        }
        .filter(|v| !v.is_null())
    }
}

/// A value during evaluation.
#[derive(Debug, Clone)]
enum Val<'a> {
    /// JSON, borrowed from the condition or the data where possible.
    Json(Cow<'a, Value>),
    /// A computed number. Unlike a JSON number it may be NaN, ±Infinity or -0, which
    /// JavaScript carries through later operations (`{"cat": [{"/": [1, 0]}]}` is
    /// `"Infinity"`, `{"<": [{"/": [0, 0]}, 1]}` is false); only the final result, or an
    /// array item, turns them into JSON (NaN and ±Infinity as null).
    Num(f64),
}

impl<'a> Val<'a> {
    const NULL: Val<'static> = Val::Json(Cow::Owned(Value::Null));

    fn arg(&self) -> js::Arg<'_> {
        match self {
            Val::Json(v) => js::Arg::Json(v),
            Val::Num(x) => js::Arg::Num(*x),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Val::Json(v) => truthy(v),
            Val::Num(x) => *x != 0.0 && !x.is_nan(),
        }
    }

    fn into_value(self) -> Value {
        match self {
            Val::Json(v) => v.into_owned(),
            Val::Num(x) => js::number_value(x),
        }
    }

    fn bool(b: bool) -> Self {
        Val::Json(Cow::Owned(Value::Bool(b)))
    }
}

/// An operand that may be missing (JavaScript's `undefined`).
fn arg_of<'v>(v: &'v Option<Val<'_>>) -> js::Arg<'v> {
    v.as_ref().map_or(js::Arg::Undefined, Val::arg)
}

/// Evaluates a node. Recursion is bounded by [`MAX_DEPTH`], checked at compile time.
fn eval<'a>(node: &'a Node, data: Data<'a>) -> Val<'a> {
    match node {
        Node::Lit(v) => Val::Json(Cow::Borrowed(v)),
        Node::Array(items) => Val::Json(Cow::Owned(Value::Array(
            items.iter().map(|n| eval(n, data).into_value()).collect(),
        ))),
        Node::Fact { fact, default } => match data.fact(fact) {
            Some(v) => Val::Json(Cow::Borrowed(v)),
            None => eval_default(default.as_deref(), data),
        },
        Node::Var { path, default } => match walk(data, path.iter().map(|s| &**s)) {
            Some(v) => Val::Json(v),
            None => eval_default(default.as_deref(), data),
        },
        Node::VarDyn { name, default } => {
            let name = eval(name, data);
            match lookup(data, name.arg()) {
                Some(v) => Val::Json(v),
                None => eval_default(default.as_deref(), data),
            }
        }
        Node::MissingFacts(facts) => {
            Val::Json(Cow::Owned(Value::Array(missing_facts(facts, data))))
        }
        Node::MissingSomeFacts { need, facts } => {
            let missing = missing_facts(facts, data);
            let need = eval(need, data);
            let have = (facts.len() - missing.len()) as f64;
            Val::Json(Cow::Owned(missing_some_result(have, need.arg(), missing)))
        }
        Node::Op { op, args } => eval_op(*op, args, data),
    }
}

/// Whether a node's value is [`truthy`]: `eval(node, data).truthy()`, without building the
/// values that answer does not need. A pack's conditions are mostly `and`, `or` and `!` over
/// facts and comparisons; only the comparisons are evaluated as values.
fn holds(node: &Node, data: Data<'_>) -> bool {
    match node {
        Node::Fact { fact, default } => match data.fact(fact) {
            Some(v) => truthy(v),
            None => default.as_deref().is_some_and(|d| holds(d, data)),
        },
        Node::Op { op, args } => match op {
            // `and` gives its first falsy operand or else its last (null when it has none);
            // `or` its first truthy one or else its last.
            Op::And => !args.is_empty() && args.iter().all(|n| holds(n, data)),
            Op::Or => args.iter().any(|n| holds(n, data)),
            Op::Not => !args.first().is_some_and(|n| holds(n, data)),
            Op::NotNot => args.first().is_some_and(|n| holds(n, data)),
            // A fact against a constant, the commonest comparison: the operands as they are.
            Op::Eq | Op::NotEq | Op::StrictEq | Op::StrictNotEq | Op::In => match args.as_slice() {
                [a, b] => match (operand(a, data), operand(b, data)) {
                    (Some(a), Some(b)) => equality(*op, a, b),
                    _ => eval_op(*op, args, data).truthy(),
                },
                _ => eval_op(*op, args, data).truthy(),
            },
            _ => eval_op(*op, args, data).truthy(),
        },
        _ => eval(node, data).truthy(),
    }
}

/// A constant or a fact without a default, as [`eval`] would give it, without making a
/// [`Val`]; `None` for any other node.
fn operand<'a>(node: &'a Node, data: Data<'a>) -> Option<js::Arg<'a>> {
    const NULL: &Value = &Value::Null;
    match node {
        Node::Lit(v) => Some(js::Arg::Json(v)),
        Node::Fact {
            fact,
            default: None,
        } => Some(js::Arg::Json(data.fact(fact).unwrap_or(NULL))),
        _ => None,
    }
}

fn eval_default<'a>(default: Option<&'a Node>, data: Data<'a>) -> Val<'a> {
    default.map_or(Val::NULL, |node| eval(node, data))
}

/// Evaluates argument `i`; `None` (JavaScript's `undefined`) if there is none.
fn arg<'a>(args: &'a [Node], i: usize, data: Data<'a>) -> Option<Val<'a>> {
    args.get(i).map(|n| eval(n, data))
}

fn eval_op<'a>(op: Op, args: &'a [Node], data: Data<'a>) -> Val<'a> {
    // The first two operands, evaluated (for the fixed-arity operators).
    let two = || (arg(args, 0, data), arg(args, 1, data));
    match op {
        // `if`, `and` and `or` evaluate only the operands they need.
        Op::If => {
            // if (c1, v1, c2, v2, ..., else): the value after the first truthy condition,
            // else the odd last operand, else null.
            let mut i = 0;
            while i + 1 < args.len() {
                if arg(args, i, data).is_some_and(|c| c.truthy()) {
                    return arg(args, i + 1, data).unwrap_or(Val::NULL);
                }
                i += 2;
            }
            arg(args, i, data).unwrap_or(Val::NULL)
        }
        // `and` returns the first falsy operand or else the last; `or` the first truthy one or
        // else the last. Not a boolean: {"or": [0, "x"]} is "x".
        Op::And | Op::Or => {
            let stop_when = op == Op::Or;
            let mut last = Val::NULL;
            for node in args {
                last = eval(node, data);
                if last.truthy() == stop_when {
                    break;
                }
            }
            last
        }
        Op::Eq | Op::NotEq | Op::StrictEq | Op::StrictNotEq | Op::In => {
            let (a, b) = two();
            Val::bool(equality(op, arg_of(&a), arg_of(&b)))
        }
        Op::Not => Val::bool(!arg(args, 0, data).is_some_and(|v| v.truthy())),
        Op::NotNot => Val::bool(arg(args, 0, data).is_some_and(|v| v.truthy())),
        // a > b is b < a; a >= b is "not a < b", false when either is NaN (JS's undefined).
        Op::Gt => {
            let (a, b) = two();
            Val::bool(js::less_than(arg_of(&b), arg_of(&a)) == Some(true))
        }
        Op::Ge => {
            let (a, b) = two();
            Val::bool(js::less_than(arg_of(&a), arg_of(&b)) == Some(false))
        }
        // With a third operand, `<` and `<=` test a < b < c ("between").
        Op::Lt | Op::Le => {
            let holds = |x: js::Arg<'_>, y: js::Arg<'_>| match op {
                Op::Lt => js::less_than(x, y) == Some(true),
                _ => js::less_than(y, x) == Some(false),
            };
            let (a, b) = two();
            let first = holds(arg_of(&a), arg_of(&b));
            if args.len() < 3 {
                return Val::bool(first);
            }
            let c = arg(args, 2, data);
            Val::bool(first && holds(arg_of(&b), arg_of(&c)))
        }
        // Math.min / Math.max: ToNumber on each; any NaN makes the result NaN; no operand gives
        // +Infinity (min) or -Infinity (max).
        Op::Min | Op::Max => {
            let mut acc = if op == Op::Min {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            };
            for node in args {
                let x = js::to_number(eval(node, data).arg());
                if x.is_nan() {
                    return Val::Num(f64::NAN);
                }
                acc = if op == Op::Min {
                    acc.min(x)
                } else {
                    acc.max(x)
                };
            }
            Val::Num(acc)
        }
        // `+` sums parseFloat of each operand, so "3" + 1 is 4 and "3kg" + 1 is 4 too.
        Op::Add => Val::Num(
            args.iter()
                .fold(0.0, |acc, n| acc + js::parse_float(eval(n, data).arg())),
        ),
        // `*` is a reduce without a start value: one operand comes back untouched (even a
        // string), more are multiplied after parseFloat.
        Op::Mul => {
            if let [only] = args {
                return eval(only, data);
            }
            let mut factors = args.iter().map(|n| js::parse_float(eval(n, data).arg()));
            let first = factors.next().unwrap_or(f64::NAN);
            Val::Num(factors.fold(first, |acc, x| acc * x))
        }
        // `-`, `/` and `%` use ToNumber, so "3kg" - 1 is NaN, and "" - 1 is -1.
        Op::Sub => {
            let (a, b) = two();
            let a = js::to_number(arg_of(&a));
            if args.len() < 2 {
                return Val::Num(-a);
            }
            Val::Num(a - js::to_number(arg_of(&b)))
        }
        Op::Div => {
            let (a, b) = two();
            Val::Num(js::to_number(arg_of(&a)) / js::to_number(arg_of(&b)))
        }
        // JavaScript's % keeps the sign of the dividend, as Rust's does.
        Op::Rem => {
            let (a, b) = two();
            Val::Num(js::to_number(arg_of(&a)) % js::to_number(arg_of(&b)))
        }
        // `cat` joins String(operand) with null as "", so {"cat": ["a", null, 1.5]} is "a1.5".
        Op::Cat => {
            if let [only] = args {
                let v = eval(only, data);
                if matches!(&v, Val::Json(s) if s.is_string()) {
                    return v;
                }
            }
            let mut out = String::new();
            for node in args {
                js::push_join_item(&mut out, eval(node, data).arg());
            }
            Val::Json(Cow::Owned(Value::String(out)))
        }
        Op::Substr => {
            let source = arg(args, 0, data);
            let start = arg(args, 1, data);
            let len = arg(args, 2, data);
            Val::Json(Cow::Owned(Value::String(substr(
                arg_of(&source),
                arg_of(&start),
                arg_of(&len),
            ))))
        }
        // Arrays are spliced in one level deep; anything else is appended.
        Op::Merge => {
            let mut out = Vec::new();
            for node in args {
                match eval(node, data) {
                    Val::Json(Cow::Borrowed(Value::Array(items))) => {
                        out.extend(items.iter().cloned())
                    }
                    Val::Json(Cow::Owned(Value::Array(items))) => out.extend(items),
                    other => out.push(other.into_value()),
                }
            }
            Val::Json(Cow::Owned(Value::Array(out)))
        }
        Op::Missing => {
            let values: Vec<Val<'a>> = args.iter().map(|n| eval(n, data)).collect();
            let keys: Vec<js::Arg<'_>> = values.iter().map(Val::arg).collect();
            Val::Json(Cow::Owned(Value::Array(missing_keys(&keys, data))))
        }
        Op::MissingSome => {
            let (need, options) = two();
            let options = arg_of(&options);
            // json-logic-js: missing_some(need, options) = apply({"missing": options}), which
            // spreads an array of options into `missing`'s arguments.
            let (missing, length) = match options {
                js::Arg::Json(Value::Array(items)) => {
                    let keys: Vec<js::Arg<'_>> = items.iter().map(js::Arg::Json).collect();
                    (missing_keys(&keys, data), Some(items.len()))
                }
                js::Arg::Json(Value::String(s)) => {
                    (missing_keys(&[options], data), Some(js::utf16_len(s)))
                }
                // A non-array, non-string has no length: the comparison below is false.
                other => (missing_keys(&[other], data), None),
            };
            let have = length.map_or(f64::NAN, |n| n as f64 - missing.len() as f64);
            Val::Json(Cow::Owned(missing_some_result(
                have,
                arg_of(&need),
                missing,
            )))
        }
    }
}

/// `==`, `!=`, `===`, `!==` or `in` of two operands (the only operators it is called for).
fn equality(op: Op, a: js::Arg<'_>, b: js::Arg<'_>) -> bool {
    match op {
        Op::Eq => js::loose_eq(a, b),
        Op::NotEq => !js::loose_eq(a, b),
        Op::StrictEq => js::strict_eq(a, b),
        Op::StrictNotEq => !js::strict_eq(a, b),
        _ => eval_in(a, b),
    }
}

/// `in`: substring of a (non-empty) string, or strict-equality member of an array; anything
/// else is false.
fn eval_in(a: js::Arg<'_>, b: js::Arg<'_>) -> bool {
    match b {
        // `!b` is checked first in json-logic-js, so nothing is in "".
        js::Arg::Json(Value::String(s)) => !s.is_empty() && s.contains(&*js::to_js_string(a)),
        js::Arg::Json(Value::Array(items)) => {
            items.iter().any(|x| js::strict_eq(a, js::Arg::Json(x)))
        }
        _ => false,
    }
}

/// json-logic-js `substr(source, start, len)`: JavaScript's `String(source).substr(start,
/// len)`, except that a negative `len` drops that many characters from the end.
fn substr(source: js::Arg<'_>, start: js::Arg<'_>, len: js::Arg<'_>) -> String {
    let units: Vec<u16> = js::to_js_string(source).encode_utf16().collect();
    let start = js::to_number(start);
    let out = if js::less_than(len, js::Arg::Num(0.0)) == Some(true) {
        // temp = source.substr(start); temp.substr(0, temp.length + len)
        let temp = substr_units(&units, start, None);
        substr_units(temp, 0.0, Some(js::add_to_number(temp.len() as f64, len)))
    } else {
        let len = match len {
            js::Arg::Undefined => None,
            given => Some(js::to_number(given)),
        };
        substr_units(&units, start, len)
    };
    String::from_utf16_lossy(out)
}

/// `String.prototype.substr(start, length)` on UTF-16 code units (ECMA-262 B.2.2.1).
fn substr_units(units: &[u16], start: f64, length: Option<f64>) -> &[u16] {
    let size = units.len() as f64;
    let start = js::to_integer(start);
    let start = if start < 0.0 {
        (size + start).max(0.0)
    } else {
        start.min(size)
    };
    let length = length.map_or(size, js::to_integer).clamp(0.0, size);
    let end = (start + length).min(size);
    // Both are integers in 0..=size here, so the casts are exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (start, end) = (start as usize, end as usize);
    units.get(start..end).unwrap_or(&[])
}

/// Facts-mode `missing`: the names of the facts that are absent, null or "".
fn missing_facts(facts: &[FactRef], data: Data<'_>) -> Vec<Value> {
    facts
        .iter()
        .filter(|f| data.fact(f).is_none_or(|v| v.as_str() == Some("")))
        .map(|f| Value::String(f.name.to_string()))
        .collect()
}

/// Generic `missing(...keys)`: if the first argument is an array it is the list of keys (and
/// the other arguments are ignored); each key whose `var` is null or "" is missing.
fn missing_keys(args: &[js::Arg<'_>], data: Data<'_>) -> Vec<Value> {
    let keys: Vec<js::Arg<'_>> = match args.first() {
        Some(js::Arg::Json(Value::Array(items))) => items.iter().map(js::Arg::Json).collect(),
        _ => args.to_vec(),
    };
    keys.into_iter()
        .filter(|key| {
            // json-logic-js evaluates {"var": key}: an array key is [name, default].
            let value = match key {
                js::Arg::Json(Value::Array(parts)) => {
                    let name = parts.first().map_or(js::Arg::Undefined, js::Arg::Json);
                    lookup(data, name).or_else(|| parts.get(1).map(Cow::Borrowed))
                }
                _ => lookup(data, *key),
            };
            value.is_none_or(|v| v.is_null() || v.as_str() == Some(""))
        })
        .map(|key| match key {
            js::Arg::Json(v) => v.clone(),
            js::Arg::Num(x) => js::number_value(x),
            js::Arg::Undefined => Value::Null,
        })
        .collect()
}

/// `missing_some`: `[]` if `have >= need` (a number against ToNumber(need)), else the
/// missing list.
fn missing_some_result(have: f64, need: js::Arg<'_>, missing: Vec<Value>) -> Value {
    if have >= js::to_number(need) {
        Value::Array(Vec::new())
    } else {
        Value::Array(missing)
    }
}

/// Generic `var` of a computed name: `None` where json-logic-js finds `undefined`.
fn lookup<'a>(data: Data<'a>, name: js::Arg<'_>) -> Option<Cow<'a, Value>> {
    let path = match name {
        js::Arg::Undefined | js::Arg::Json(Value::Null) => Vec::new(),
        js::Arg::Json(Value::String(s)) if s.is_empty() => Vec::new(),
        other => js::to_js_string(other).split('.').map(Box::from).collect(),
    };
    walk(data, path.iter().map(|s| &**s))
}

/// Walks a `var` path as json-logic-js does: stop with "not found" at a null or undefined
/// value before each step, and at an undefined result after it (but a final null is found).
fn walk<'a, 's>(data: Data<'a>, mut path: impl Iterator<Item = &'s str>) -> Option<Cow<'a, Value>> {
    let mut cur = match data {
        Data::Json(v) => Cow::Borrowed(v),
        // Generic paths over facts see the facts as one array.
        Data::Slots(facts) => match path.next() {
            None => return Some(Cow::Owned(Value::Array(facts.to_vec()))),
            Some(seg) => element(facts, seg).map(Cow::Borrowed)?,
        },
    };
    for seg in path {
        if cur.is_null() {
            return None;
        }
        cur = match cur {
            Cow::Borrowed(v) => property(v, seg)?,
            Cow::Owned(v) => Cow::Owned(property(&v, seg)?.into_owned()),
        };
    }
    Some(cur)
}

/// JavaScript's `v[key]` for JSON values.
fn property<'v>(v: &'v Value, key: &str) -> Option<Cow<'v, Value>> {
    match v {
        Value::Object(map) => map.get(key).map(Cow::Borrowed),
        Value::Array(items) if key == "length" => Some(Cow::Owned(Value::from(items.len()))),
        Value::Array(items) => element(items, key).map(Cow::Borrowed),
        Value::String(s) if key == "length" => Some(Cow::Owned(Value::from(js::utf16_len(s)))),
        Value::String(s) => {
            let unit = array_index(key).and_then(|i| s.encode_utf16().nth(i))?;
            let c = char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER);
            Some(Cow::Owned(Value::String(c.to_string())))
        }
        _ => None,
    }
}

fn element<'v>(items: &'v [Value], key: &str) -> Option<&'v Value> {
    array_index(key).and_then(|i| items.get(i))
}

/// A canonical JavaScript array index: digits without a leading zero ("0" itself excepted),
/// below 2^32 - 1. `"01"`, `"1.0"`, `"-1"` are ordinary (absent) property names.
fn array_index(key: &str) -> Option<usize> {
    let canonical = !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_digit())
        && (key == "0" || !key.starts_with('0'));
    if !canonical {
        return None;
    }
    key.parse::<u32>()
        .ok()
        .filter(|i| *i < u32::MAX)
        .and_then(|i| usize::try_from(i).ok())
}
