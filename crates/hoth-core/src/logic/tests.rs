//! Unit tests for the JSONLogic evaluator. The official cases run in
//! `tests/jsonlogic_conformance.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use super::*;

const FACTS: &[&str] = &["age", "level", "harmTypes", "name", "notes"];

fn resolve(name: &str) -> Option<usize> {
    FACTS.iter().position(|f| *f == name)
}

fn strict(rule: Value) -> Result<Logic, LogicError> {
    Logic::compile_facts(&rule, &resolve)
}

fn generic(rule: Value) -> Logic {
    Logic::compile_generic(&rule).unwrap_or_else(|e| panic!("{rule} does not compile: {e}"))
}

fn run(rule: Value, data: Value) -> Value {
    generic(rule).eval_json(&data)
}

/// Takes a deeply nested value apart without recursion: serde_json's own `Drop` recurses, and
/// would overflow the test thread's stack at 100,000 levels.
fn dismantle(mut v: Value) {
    loop {
        v = match v {
            Value::Array(mut items) => match items.pop() {
                Some(inner) => inner,
                None => return,
            },
            Value::Object(map) => match map.into_iter().next() {
                Some((_, inner)) => inner,
                None => return,
            },
            _ => return,
        };
    }
}

// --- facts mode: errors --------------------------------------------------------------------

#[test]
fn unknown_operator_is_rejected_with_its_path() {
    let err = strict(json!({"and": [{"==": [{"var": "age"}, 1]}, {"map": [[1], 2]}]})).unwrap_err();
    assert_eq!(
        err,
        LogicError::UnknownOperator {
            op: "map".into(),
            at: "/and/1".into()
        }
    );
    assert_eq!(err.to_string(), "unknown operator `map` at /and/1");
    assert_eq!(err.code(), "logic.unknown_operator");
    assert_eq!(err.at(), Some("/and/1"));

    let err = strict(json!({"log": 1})).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown operator `log` at the top of the condition"
    );
    // Method calls and the other array operators are unknown too, in both modes.
    for op in [
        "filter", "reduce", "all", "none", "some", "log", "method", "a.b", "", "VAR", "If",
    ] {
        let rule = json!({ op: [] });
        assert!(
            matches!(
                Logic::compile_generic(&rule),
                Err(LogicError::UnknownOperator { .. })
            ),
            "{op}"
        );
    }
}

