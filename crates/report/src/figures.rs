//! The figures, drawn with plotters into an RGB buffer and written as PNG by `image`.
use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::{CompareRun, EpochPoint, GradientPoint, Mistake, ReportError, RunReport};

/// Embedded, so that figures have text on machines without any system font.
static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const SANS: &str = "sans-serif";

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in and known to parse; a failure would show as missing text.
        let _ = plotters::style::register_font(SANS, FontStyle::Normal, FONT);
    });
}

// Colours that stay apart for readers with red-green colour blindness (Okabe-Ito).
const TRAIN: RGBColor = RGBColor(0, 114, 178);
const VALID: RGBColor = RGBColor(213, 94, 0);
const TEST: RGBColor = RGBColor(0, 158, 115);
const SERIES: [RGBColor; 6] =
    [RGBColor(0, 114, 178), RGBColor(213, 94, 0), RGBColor(0, 158, 115), RGBColor(204, 121, 167), RGBColor(230, 159, 0), RGBColor(86, 180, 233)];

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
/// One curve: its legend label, colour and (epoch, value) points.
type Line = (String, RGBColor, Vec<(f64, f64)>);

/// Draws into a white `w × h` canvas with `draw`, then writes it to `dir/name` as PNG.
fn figure(path: &Path, (w, h): (u32, u32), draw: impl FnOnce(&Area) -> Result<(), String>) -> Result<PathBuf, ReportError> {
    register_font();
    let name = path.file_name().map_or("figure".into(), |n| n.to_string_lossy().into_owned());
    let failed = |message: String| ReportError::Draw { figure: name.clone(), message };
    let mut buffer = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (w, h)).into_drawing_area();
        draw(&root).map_err(failed)?;
        root.present().map_err(|e| failed(e.to_string()))?;
    }
    let mut png = Vec::new();
    image::RgbImage::from_raw(w, h, buffer)
        .ok_or_else(|| failed("buffer size".into()))?
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| failed(e.to_string()))?;
    crate::write_atomic(path, &png)?;
    Ok(path.to_path_buf())
}

/// Epoch ticks: only whole numbers (a 2-epoch run would otherwise show "1 1 1 … 2").
fn whole_epochs(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-6 { format!("{v:.0}") } else { String::new() }
}

fn e(err: impl std::fmt::Display) -> String {
    err.to_string()
}

/// Finite (epoch, value) pairs, and how many were left out.
fn finite(points: impl Iterator<Item = (usize, f64)>) -> (Vec<(f64, f64)>, usize) {
    let (mut kept, mut dropped) = (Vec::new(), 0);
    for (x, y) in points {
        if y.is_finite() {
            kept.push((x as f64, y));
        } else {
            dropped += 1;
        }
    }
    (kept, dropped)
}

/// A panel of per-epoch lines: (label, colour, points, dashed); `marks` are labelled
/// horizontal reference lines (the final test figure).
fn panel(
    area: &Area,
    title: &str,
    y_desc: &str,
    lines: &[Line],
    marks: &[(String, RGBColor, f64)],
    dropped: usize,
    legend: Option<SeriesLabelPosition>,
) -> Result<(), String> {
    let xs = lines.iter().flat_map(|l| l.2.iter().map(|p| p.0));
    let ys = lines.iter().flat_map(|l| l.2.iter().map(|p| p.1)).chain(marks.iter().map(|m| m.2).filter(|v| v.is_finite()));
    let (x_max, (y_min, y_max)) = (
        xs.fold(1.0f64, f64::max),
        ys.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v))),
    );
    let (y_min, y_max) = if y_min > y_max { (0.0, 1.0) } else { (y_min, y_max) };
    let pad = ((y_max - y_min) * 0.08).max(1e-3);
    let caption = if dropped > 0 { format!("{title} ({dropped} non-finite values not drawn)") } else { title.to_string() };
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (SANS, 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .build_cartesian_2d(1f64..x_max.max(2.0), (y_min - pad)..(y_max + pad))
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .x_label_formatter(&whole_epochs)
        .y_desc(y_desc)
        .label_style((SANS, 14))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(e)?;
    for (label, colour, points) in lines {
        let colour = *colour;
        chart
            .draw_series(LineSeries::new(points.iter().copied(), colour.stroke_width(2)))
            .map_err(e)?
            .label(label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
        if points.len() == 1 {
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, colour.filled()))).map_err(e)?;
        }
    }
    for (label, colour, value) in marks.iter().filter(|m| m.2.is_finite()) {
        let (colour, value) = (*colour, *value);
        chart
            .draw_series(DashedLineSeries::new([(1.0, value), (x_max.max(2.0), value)], 6, 4, colour.stroke_width(2)))
            .map_err(e)?
            .label(label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
    }
    let Some(position) = legend else { return Ok(()) };
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .label_font((SANS, 14))
        .draw()
        .map_err(e)
}

