//! The slides page's answers, natively: the JSON the browser gets, in the documented layout.
use ann_page::slides::{self, Toy};
use serde_json::{Value, json};

fn parse(text: String) -> Value {
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_exercise_answers_in_the_slides_layout() {
    let r = parse(slides::exercise("1 2; 3 4; 5 6\n7 8 9", "1, 1", "1", "sigmoid", "quadratic", "0.01"));
    assert_eq!(r["layers"], json!([2, 3, 1]));
    assert_eq!(r["architecture"], "2-3-1");
    assert_eq!(r["z"][0], json!([3.0, 7.0, 11.0]));
    for key in ["z", "a", "delta", "db", "b_after"] {
        assert_eq!(r[key].as_array().unwrap().len(), 2, "{key}");
    }
    // ∂C/∂w and w after the update are [out, in], as w was typed.
    assert_eq!(r["dw"][0].as_array().unwrap().len(), 3);
    assert_eq!(r["dw"][0][0].as_array().unwrap().len(), 2);
    assert_eq!(r["w_after"][1][0].as_array().unwrap().len(), 3);
    assert!(r["cost"].as_f64().unwrap() > 0.0);
}

#[test]
fn bad_input_answers_with_a_message_not_a_crash() {
    let cases = [
        (slides::exercise("1 2; 3 4; 5 6\n7 8", "1, 1", "1", "sigmoid", "quadratic", "0.01"), "w2"),
        (slides::exercise("1 2; 3 four; 5 6", "1, 1", "1", "sigmoid", "quadratic", "0.01"), "w1, row 2"),
        (slides::exercise("1 2", "1, x", "1", "sigmoid", "quadratic", "0.01"), "x"),
        (slides::exercise("1 2", "1, 1", "1", "sigmoid", "quadratic", "fast"), "η"),
        (slides::exercise("1 2", "1, 1", "1", "swish", "quadratic", "0.1"), "swish"),
        (slides::softmax_table("2, one"), "\"one\""),
        (slides::circuit("-2", "", "-4"), "y is empty"),
        (slides::hadamard("1, 2", "3"), "equal lengths"),
        (slides::parameters("784, 0.5"), "whole numbers"),
        (slides::uniform_cost("0"), "K = 0"),
    ];
    for (text, named) in cases {
        let error = parse(text)["error"].as_str().unwrap().to_string();
        assert!(error.contains(named), "{error:?} should name {named:?}");
    }
}

#[test]
fn the_small_views_give_the_slides_numbers() {
    let s = parse(slides::softmax_table("2, 1, -1"));
    let two = |v: &Value| (v.as_f64().unwrap() * 100.0).round() / 100.0;
    assert_eq!(s["e"].as_array().unwrap().iter().map(two).collect::<Vec<_>>(), vec![7.39, 2.72, 0.37]);
    assert_eq!(two(&s["sum"]), 10.48);
    assert_eq!(s["y"].as_array().unwrap().iter().map(two).collect::<Vec<_>>(), vec![0.71, 0.26, 0.04]);
    assert_eq!(parse(slides::circuit("-2", "5", "-4")), json!({"q": 3.0, "f": -12.0, "dq": -4.0, "dx": -4.0, "dy": -4.0, "dz": 3.0}));
    assert_eq!(parse(slides::product("4", "-3")), json!({"f": -12.0, "grad": [-3.0, 4.0]}));
    assert_eq!(parse(slides::hadamard("1, 2", "3, 4")), json!({"product": [3.0, 8.0]}));
    assert_eq!(parse(slides::parameters("784, 300, 100, 10"))["total"], 266_610);
    assert_eq!(parse(slides::chain_rule("1", "2", "2", "3", "3"))["slope"], 6.0);
    assert_eq!((parse(slides::uniform_cost("10"))["E"].as_f64().unwrap() * 1e6).round() / 1e6, 2.302585);
    let n = parse(slides::neuron("1.0, 0.5, -1.0", "0.7, 0.6, 1.4", "-0.1", "linear"));
    assert!((n["z"].as_f64().unwrap() + 0.5).abs() < 1e-12);
}

#[test]
fn the_toy_table_steps_one_sample_at_a_time() {
    let mut toy = Toy::try_new("0.1 -0.2 0.3; -0.3 0.2 0.1; 0.2 0.1 -0.1\n0.3 -0.1 0.2; -0.2 0.3 0.1", "0.5").unwrap();
    let start = parse(toy.state());
    assert_eq!(start["rows"].as_array().unwrap().len(), 4);
    assert!(start["last"].is_null());
    let one = parse(toy.steps(1));
    assert_eq!((one["steps"].as_u64(), one["last"]["sample"].as_u64()), (Some(1), Some(1)));
    let later = parse(toy.steps(400));
    assert!(later["E"].as_f64().unwrap() < start["E"].as_f64().unwrap());
    assert!(Toy::try_new("1 2; 3 4", "0.5").err().unwrap().contains("3 inputs"));
}