#[test]
fn unknown_fact_is_rejected_with_its_path() {
    let err = strict(json!({"and": [true, {"==": [{"var": "agee"}, 1]}]})).unwrap_err();
    assert_eq!(
        err,
        LogicError::UnknownVar {
            name: "agee".into(),
            at: "/and/1/==/0/var".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "`agee` is not a known fact (at /and/1/==/0/var)"
    );

    let err = strict(json!({"or": [{"var": ["levle", 0]}]})).unwrap_err();
    assert_eq!(
        err,
        LogicError::UnknownVar {
            name: "levle".into(),
            at: "/or/0/var/0".into()
        }
    );

    // Dotted paths and the whole-data name are not facts.
    assert!(matches!(
        strict(json!({"var": "age.years"})),
        Err(LogicError::UnknownVar { .. })
    ));
    assert!(matches!(
        strict(json!({"var": ""})),
        Err(LogicError::UnknownVar { .. })
    ));

    // A default is compiled in facts mode too.
    let err = strict(json!({"var": ["age", {"var": "agee"}]})).unwrap_err();
    assert_eq!(
        err,
        LogicError::UnknownVar {
            name: "agee".into(),
            at: "/var/1/var".into()
        }
    );
}

#[test]
fn var_name_must_be_a_literal_string_in_facts_mode() {
    for (rule, at) in [
        (json!({"var": {"cat": ["a", "ge"]}}), "/var"),
        (json!({"var": [{"cat": ["a", "ge"]}]}), "/var/0"),
        (json!({"!": {"var": 1}}), "/!/var"),
        (json!({"var": null}), "/var"),
        (json!({"var": [["age"]]}), "/var/0"),
    ] {
        let err = strict(rule.clone()).unwrap_err();
        assert!(
            matches!(&err, LogicError::Malformed { at: got, .. } if got == at),
            "{rule}: {err:?} should be Malformed at {at}"
        );
    }
    // No name at all, or too many arguments.
    assert!(matches!(
        strict(json!({"var": []})),
        Err(LogicError::Malformed { .. })
    ));
    assert!(matches!(
        strict(json!({"var": ["age", 1, 2]})),
        Err(LogicError::Malformed { .. })
    ));
    // Generic mode takes all of these.
    for rule in [
        json!({"var": {"cat": ["a", "ge"]}}),
        json!({"var": 1}),
        json!({"var": []}),
        json!({"var": null}),
    ] {
        assert!(Logic::compile_generic(&rule).is_ok(), "{rule}");
    }
}

#[test]
fn missing_must_name_known_facts_in_facts_mode() {
    let err = strict(json!({"missing": ["age", "agee"]})).unwrap_err();
    assert_eq!(
        err,
        LogicError::UnknownVar {
            name: "agee".into(),
            at: "/missing/1".into()
        }
    );
    let err = strict(json!({"missing": [["age", "agee"]]})).unwrap_err();
    assert_eq!(
        err,
        LogicError::UnknownVar {
            name: "agee".into(),
            at: "/missing/0/1".into()
        }
    );
    let err = strict(json!({"missing_some": [1, ["name", "nmae"]]})).unwrap_err();
    assert_eq!(
        err,
        LogicError::UnknownVar {
            name: "nmae".into(),
            at: "/missing_some/1/1".into()
        }
    );
    let err = strict(json!({"missing": {"merge": ["age"]}})).unwrap_err();
    assert!(
        matches!(err, LogicError::Malformed { ref at, .. } if at == "/missing"),
        "{err:?}"
    );
    let err = strict(json!({"missing_some": [1, {"var": "harmTypes"}]})).unwrap_err();
    assert!(
        matches!(err, LogicError::Malformed { ref at, .. } if at == "/missing_some/1"),
        "{err:?}"
    );
}

#[test]
fn malformed_operations_are_rejected() {
    let cases = [
        (json!({}), "", "exactly one key"),
        (
            json!({"and": [true, {"==": [1, 1], "!=": [1, 2]}]}),
            "/and/1",
            "has 2",
        ),
        (json!({"==": [1]}), "", "`==` takes 2 arguments, not 1"),
        (
            json!({"===": [1, 1, 2]}),
            "",
            "`===` takes 2 arguments, not 3",
        ),
        (json!({">": [1, 2, 3]}), "", "`>` takes 2 arguments"),
        (
            json!({"<": [1, 2, 3, 4]}),
            "",
            "`<` takes 2 to 3 arguments, not 4",
        ),
        (
            json!({"and": []}),
            "",
            "`and` takes at least 1 argument, not 0",
        ),
        (json!({"or": []}), "", "`or` takes at least 1"),
        (json!({"*": []}), "", "`*` takes at least 1"),
        (json!({"-": []}), "", "`-` takes 1 to 2"),
        (json!({"!": [true, false]}), "", "`!` takes 0 to 1"),
        (json!({"missing_some": [1]}), "", "`missing_some` takes 2"),
        (json!({"substr": []}), "", "`substr` takes 1 to 3"),
        (json!({"if": [{"in": ["a"]}]}), "/if/0", "`in` takes 2"),
    ];
    for (rule, at, message) in cases {
        for result in [Logic::compile_generic(&rule), strict(rule.clone())] {
            match result {
                Err(LogicError::Malformed { message: m, at: a }) => {
                    assert_eq!(a, at, "{rule}");
                    assert!(m.contains(message), "{rule}: {m:?} lacks {message:?}");
                }
                other => panic!("{rule}: {other:?}"),
            }
        }
    }
    // The forms json-logic-js documents stay accepted.
    for rule in [
        json!({"if": []}),
        json!({"!": []}),
        json!({"!!": []}),
        json!({"<": [1, 2, 3]}),
        json!({"-": 3}),
        json!({"substr": ["abc"]}),
        json!({"var": []}),
        json!({"+": []}),
        json!({"cat": []}),
        json!({"merge": []}),
        json!({"missing": []}),
        json!({"min": []}),
    ] {
        assert!(Logic::compile_generic(&rule).is_ok(), "{rule}");
    }
}

#[test]
fn pointer_segments_are_escaped() {
    let err = Logic::compile_generic(&json!({"/": [{"a/b~c": 1}, 2]})).unwrap_err();
    assert_eq!(
        err,
        LogicError::UnknownOperator {
            op: "a/b~c".into(),
            at: "/~1/0".into()
        }
    );
    let err = Logic::compile_generic(&json!({"if": [true, {"~": 1}]})).unwrap_err();
    assert_eq!(err.at(), Some("/if/1"));
}

// --- limits --------------------------------------------------------------------------------

#[test]
fn deep_nesting_is_too_deep_not_a_stack_overflow() {
    const LEVELS: usize = 100_000;
    // serde_json's parser stops at 128 levels, so build the values in code.
    let mut arrays = json!(1);
    let mut nots = json!(true);
    let mut vars = json!("age");
    // (`json!` would copy its interpolated values, recursively: wrap them by hand.)
    let wrap =
        |op: &str, inner: Value| Value::Object(std::iter::once((op.to_owned(), inner)).collect());
    for _ in 0..LEVELS {
        arrays = Value::Array(vec![arrays]);
        nots = wrap("!", nots);
        vars = wrap("var", Value::Array(vec![vars]));
    }
    let too_deep = Err(LogicError::TooDeep { max: MAX_DEPTH });
    for rule in [arrays, nots, vars] {
        let results = [
            Logic::compile_generic(&rule),
            Logic::compile_facts(&rule, &resolve),
        ];
        // Take the value apart before asserting, so a failure does not drop it recursively.
        let is_var = rule.get("var").is_some();
        dismantle(rule);
        assert_eq!(results[0], too_deep);
        if is_var {
            // Facts mode stops earlier: a `var` name must be a literal string.
            assert!(
                matches!(results[1], Err(LogicError::Malformed { .. })),
                "{:?}",
                results[1]
            );
        } else {
            assert_eq!(results[1], too_deep);
        }
    }
}

#[test]
fn depth_limit_is_exact() {
    let nested = |levels: usize| {
        let mut v = json!(1);
        for _ in 0..levels {
            v = Value::Array(vec![v]);
        }
        v
    };
    let ok = generic(nested(MAX_DEPTH));
    assert_eq!(ok.eval_json(&json!(null)), nested(MAX_DEPTH));
    assert_eq!(
        Logic::compile_generic(&nested(MAX_DEPTH + 1)),
        Err(LogicError::TooDeep { max: MAX_DEPTH })
    );
    // An operator with an argument list is two levels: the object and the list.
    let mut nots = json!(true);
    for _ in 0..MAX_DEPTH / 2 {
        nots = json!({ "!": [nots] });
    }
    assert_eq!(generic(nots.clone()).eval_json(&json!(null)), json!(true));
    assert!(Logic::compile_generic(&json!({ "!": [nots] })).is_err());
}

#[test]
fn too_many_parts_is_too_large() {
    let big = Value::Array((0..MAX_NODES).map(|i| json!(i)).collect());
    assert_eq!(
        Logic::compile_generic(&big),
        Err(LogicError::TooLarge { max: MAX_NODES })
    );
    let fits = Value::Array((0..MAX_NODES - 1).map(|i| json!(i)).collect());
    assert!(Logic::compile_generic(&fits).is_ok());
    let many_vars =
        json!({"or": (0..MAX_NODES / 2).map(|_| json!({"var": "age"})).collect::<Vec<_>>()});
    assert_eq!(
        strict(many_vars).map(|_| ()),
        Err(LogicError::TooLarge { max: MAX_NODES })
    );
}

// --- facts mode: evaluation ----------------------------------------------------------------

#[test]
fn evaluates_facts_by_slot() {
    let logic = strict(json!({"and": [
        {">=": [{"var": "age"}, 10]},
        {"<": [{"var": "age"}, 18]},
        {"in": ["exploitation", {"var": "harmTypes"}]}
    ]}))
    .unwrap();
    let facts = |age: Value, harms: Value| vec![age, json!(2), harms, json!("Sam")];
    assert_eq!(
        logic.eval_facts(&facts(json!(12), json!(["exploitation"]))),
        json!(true)
    );
    assert!(logic.matches_facts(&facts(json!(12), json!(["exploitation", "neglect"]))));
    assert!(!logic.matches_facts(&facts(json!(19), json!(["exploitation"]))));
    assert!(!logic.matches_facts(&facts(json!(12), json!([]))));
    assert!(!logic.matches_facts(&facts(json!(null), json!(["exploitation"]))));
    // `and` returns the deciding value, not a bool.
    assert_eq!(logic.eval_facts(&facts(json!(5), json!([]))), json!(false));
    // Fewer facts than slots: the missing ones are null.
    assert!(!logic.matches_facts(&[]));
}

#[test]
fn facts_mode_reads_by_name_from_json() {
    let logic = strict(json!({"==": [{"var": "level"}, 3]})).unwrap();
    assert!(logic.matches_json(&json!({"level": 3})));
    assert!(logic.matches_json(&json!({"level": "3"})));
    assert!(!logic.matches_json(&json!({"age": 3})));
    assert!(!logic.matches_json(&json!([1, 3])));
}

#[test]
fn defaults_apply_to_absent_and_null_facts() {
    let logic = strict(json!({"var": ["level", 1]})).unwrap();
    assert_eq!(logic.eval_facts(&[json!(14), json!(3)]), json!(3));
    assert_eq!(logic.eval_facts(&[json!(14), json!(null)]), json!(1));
    assert_eq!(logic.eval_facts(&[json!(14)]), json!(1));
    assert_eq!(logic.eval_facts(&[json!(14), json!(0)]), json!(0));
    assert_eq!(logic.eval_json(&json!({})), json!(1));
    let no_default = strict(json!({"var": "level"})).unwrap();
    assert_eq!(no_default.eval_facts(&[]), json!(null));
}

#[test]
fn missing_in_facts_mode() {
    let missing = strict(json!({"missing": ["age", "name", "notes"]})).unwrap();
    let facts = [json!(12), json!(null), json!(null), json!(""), json!("x")];
    assert_eq!(missing.eval_facts(&facts), json!(["name"]));
    assert_eq!(missing.eval_facts(&[]), json!(["age", "name", "notes"]));
    let listed = strict(json!({"missing": [["age", "level"]]})).unwrap();
    assert_eq!(listed.eval_facts(&facts), json!(["level"]));
    let single = strict(json!({"missing": "level"})).unwrap();
    assert_eq!(single.eval_facts(&facts), json!(["level"]));

    let some = strict(json!({"missing_some": [2, ["age", "level", "name"]]})).unwrap();
    assert_eq!(some.eval_facts(&facts), json!(["level", "name"]));
    assert_eq!(some.eval_facts(&[json!(12), json!(1)]), json!([]));
    let need_from_fact =
        strict(json!({"missing_some": [{"var": "level"}, ["age", "name"]]})).unwrap();
    assert_eq!(need_from_fact.eval_facts(&[json!(1), json!(1)]), json!([]));
    assert_eq!(
        need_from_fact.eval_facts(&[json!(1), json!(2)]),
        json!(["name"])
    );
}

#[test]
fn fact_slots_are_distinct_and_sorted() {
    let logic = strict(json!({"if": [
        {"missing": ["name", "age"]}, false,
        {"and": [{">": [{"var": "level"}, 1]}, {"==": [{"var": ["age", {"var": "level"}]}, 3]}]}, true,
        {"missing_some": [1, ["notes", "name"]]}
    ]}))
    .unwrap();
    assert_eq!(logic.fact_slots(), vec![0, 1, 3, 4]);
    assert_eq!(
        strict(json!({"==": [1, 1]})).unwrap().fact_slots(),
        Vec::<usize>::new()
    );
    assert_eq!(
        generic(json!({"var": "age"})).fact_slots(),
        Vec::<usize>::new()
    );
}

#[test]
fn generic_logic_sees_facts_as_an_array() {
    let facts = [json!(12), json!({"a": [5]})];
    assert_eq!(generic(json!({"var": 0})).eval_facts(&facts), json!(12));
    assert_eq!(
        generic(json!({"var": "1.a.0"})).eval_facts(&facts),
        json!(5)
    );
    assert_eq!(
        generic(json!({"var": "length"})).eval_facts(&facts),
        json!(null)
    );
    assert_eq!(
        generic(json!({"var": ""})).eval_facts(&facts),
        json!([12, {"a": [5]}])
    );
    assert_eq!(
        generic(json!({"var": ["7", "d"]})).eval_facts(&facts),
        json!("d")
    );
}

// --- JavaScript semantics ------------------------------------------------------------------

#[test]
fn truthiness() {
    for v in [
        json!(0),
        json!(0.0),
        json!(""),
        json!([]),
        json!(null),
        json!(false),
    ] {
        assert!(!truthy(&v), "{v}");
    }
    for v in [
        json!(1),
        json!(-0.5),
        json!("0"),
        json!(" "),
        json!([0]),
        json!([[]]),
        json!({}),
        json!(true),
    ] {
        assert!(truthy(&v), "{v}");
    }
}

#[test]
fn non_json_numbers_are_null_but_flow_through() {
    assert_eq!(run(json!({"/": [1, 0]}), json!(null)), json!(null));
    assert_eq!(run(json!({"%": [1, 0]}), json!(null)), json!(null));
    assert_eq!(run(json!({"-": ["a"]}), json!(null)), json!(null));
    assert_eq!(run(json!({"min": []}), json!(null)), json!(null));
    // JavaScript keeps NaN and Infinity between operations.
    assert_eq!(
        run(json!({"cat": [{"/": [1, 0]}, {"/": [0, 0]}]}), json!(null)),
        json!("InfinityNaN")
    );
    assert_eq!(
        run(json!({"<": [{"/": [0, 0]}, 1]}), json!(null)),
        json!(false)
    );
    assert_eq!(
        run(json!({">": [{"/": [1, 0]}, 1e300]}), json!(null)),
        json!(true)
    );
    assert_eq!(
        run(json!({"==": [{"/": [1, 0]}, "Infinity"]}), json!(null)),
        json!(true)
    );
    assert_eq!(run(json!({"!": {"/": [0, 0]}}), json!(null)), json!(true));
    // ... and -0: 1 / -0 is -Infinity.
    assert_eq!(
        run(json!({"<": [{"/": [1, {"-": [0]}]}, 0]}), json!(null)),
        json!(true)
    );
    // Integers come out as integers.
    assert_eq!(run(json!({"*": [1.5, 2]}), json!(null)).to_string(), "3");
    assert_eq!(run(json!({"/": [1, 4]}), json!(null)).to_string(), "0.25");
}

#[test]
fn loose_and_strict_equality() {
    let eq = |a: Value, b: Value| run(json!({"==": [a, b]}), json!(null));
    assert_eq!(eq(json!(1), json!("1")), json!(true));
    assert_eq!(eq(json!(0), json!(false)), json!(true));
    assert_eq!(eq(json!(""), json!(0)), json!(true));
    assert_eq!(eq(json!(null), json!(0)), json!(false));
    assert_eq!(eq(json!(null), json!(null)), json!(true));
    assert_eq!(eq(json!("abc"), json!("abc")), json!(true));
    assert_eq!(eq(json!([1]), json!([1])), json!(false)); // two fresh arrays
    assert_eq!(eq(json!([1, 2]), json!("1,2")), json!(true));
    // The same array read twice from the data is the same array.
    let same = json!({"==": [{"var": "a"}, {"var": "a"}]});
    assert_eq!(run(same, json!({"a": [1]})), json!(true));
    let strict_in = json!({"in": [{"var": "a.0"}, {"var": "a"}]});
    assert_eq!(run(strict_in, json!({"a": [[1]]})), json!(true));
    assert_eq!(run(json!({"in": [[1], [[1]]]}), json!(null)), json!(false));
    assert_eq!(run(json!({"===": [1, 1.0]}), json!(null)), json!(true));
    assert_eq!(run(json!({"!==": [1, "1"]}), json!(null)), json!(true));
}

#[test]
fn comparisons_and_arithmetic_coerce_like_javascript() {
    let t = |rule: Value, expected: Value| {
        assert_eq!(run(rule.clone(), json!(null)), expected, "{rule}")
    };
    t(json!({"<": ["10", "9"]}), json!(true)); // two strings: text order
    t(json!({"<": ["10", 9]}), json!(false)); // otherwise numbers
    t(json!({"<": ["a", 1]}), json!(false));
    t(json!({">=": ["a", 1]}), json!(false)); // NaN: every comparison is false
    t(json!({"<=": [null, 0]}), json!(true));
    t(json!({"<=": [1, 1, 1]}), json!(true));
    t(json!({"<": [1, 2, "3"]}), json!(true));
    t(json!({"+": ["3kg", 1]}), json!(4)); // parseFloat
    t(json!({"-": ["3kg", 1]}), json!(null)); // ToNumber: NaN
    t(json!({"-": ["", 1]}), json!(-1));
    t(json!({"+": [true, 1]}), json!(null));
    t(json!({"-": [true, 1]}), json!(0));
    t(json!({"*": ["2"]}), json!("2")); // one operand comes back untouched
    t(json!({"*": [" 2", "3x"]}), json!(6));
    t(json!({"%": [-7, 3]}), json!(-1));
    t(json!({"max": ["3", [4], null]}), json!(4));
    t(json!({"min": [1, "x"]}), json!(null));
    t(json!({"+": ["0x10"]}), json!(0));
    t(json!({"-": ["0x10", 0]}), json!(16));
    t(json!({"+": ["1e3"]}), json!(1000));
}

#[test]
fn strings_and_arrays() {
    let t = |rule: Value, expected: Value| {
        assert_eq!(run(rule.clone(), json!(null)), expected, "{rule}")
    };
    t(
        json!({"cat": ["a", null, 1.5, true, [1, [2, null]], {"+": ["1e21"]}]}),
        json!("a1.5true1,2,1e+21"),
    );
    t(json!({"cat": []}), json!(""));
    t(json!({"in": ["", "abc"]}), json!(true));
    t(json!({"in": ["", ""]}), json!(false));
    t(json!({"in": [1, "a1"]}), json!(true));
    t(json!({"in": ["a", null]}), json!(false));
    t(json!({"in": ["1", [1]]}), json!(false)); // strict membership
    t(json!({"substr": ["héllo😀!", 1, 4]}), json!("éllo"));
    t(json!({"substr": ["héllo😀!", -3]}), json!("😀!"));
    t(json!({"substr": ["abcdef", 1, -2]}), json!("bcd"));
    t(json!({"substr": ["abcdef", 1, "-2"]}), json!("")); // 5 + "-2" is "5-2", NaN, 0
    t(json!({"substr": ["abcdef", "2"]}), json!("cdef"));
    t(json!({"substr": [12345, 1, 2]}), json!("23"));
    t(json!({"substr": ["abc", 1, null]}), json!(""));
    t(
        json!({"merge": [1, [2, [3]], null, "x"]}),
        json!([1, 2, [3], null, "x"]),
    );
    t(json!({"if": [[], "a", [0], "b", "c"]}), json!("b"));
    t(json!({"or": [0, "", "x", {"/": [1, 0]}]}), json!("x"));
    t(json!({"and": [1, "x", [0]]}), json!([0]));
}

#[test]
fn var_paths_like_json_logic_js() {
    let data = json!({"a": {"b": [10, {"c": null}], "": 5, "1": "one"}, "s": "héllo", "n": null});
    let t = |name: Value, expected: Value| {
        assert_eq!(
            run(json!({"var": name.clone()}), data.clone()),
            expected,
            "{name}"
        )
    };
    t(json!("a.b.0"), json!(10));
    t(json!("a.b.1.c"), json!(null));
    t(json!(["a.b.1.c", 7]), json!(null)); // found, and null
    t(json!(["a.b.1.c.d", 7]), json!(7)); // stepping through null: not found
    t(json!(["a.b.01", 7]), json!(7)); // not a canonical index
    t(json!("a.b.length"), json!(2));
    t(json!("s.length"), json!(5));
    t(json!("s.1"), json!("é"));
    t(json!("a."), json!(5));
    t(json!("a.1"), json!("one"));
    t(json!(["n", 7]), json!(null));
    t(json!(["x", 7]), json!(7));
    t(json!(["constructor", 7]), json!(7));
    let computed = json!({"var": {"cat": ["a.", {"var": "a.b.0"}, ""]}});
    assert_eq!(
        run(computed, json!({"a": {"10": "ten", "b": [10]}})),
        json!("ten")
    );
    assert_eq!(run(json!({"var": ""}), json!([1])), json!([1]));
    assert_eq!(run(json!({"var": 0}), json!("xyz")), json!("x"));
}

#[test]
fn generic_missing_like_json_logic_js() {
    let data = json!({"a": 1, "b": "", "c": null, "d": {"e": 0}});
    let t = |rule: Value, expected: Value| {
        assert_eq!(run(rule.clone(), data.clone()), expected, "{rule}")
    };
    t(
        json!({"missing": ["a", "b", "c", "d.e", "d.f", "z"]}),
        json!(["b", "c", "d.f", "z"]),
    );
    t(json!({"missing": [["a", "z"], "c"]}), json!(["z"])); // a first array is the whole list
    t(json!({"missing": [1]}), json!([1]));
    t(json!({"missing_some": [1, ["a", "z"]]}), json!([]));
    t(json!({"missing_some": [2, ["a", "z"]]}), json!(["z"]));
    t(json!({"missing_some": ["1", ["a", "z"]]}), json!([]));
    t(json!({"missing_some": [0, "z"]}), json!([])); // a string has a length
    t(json!({"missing_some": [0, 5]}), json!([5])); // a number has none: the comparison fails
}

#[test]
fn every_operator_compiles_in_both_modes() {
    for op in OPERATORS {
        let args = match *op {
            "var" => json!(["age"]),
            "missing" | "missing_some" => json!([1, ["age"]]),
            "!" | "!!" | "*" | "-" | "substr" => json!([1]),
            _ => json!([1, 2]),
        };
        let rule = json!({ *op: args });
        let missing_ok = *op == "missing"; // in facts mode, `missing` needs names
        if !missing_ok {
            assert!(strict(rule.clone()).is_ok(), "{rule}");
        }
        assert!(Logic::compile_generic(&rule).is_ok(), "{rule}");
    }
}

// --- robustness ----------------------------------------------------------------------------

/// A small deterministic generator (xorshift64*), so the test needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

fn weird_values() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(-0.0),
        json!(1),
        json!(-1),
        json!(0.1),
        json!(1e308),
        json!(-1e308),
        json!(5e-324),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!(" "),
        json!("0"),
        json!("-0"),
        json!("1e400"),
        json!("0x"),
        json!("0xffffffffffffffffffff"),
        json!("Infinity"),
        json!("NaN"),
        json!("😀"),
        json!("a.b"),
        json!("."),
        json!("length"),
        json!("\u{feff}\u{2028}"),
        json!([]),
        json!([[]]),
        json!([null]),
        json!([1, "2", [3, [4]]]),
        json!({}),
        json!({"a": [1]}),
        json!("4294967295"),
        json!("4294967294"),
    ]
}