/// `curves.png`: loss and accuracy per epoch, training and validation, the test figures marked.
pub fn curves(dir: &Path, r: &RunReport) -> Result<PathBuf, ReportError> {
    let h = r.history;
    let (train_loss, d1) = finite(h.iter().map(|p| (p.epoch, p.train_loss)));
    let (valid_loss, d2) = finite(h.iter().map(|p| (p.epoch, p.valid_loss)));
    let (train_acc, d3) = finite(h.iter().map(|p| (p.epoch, p.train_accuracy * 100.0)));
    let (valid_acc, d4) = finite(h.iter().map(|p| (p.epoch, p.valid_accuracy * 100.0)));
    figure(&dir.join("curves.png"), (1200, 460), |root| {
        root.fill(&WHITE).map_err(e)?;
        let (left, right) = root.split_horizontally(600);
        panel(
            &left,
            "loss E per epoch",
            "loss",
            &[("training".into(), TRAIN, train_loss), ("validation".into(), VALID, valid_loss)],
            &[(format!("test {:.4}", r.test_loss), TEST, r.test_loss)],
            d1 + d2,
            Some(SeriesLabelPosition::UpperRight),
        )?;
        panel(
            &right,
            "accuracy per epoch",
            "accuracy (%)",
            &[("training".into(), TRAIN, train_acc), ("validation".into(), VALID, valid_acc)],
            &[(format!("test {:.2}%", r.test_accuracy * 100.0), TEST, r.test_accuracy * 100.0)],
            d3 + d4,
            Some(SeriesLabelPosition::LowerRight),
        )
    })
}

/// `confusion.png`: counts of (true, predicted), darker for more, the count in every cell;
/// rows and columns named by the classes, the figure growing with their number.
pub fn confusion(dir: &Path, confusion: &[Vec<u64>], classes: &[String]) -> Result<PathBuf, ReportError> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let k = classes.len();
    let last = k as i32 - 1;
    // Off-diagonal counts are small next to the diagonal: a log scale keeps them visible.
    let max = confusion.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
    let cell: u32 = if k <= 12 { 52 } else { 30 };
    let longest = classes.iter().map(|c| c.chars().count()).max().unwrap_or(1) as u32;
    let names_w = (longest * 8 + 16).clamp(44, 140);
    let side = k as u32 * cell;
    // Column names as long as a cell is wide; the rows have room for whole names.
    let short = |name: &str| -> String {
        let room = (cell / 8).max(2) as usize;
        if name.chars().count() <= room { name.into() } else { name.chars().take(room - 1).chain(['…']).collect() }
    };
    let count_font = if k <= 12 { 15 } else { 10 };
    figure(&dir.join("confusion.png"), ((side + names_w + 60).max(640), side + 110), |root| {
        root.fill(&WHITE).map_err(e)?;
        let mut chart = ChartBuilder::on(root)
            .caption("confusion matrix (test set)", (SANS, 20))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(names_w)
            .build_cartesian_2d((0i32..last).into_segmented(), (0i32..last).into_segmented())
            .map_err(e)?;
        let name = |v: &SegmentValue<i32>, flip: bool| match v {
            SegmentValue::CenterOf(i) => {
                let index = if flip { last - i } else { *i };
                classes.get(index as usize).map_or(String::new(), |c| if flip { c.clone() } else { short(c) })
            }
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(k)
            .y_labels(k)
            .x_label_formatter(&|v| name(v, false))
            .y_label_formatter(&|v| name(v, true))
            .x_desc("predicted class")
            .y_desc("true class")
            .label_style((SANS, if k <= 12 { 14 } else { 12 }))
            .draw()
            .map_err(e)?;
        let cells = (0..k).flat_map(|t| (0..k).map(move |p| (t, p)));
        chart
            .draw_series(cells.clone().map(|(t, p)| {
                let count = confusion[t][p] as f64;
                let level = if count == 0.0 { 0.0 } else { ((count + 1.0).ln() / (max + 1.0).ln()).clamp(0.08, 1.0) };
                let shade = |c: f64| (255.0 - (255.0 - c) * level) as u8;
                let colour = if t == p { RGBColor(shade(0.0), shade(114.0), shade(178.0)) } else { RGBColor(shade(213.0), shade(94.0), shade(0.0)) };
                let (x, y) = (p as i32, last - t as i32);
                Rectangle::new([(SegmentValue::Exact(x), SegmentValue::Exact(y)), (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1))], colour.filled())
            }))
            .map_err(e)?;
        chart
            .draw_series(cells.filter(|&(t, p)| confusion[t][p] > 0).map(|(t, p)| {
                let count = confusion[t][p];
                let dark = t == p && count as f64 > max.sqrt();
                let style = TextStyle::from((SANS, count_font).into_font()).color(if dark { &WHITE } else { &BLACK }).pos(Pos::new(HPos::Center, VPos::Center));
                Text::new(count.to_string(), (SegmentValue::CenterOf(p as i32), SegmentValue::CenterOf(last - t as i32)), style)
            }))
            .map_err(e)?;
        Ok(())
    })
}

