//! What a student types, read into numbers: `1 2; 3 4; 5 6` is the slides' w¹ (rows separated
//! by `;`, numbers by spaces or commas), one matrix per line, its bias after a `|`. Every
//! message names the matrix and the row, so a typo is found where it is.

/// One typed layer: `w(l)` as `[out, in]` rows and, when typed, `b(l)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub w: Vec<Vec<f64>>,
    pub b: Option<Vec<f64>>,
}

/// The numbers of `text` (spaces and/or commas between them); `what` names it in messages.
pub fn numbers(text: &str, what: &str) -> Result<Vec<f64>, String> {
    let cleaned = text.replace(['[', ']', '(', ')'], " ");
    let values = cleaned
        .split([',', ' ', '\t'])
        .filter(|s| !s.is_empty())
        .map(|s| match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(format!("{what}: {s:?} is not a number")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if values.is_empty() {
        return Err(format!("{what} is empty"));
    }
    Ok(values)
}

/// One matrix line `r1; r2; … | b`, named `name` (`w1`, `w2`, …) in messages.
pub fn matrix(line: &str, name: &str) -> Result<Typed, String> {
    let (rows, bias) = match line.split_once('|') {
        Some((rows, bias)) => (rows, Some(bias)),
        None => (line, None),
    };
    let w = rows
        .split(';')
        .enumerate()
        .map(|(i, row)| numbers(row, &format!("{name}, row {}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some((i, row)) = w.iter().enumerate().find(|(_, row)| row.len() != w[0].len()) {
        return Err(format!("{name}, row {} has {} numbers but row 1 has {}", i + 1, row.len(), w[0].len()));
    }
    let b = bias.map(|b| numbers(b, &format!("{name}, bias"))).transpose()?;
    if let Some(b) = &b
        && b.len() != w.len()
    {
        return Err(format!("{name}, bias has {} numbers but {name} has {} rows (one bias per row)", b.len(), w.len()));
    }
    Ok(Typed { w, b })
}

/// Every matrix of `text`, one per non-empty line: `w1`, `w2`, ….
pub fn matrices(text: &str) -> Result<Vec<Typed>, String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return Err("type at least one weight matrix, e.g. 1 2; 3 4; 5 6".into());
    }
    lines.iter().enumerate().map(|(i, line)| matrix(line, &format!("w{}", i + 1))).collect()
}