fn random_rule(rng: &mut Rng, depth: usize, values: &[Value]) -> Value {
    if depth > 5 || rng.below(4) == 0 {
        return match rng.below(3) {
            0 => json!({"var": rng.pick(&["age", "level", "harmTypes", "name", "notes"])}),
            1 => rng.pick(values),
            _ => {
                json!({"var": rng.pick(&["", "a", "a.0", "0", "1", "length", "a.length", "x.y.z"])})
            }
        }
        .clone();
    }
    if rng.below(10) == 0 {
        let n = rng.below(3);
        return Value::Array(
            (0..n)
                .map(|_| random_rule(rng, depth + 1, values))
                .collect(),
        );
    }
    let op = rng.pick(OPERATORS);
    let n = rng.below(5);
    let args: Vec<Value> = (0..n)
        .map(|_| random_rule(rng, depth + 1, values))
        .collect();
    if n == 1 && rng.below(2) == 0 {
        json!({ op: args[0].clone() })
    } else {
        json!({ op: args })
    }
}

#[test]
fn evaluation_never_panics() {
    let values: Vec<Value> = weird_values()
        .into_iter()
        .filter(|v| !v.is_object())
        .collect();
    let data_values = weird_values();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut compiled, mut evaluated) = (0, 0);
    for _ in 0..20_000 {
        let rule = random_rule(&mut rng, 0, &values);
        let facts: Vec<Value> = (0..FACTS.len()).map(|_| rng.pick(&data_values)).collect();
        let data = match rng.below(4) {
            0 => rng.pick(&data_values),
            _ => {
                json!({"a": rng.pick(&data_values), "x": {"y": rng.pick(&data_values)}, "0": rng.pick(&data_values)})
            }
        };
        for logic in [Logic::compile_generic(&rule), strict(rule.clone())]
            .into_iter()
            .flatten()
        {
            compiled += 1;
            for out in [
                logic.eval_json(&data),
                logic.eval_facts(&facts),
                logic.eval_facts(&[]),
            ] {
                // Whatever comes out is valid JSON.
                let text = serde_json::to_string(&out).unwrap();
                let _: Value = serde_json::from_str(&text).unwrap();
                evaluated += 1;
            }
            // The short cut for a condition's truth is the truth of its value (before that value
            // becomes JSON: Infinity is truthy, its JSON null is not).
            assert_eq!(
                logic.matches_facts(&facts),
                eval(&logic.root, Data::Slots(&facts)).truthy(),
                "{rule}"
            );
            assert_eq!(
                logic.matches_json(&data),
                eval(&logic.root, Data::Json(&data)).truthy(),
                "{rule} on {data}"
            );
        }
    }
    assert!(compiled > 5_000, "only {compiled} rules compiled");
    assert!(evaluated > 15_000);
}