/// Copies a grid of 28×28 tiles into the buffer of `root`'s backend: `tile(i, x, y)` gives the
/// colour of pixel (x, y) of tile i.
fn tiles(
    root: &Area,
    count: usize,
    columns: usize,
    (scale, gap, top, label_h): (i32, i32, i32, i32),
    tile: impl Fn(usize, usize, usize) -> RGBColor,
) -> Result<(), String> {
    for i in 0..count {
        let (col, row) = ((i % columns) as i32, (i / columns) as i32);
        let (ox, oy) = (gap + col * (28 * scale + gap), top + gap + row * (28 * scale + gap + label_h));
        for y in 0..28 {
            for x in 0..28 {
                let (px, py) = (ox + x as i32 * scale, oy + y as i32 * scale);
                root.draw(&Rectangle::new([(px, py), (px + scale, py + scale)], tile(i, x, y).filled())).map_err(e)?;
            }
        }
    }
    Ok(())
}

/// `weights.png`: each hidden unit's 784 weights as a 28×28 image, blue negative, white 0,
/// red positive, each scaled to its own largest |w|.
pub fn weights(dir: &Path, rows: &[Vec<f32>]) -> Result<PathBuf, ReportError> {
    let (columns, scale, gap) = (20usize, 2i32, 3i32);
    let count = rows.len().max(1);
    let lines = count.div_ceil(columns) as i32;
    let w = gap + columns as i32 * (28 * scale + gap);
    let (top, h) = (34, 34 + gap + lines * (28 * scale + gap));
    figure(&dir.join("weights.png"), (w as u32, h as u32), |root| {
        root.fill(&WHITE).map_err(e)?;
        root.draw(&Text::new(
            format!("W(1): the {} hidden units' weights (blue −, red +)", rows.len()),
            (gap, 8),
            (SANS, 18).into_font(),
        ))
        .map_err(e)?;
        let peaks: Vec<f32> = rows.iter().map(|r| r.iter().fold(1e-12f32, |m, v| m.max(v.abs()))).collect();
        tiles(root, rows.len(), columns, (scale, gap, top, 0), |i, x, y| {
            let v = rows[i].get(y * 28 + x).copied().unwrap_or(0.0) / peaks[i];
            let v = if v.is_finite() { v.clamp(-1.0, 1.0) } else { 0.0 };
            let fade = |c: f32| (255.0 - (255.0 - c) * v.abs()) as u8;
            if v >= 0.0 { RGBColor(fade(213.0), fade(60.0), fade(40.0)) } else { RGBColor(fade(20.0), fade(90.0), fade(190.0)) }
        })
    })
}

/// `mistakes.png`: the test images the network got most confidently wrong, captioned.
pub fn mistakes(dir: &Path, mistakes: &[Mistake], classes: &[String]) -> Result<PathBuf, ReportError> {
    let (columns, scale, gap, label_h) = (9usize, 4i32, 14i32, 22i32);
    let lines = mistakes.len().div_ceil(columns) as i32;
    let w = gap + columns as i32 * (28 * scale + gap);
    let top = 34;
    let h = top + gap + lines * (28 * scale + gap + label_h);
    figure(&dir.join("mistakes.png"), (w as u32, h as u32), |root| {
        root.fill(&WHITE).map_err(e)?;
        root.draw(&Text::new("most confident mistakes on the test set", (gap, 8), (SANS, 18).into_font())).map_err(e)?;
        tiles(root, mistakes.len(), columns, (scale, gap, top, label_h), |i, x, y| {
            let v = 255 - mistakes[i].pixels.get(y * 28 + x).copied().unwrap_or(0);
            RGBColor(v, v, v)
        })?;
        for (i, m) in mistakes.iter().enumerate() {
            let (col, row) = ((i % columns) as i32, (i / columns) as i32);
            let (ox, oy) = (gap + col * (28 * scale + gap), top + gap + row * (28 * scale + gap + label_h) + 28 * scale + 3);
            let caption = format!("{} → {} ({:.2})", classes[m.truth as usize], classes[m.predicted as usize], m.probability);
            root.draw(&Text::new(caption, (ox, oy), (SANS, 14).into_font())).map_err(e)?;
        }
        Ok(())
    })
}

