//! Recursive shapes are boxed where needed and validate and serialize to any depth.

use fixture_recursion::types::{Expr, Meta, Person, Tree};

#[test]
fn recursive_values_build_validate_and_round_trip() {
    let leaf = |l: &str| Tree { label: Some(l.into()), ..Default::default() };
    let tree = Tree {
        label: Some("root".into()),
        left: Some(Box::new(leaf("l"))),
        right: Some(Box::new(leaf("this label is too long"))),
        children: Some(vec![leaf("c")]),
        // Every by-value edge on a cycle is boxed: Tree → Meta → Person → Expr → Tree.
        meta: Some(Box::new(Meta {
            owner: Box::new(Person {
                name: Some("p".into()),
                manager: Some(Box::new(Person { name: Some("way too long name".into()), ..Default::default() })),
                expr: Some(Box::new(Expr::Not(Box::new(Expr::And(vec![Expr::Leaf("also far too long".into())]))))),
                by: Some(serde_json::json!({"any": ["json", 1]})),
            }),
        })),
    };
    let err = tree.validate().unwrap_err();
    let paths: Vec<&str> = err.violations().iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["/right/label", "/meta/owner/manager/name", "/meta/owner/expr/not/and/0/leaf"]);
    let json = serde_json::to_string(&tree).unwrap();
    let back: Tree = serde_json::from_str(&json).unwrap();
    assert_eq!(back, tree);
}