#[test]
fn facts_mode_agrees_with_generic_mode_on_random_rules() {
    let values: Vec<Value> = weird_values()
        .into_iter()
        .filter(|v| !v.is_object())
        .collect();
    let fact_values: Vec<Value> = weird_values()
        .into_iter()
        .filter(|v| !v.is_null())
        .collect();
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let mut compared = 0;
    for _ in 0..20_000 {
        let rule = random_rule(&mut rng, 0, &values);
        let Ok(facts_logic) = strict(rule.clone()) else {
            continue;
        };
        let generic_logic = generic(rule.clone());
        // Facts mode reads null facts as absent, so give every fact a value.
        let facts: Vec<Value> = (0..FACTS.len()).map(|_| rng.pick(&fact_values)).collect();
        let data: serde_json::Map<String, Value> = FACTS
            .iter()
            .map(|f| (*f).to_owned())
            .zip(facts.iter().cloned())
            .collect();
        let data = Value::Object(data);
        let expected = generic_logic.eval_json(&data);
        assert_eq!(facts_logic.eval_facts(&facts), expected, "{rule} on {data}");
        assert_eq!(
            facts_logic.eval_json(&data),
            expected,
            "{rule} on {data} by name"
        );
        compared += 1;
    }
    assert!(compared > 1_000, "only {compared} rules compared");
}

#[test]
fn every_operator_on_every_pair_of_weird_values() {
    let values: Vec<Value> = weird_values()
        .into_iter()
        .filter(|v| !v.is_object())
        .collect();
    let data = json!({"a": [1, 2], "s": "😀"});
    for op in OPERATORS {
        for a in &values {
            for b in &values {
                for args in [json!([a, b]), json!([a]), json!([a, b, a]), json!(a)] {
                    let rule = json!({ *op: args });
                    if let Ok(logic) = Logic::compile_generic(&rule) {
                        let out = logic.eval_json(&data);
                        assert!(serde_json::to_string(&out).is_ok(), "{rule}");
                    }
                }
            }
        }
    }
}