/// `gradients.png`: mean |∂E/∂W(l)| per layer and epoch, on a log scale.
pub fn gradients(dir: &Path, gradients: &[GradientPoint]) -> Result<PathBuf, ReportError> {
    let lines: Vec<(Vec<(f64, f64)>, usize)> =
        (0..3).map(|l| finite(gradients.iter().map(|g| (g.epoch, g.mean_abs[l])).filter(|p| p.1 != 0.0))).collect();
    figure(&dir.join("gradients.png"), (820, 460), |root| {
        root.fill(&WHITE).map_err(e)?;
        let all = lines.iter().flat_map(|l| l.0.iter().map(|p| p.1)).filter(|v| *v > 0.0);
        let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (lo, hi) = if lo > hi { (1e-6, 1.0) } else { (lo / 2.0, hi * 2.0) };
        let x_max = gradients.iter().map(|g| g.epoch).max().unwrap_or(1).max(2) as f64;
        let dropped: usize = lines.iter().map(|l| l.1).sum();
        let title = if dropped > 0 { format!("gradient size per layer ({dropped} non-finite values not drawn)") } else { "gradient size per layer: mean |∂E/∂W(l)|".into() };
        let mut chart = ChartBuilder::on(root)
            .caption(title, (SANS, 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(1f64..x_max, (lo..hi).log_scale())
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_desc("epoch")
            .x_label_formatter(&whole_epochs)
            .y_desc("mean |∂E/∂W(l)| (log)")
            .y_label_formatter(&|v| format!("{v:.0e}"))
            .label_style((SANS, 14))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(e)?;
        for (l, (points, _)) in lines.iter().enumerate() {
            let colour = SERIES[l];
            chart
                .draw_series(LineSeries::new(points.iter().copied(), colour.stroke_width(2)))
                .map_err(e)?
                .label(format!("W({}): {}", l + 1, ["input → hidden 1", "hidden 1 → hidden 2", "hidden 2 → output"][l]))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled()))).map_err(e)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .label_font((SANS, 14))
            .draw()
            .map_err(e)
    })
}

/// The comparison: validation loss, validation accuracy, training loss, one colour per run.
pub fn compare(runs: &[CompareRun], out: &Path) -> Result<(), ReportError> {
    let pick = |f: fn(&EpochPoint) -> f64, scale: f64| -> (Vec<Line>, usize) {
        let mut dropped = 0;
        let lines = runs
            .iter()
            .enumerate()
            .map(|(i, run)| {
                let (points, d) = finite(run.history.iter().map(|p| (p.epoch, f(p) * scale)));
                dropped += d;
                (run.label.clone(), SERIES[i % SERIES.len()], points)
            })
            .collect();
        (lines, dropped)
    };
    let (valid_loss, d1) = pick(|p| p.valid_loss, 1.0);
    let (valid_acc, d2) = pick(|p| p.valid_accuracy, 100.0);
    let (train_loss, d3) = pick(|p| p.train_loss, 1.0);
    // The legend gets a strip of its own below the panels: long labels would hide curves.
    let legend_h = 30 + 24 * runs.len() as u32;
    figure(out, (1500, 460 + legend_h), |root| {
        root.fill(&WHITE).map_err(e)?;
        let (top, bottom) = root.split_vertically(460);
        let parts = top.split_evenly((1, 3));
        panel(&parts[0], "validation loss", "loss", &valid_loss, &[], d1, None)?;
        panel(&parts[1], "validation accuracy", "accuracy (%)", &valid_acc, &[], d2, None)?;
        panel(&parts[2], "training loss", "loss", &train_loss, &[], d3, None)?;
        for (i, run) in runs.iter().enumerate() {
            let (y, colour) = (14 + 24 * i as i32, SERIES[i % SERIES.len()]);
            bottom.draw(&PathElement::new(vec![(80, y + 8), (120, y + 8)], colour.stroke_width(3))).map_err(e)?;
            bottom.draw(&Text::new(run.label.clone(), (130, y), (SANS, 16).into_font())).map_err(e)?;
        }
        Ok(())
    })
    .map(|_| ())
}
