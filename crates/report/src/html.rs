//! `report.html`: one self-contained page (inline CSS, images beside it), readable offline.
use std::path::PathBuf;

use crate::RunReport;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// What each figure teaches, shown under it.
fn caption(file: &str) -> (&'static str, &'static str) {
    match file {
        "curves.png" => (
            "Loss and accuracy",
            "Training and validation figures per epoch; the dashed line is the final test figure. \
             Validation loss rising while training loss falls would mean over-fitting. With \
             [data.augment] in the config, the training figures are taken on the distorted \
             images, so they lie below validation's.",
        ),
        "confusion.png" => (
            "Confusion matrix",
            "Rows are the true class, columns the network's answer: the diagonal is right, every \
             other cell counts one kind of mistake.",
        ),
        "mistakes.png" => (
            "The most confident mistakes",
            "Test images the network got wrong with the highest probability (true → predicted, \
             probability): often pictures a person would hesitate over too.",
        ),
        "weights.png" => (
            "What each hidden unit looks for",
            "Each tile is one row of W(1): the 784 weights of one hidden unit drawn as a 28×28 \
             image. Red pixels raise the unit's input a(1) when inked, blue ones lower it.",
        ),
        "gradients.png" => (
            "Gradient size per layer",
            "The mean |∂E/∂W(l)| of each layer per epoch (the cost E without the L2 term). Compare \
             a ReLU run with a sigmoid one (configs/sigmoid.toml): with sigmoid, each layer down \
             multiplies δ by σ' ≤ 1/4, so the first layer's gradient falls much further behind the \
             last one's: the vanishing gradient of deck 004.",
        ),
        _ => ("", ""),
    }
}

pub fn page(r: &RunReport, figures: &[PathBuf]) -> String {
    let mut html = String::new();
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>ann report: {title}</title>\n<style>\n{CSS}</style></head>\n<body>\n<h1>Run <code>{title}</code></h1>\n",
        title = escape(r.title)
    ));
    html.push_str("<table class=\"summary\">\n");
    for (key, value) in r.summary {
        html.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>\n", escape(key), escape(value)));
    }
    html.push_str("</table>\n");
    for figure in figures {
        let file = figure.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let (heading, text) = caption(&file);
        html.push_str(&format!(
            "<figure><h2>{heading}</h2><img src=\"{file}\" alt=\"{heading}\"><figcaption>{text}</figcaption></figure>\n",
            file = escape(&file)
        ));
    }
    html.push_str(&per_class(r));
    if r.gradients.is_empty() {
        html.push_str("<p class=\"note\">This run recorded no gradient sizes, so there is no figure of them.</p>\n");
    }
    html.push_str(&format!("<h2>Config</h2>\n<pre>{}</pre>\n</body></html>\n", escape(r.config_toml)));
    html
}

/// Each class's test accuracy and the class it is most often mistaken for.
fn per_class(r: &RunReport) -> String {
    let mut html = String::from(
        "<h2>Per class</h2>\n<table class=\"classes\"><tr><th>class</th><th>test images</th><th>accuracy</th>\
         <th>most often taken for</th></tr>\n",
    );
    for (t, name) in r.classes.iter().enumerate() {
        let row = &r.confusion[t];
        let total: u64 = row.iter().sum();
        let accuracy = r.per_class_accuracy[t];
        let accuracy = if accuracy.is_finite() { format!("{:.2}%", accuracy * 100.0) } else { "–".into() };
        let worst = (0..row.len()).filter(|&p| p != t && row[p] > 0).max_by_key(|&p| (row[p], std::cmp::Reverse(p)));
        let worst = worst.map_or("–".into(), |p| format!("{} ({} times)", escape(&r.classes[p]), row[p]));
        html.push_str(&format!("<tr><td>{}</td><td>{total}</td><td>{accuracy}</td><td>{worst}</td></tr>\n", escape(name)));
    }
    html.push_str("</table>\n");
    html
}

const CSS: &str = "body { font-family: system-ui, sans-serif; max-width: 1240px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin: 0.2em 0; }
table.summary { border-collapse: collapse; margin: 1em 0; }
table.summary th { text-align: left; padding: 0.2em 1.2em 0.2em 0; color: #555; font-weight: normal; }
table.summary td { padding: 0.2em 0; font-variant-numeric: tabular-nums; }
figure { margin: 2em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { color: #555; max-width: 60em; margin-top: 0.4em; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }
.note { color: #555; font-style: italic; }
table.classes { border-collapse: collapse; margin: 0.5em 0 2em; font-variant-numeric: tabular-nums; }
table.classes th, table.classes td { padding: 0.15em 1em 0.15em 0; text-align: left; }
table.classes th { color: #555; font-weight: normal; border-bottom: 1px solid #ddd; }
";
