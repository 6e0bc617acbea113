//! The report's charts, written as inline SVG: no script, no font, nothing fetched.
//!
//! Three shapes cover the report: horizontal bars (counts by name), columns (counts by bin)
//! and stacked columns with a threshold line (a signal's distribution, kept and dropped).

use std::fmt::Write;

use crate::html::escape;

/// Colour of kept records.
const KEPT: &str = "#2b7a4b";
/// Colour of dropped records.
const DROPPED: &str = "#c0504d";
/// Colour of plain counts.
const PLAIN: &str = "#4a6fa5";

/// One horizontal bar: a name, its value, and the text printed after the bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The name on the left (any script; the browser shapes it).
    pub label: String,
    /// The length of the bar.
    pub value: f64,
    /// Printed to the right of the bar (the count, a share).
    pub note: String,
    /// Draw it in the colour of dropped records.
    pub dropped: bool,
}

/// Horizontal bars, longest value = full width.
pub fn bars(rows: &[Bar]) -> String {
    const ROW: f64 = 20.0;
    const LABEL: f64 = 300.0;
    const PLOT: f64 = 380.0;
    const NOTE: f64 = 180.0;
    let max = rows.iter().map(|r| r.value).fold(0.0, f64::max).max(1e-12);
    let height = ROW * rows.len() as f64 + 4.0;
    let width = LABEL + PLOT + NOTE;
    let mut s = open(width, height);
    for (i, r) in rows.iter().enumerate() {
        let y = ROW * i as f64 + 2.0;
        let w = (r.value / max * PLOT).max(if r.value > 0.0 { 1.0 } else { 0.0 });
        let colour = if r.dropped { DROPPED } else { PLAIN };
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" direction="ltr" unicode-bidi="plaintext">{label}</text><rect x="{x}" y="{y}" width="{w:.1}" height="{h}" fill="{colour}"><title>{label}: {note}</title></rect><text x="{nx:.1}" y="{ty}">{note}</text>"#,
            lx = LABEL - 6.0,
            ty = y + 13.0,
            label = escape(&r.label),
            x = LABEL,
            h = ROW - 4.0,
            note = escape(&r.note),
            nx = LABEL + w + 4.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// One column of a histogram: its name under the axis and its count.
#[derive(Debug, Clone)]
pub struct Column {
    /// The bin's name (`10–19`).
    pub label: String,
    /// Records in the bin.
    pub count: u64,
}

/// Columns of counts, one per bin, with the bins' names under them.
pub fn columns(cols: &[Column]) -> String {
    const COL: f64 = 44.0;
    const PLOT: f64 = 160.0;
    const TOP: f64 = 18.0;
    let max = cols.iter().map(|c| c.count).max().unwrap_or(0).max(1) as f64;
    let width = COL * cols.len() as f64 + 10.0;
    let mut s = open(width, TOP + PLOT + 34.0);
    for (i, c) in cols.iter().enumerate() {
        let x = 5.0 + COL * i as f64;
        let h = c.count as f64 / max * PLOT;
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w}" height="{h:.1}" fill="{PLAIN}"><title>{label}: {n}</title></rect><text x="{cx:.1}" y="{ny:.1}" text-anchor="middle" class="small">{n}</text><text x="{cx:.1}" y="{ly:.1}" text-anchor="middle" class="small">{label}</text>"#,
            y = TOP + PLOT - h,
            w = COL - 6.0,
            label = escape(&c.label),
            n = c.count,
            cx = x + (COL - 6.0) / 2.0,
            ny = TOP + PLOT - h - 4.0,
            ly = TOP + PLOT + 14.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// A signal's distribution: columns over equal-width bins of its value, the kept part and
/// the dropped part stacked, and the threshold as a dashed line.
#[derive(Debug, Clone)]
pub struct Distribution {
    /// The value at the left edge of the first bin.
    pub lo: f64,
    /// The value at the right edge of the last bin.
    pub hi: f64,
    /// `(kept, dropped)` per bin, left to right.
    pub bins: Vec<(u64, u64)>,
    /// Where the threshold falls, if the signal has one.
    pub threshold: Option<f64>,
}

/// Draws a [`Distribution`].
pub fn distribution(d: &Distribution) -> String {
    const PLOT_W: f64 = 470.0;
    const PLOT_H: f64 = 120.0;
    const LEFT: f64 = 10.0;
    const TOP: f64 = 16.0;
    let n = d.bins.len().max(1) as f64;
    let max = d.bins.iter().map(|(k, r)| k + r).max().unwrap_or(0).max(1) as f64;
    let mut s = open(LEFT * 2.0 + PLOT_W, TOP + PLOT_H + 30.0);
    let bw = PLOT_W / n;
    for (i, (k, r)) in d.bins.iter().enumerate() {
        let x = LEFT + bw * i as f64;
        let hk = *k as f64 / max * PLOT_H;
        let hr = *r as f64 / max * PLOT_H;
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{yk:.1}" width="{w:.1}" height="{hk:.1}" fill="{KEPT}"><title>kept {k}</title></rect><rect x="{x:.1}" y="{yr:.1}" width="{w:.1}" height="{hr:.1}" fill="{DROPPED}"><title>dropped {r}</title></rect>"#,
            yk = TOP + PLOT_H - hk,
            yr = TOP + PLOT_H - hk - hr,
            w = (bw - 1.0).max(0.5),
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{y}" x2="{x2}" y2="{y}" stroke="#888"/><text x="{LEFT}" y="{ty}" class="small">{lo}</text><text x="{x2}" y="{ty}" text-anchor="end" class="small">{hi}</text>"##,
        y = TOP + PLOT_H,
        x2 = LEFT + PLOT_W,
        ty = TOP + PLOT_H + 14.0,
        lo = number(d.lo),
        hi = number(d.hi),
    );
    if let Some(t) = d.threshold {
        let span = (d.hi - d.lo).max(1e-12);
        let x = LEFT + ((t - d.lo) / span).clamp(0.0, 1.0) * PLOT_W;
        let anchor = if x > LEFT + PLOT_W * 0.8 {
            "end"
        } else {
            "start"
        };
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{y2}" stroke="#000" stroke-width="1.5" stroke-dasharray="4 3"/><text x="{tx:.1}" y="{ty}" text-anchor="{anchor}" class="small">threshold {t}</text>"##,
            y2 = TOP + PLOT_H,
            tx = if anchor == "end" { x - 3.0 } else { x + 3.0 },
            ty = TOP - 4.0,
            t = number(t),
        );
    }
    s.push_str("</svg>");
    s
}

/// A number as a chart prints it: integers plain, others with up to four significant digits.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn open(width: f64, height: f64) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" role="img" font-family="sans-serif" font-size="12">"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_inside_the_svg() {
        let svg = bars(&[Bar {
            label: "<script>alert(1)</script>".into(),
            value: 1.0,
            note: "1".into(),
            dropped: false,
        }]);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn threshold_line_sits_at_its_value() {
        let svg = distribution(&Distribution {
            lo: 0.0,
            hi: 1.0,
            bins: vec![(1, 0), (0, 1)],
            threshold: Some(0.5),
        });
        // Plot from x=10 to x=480: 0.5 falls at 245.
        assert!(svg.contains(r#"x1="245.0""#), "{svg}");
        assert!(svg.contains("threshold 0.5"));
    }

    #[test]
    fn numbers_print_short() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(0.12), "0.12");
        assert_eq!(number(1234.5678), "1234.6");
    }
}
