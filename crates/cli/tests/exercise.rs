//! `ann exercise`: deck 004's exercise in the terminal, and messages for what does not chain.
mod common;

use common::{ann, assert_fails, stdout};

#[test]
fn deck_004_exercise_prints_every_number_next_to_its_formula() {
    let out = ann(&["exercise", "--w", "1 2; 3 4; 5 6", "--w", "7 8 9", "--x", "1, 1", "--y", "1"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = stdout(&out);
    for piece in ["architecture 2-3-1", "f = sigmoid", "η = 0.01", "z(1) = w(1) a(0) + b(1)", "(3, 7, 11)", "δ(2) = ∇ₐC ⊙ f'(z(2))", "∂C/∂w(1)_ji", "w(2) ← w(2) − η ∂C/∂w(2)"] {
        assert!(text.contains(piece), "{piece:?} missing from:\n{text}");
    }
    // a(1) = σ(3, 7, 11) to six digits.
    assert!(text.contains("(0.952574, 0.999089, 0.999983)"), "{text}");
}

#[test]
fn what_does_not_chain_is_named_with_exit_code_2() {
    let out = ann(&["exercise", "--w", "1 2; 3 4; 5 6", "--w", "7 8", "--x", "1, 1", "--y", "1"]);
    assert_fails(&out, 2, &["w2 has 2 columns but w1 has 3 rows"]);
    let out = ann(&["exercise", "--w", "1 2; -3 x", "--x", "-1, 1", "--y", "1"]);
    assert_fails(&out, 2, &["w1, row 2", "\"x\""]);
}
