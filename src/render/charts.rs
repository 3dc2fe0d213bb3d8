//! Charts as inline SVG, made at build time: no chart library runs in the reader's browser.
//! Colours come from the theme's CSS classes (`chart-*`), so the light and dark schemes apply.
//! Every chart is paired with a table of the same numbers in the template, for screen readers.

use crate::connect::trends::EventCoverage;
use crate::graph::Archive;
use crate::render::html::escape;
use std::fmt::Write;

/// Per cent with one decimal, as shown in charts and tables.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn short_name(a: &Archive, e: usize) -> &str {
    let m = &a.events[e].meta;
    m.short_name.as_deref().unwrap_or(&m.name)
}

/// Width of a character in label units: a CJK character is about twice a Latin one.
fn units(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// A label wrapped into at most two lines of `width` units, the second cut with `…`, so that long
/// event names stay readable in their column. Breaks after a space where one is near.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in s.chars() {
        if used + units(c) > width {
            if lines.len() == 2 {
                let last = lines.last_mut().expect("two lines");
                last.pop();
                last.push('…');
                return lines;
            }
            lines.push(String::new());
            used = 0;
            if c == ' ' {
                continue;
            }
        }
        lines.last_mut().expect("a line").push(c);
        used += units(c);
    }
    lines
}

/// `<text>` with one `<tspan>` per line of a wrapped label.
fn label(class: &str, x: f64, y: f64, lines: &[String]) -> String {
    let mut out =
        format!("<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">");
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { 15.0 };
        let _ = write!(
            out,
            "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>",
            escape(line.trim())
        );
    }
    out.push_str("</text>");
    out
}

/// Bars: how much of each event's text (by date) is about one trend.
pub fn trend_over_events(a: &Archive, coverage: &[EventCoverage], id: &str, title: &str) -> String {
    let col = 120.0;
    let (top, plot_h, label_h) = (24.0, 140.0, 60.0);
    let width = col * coverage.len().max(1) as f64;
    let height = top + plot_h + label_h;
    let max = coverage
        .iter()
        .map(EventCoverage::share)
        .fold(0.0, f64::max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-t\">{}</title>",
        escape(title)
    );
    let _ = write!(
        svg,
        "<line class=\"chart-axis\" x1=\"0\" y1=\"{y}\" x2=\"{width}\" y2=\"{y}\"/>",
        y = top + plot_h
    );
    for (i, c) in coverage.iter().enumerate() {
        let share = c.share();
        let h = if max > 0.0 { plot_h * share / max } else { 0.0 };
        let x = i as f64 * col;
        let bar_w = col * 0.56;
        let bx = x + (col - bar_w) / 2.0;
        let by = top + plot_h - h;
        let name = short_name(a, c.event);
        let date = a.config.strings.date(a.events[c.event].meta.date);
        let cx = x + col / 2.0;
        let _ = write!(
            svg,
            "<g><title>{}</title><rect class=\"chart-bar\" x=\"{bx:.1}\" y=\"{by:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\"/><text class=\"chart-value\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{}</text>{}{}</g>",
            escape(&a.config.strings.fill(
                "chart_bar_title",
                &[
                    ("name", name),
                    ("share", &percent(share)),
                    ("talks", &c.talks.to_string()),
                    ("of", &c.of.to_string()),
                ]
            )),
            percent(share),
            label("chart-label", cx, top + plot_h + 16.0, &wrap(name, 17)),
            label("chart-label muted", cx, top + plot_h + 52.0, &[date]),
            ty = by - 6.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A grid: the trends `rows` (indexes of `by_event`) across the events in `columns` (indexes
/// into each row), shaded by share of the event's text.
pub fn trends_by_events(
    a: &Archive,
    by_event: &[Vec<EventCoverage>],
    rows: &[usize],
    columns: &[usize],
    title: &str,
) -> String {
    let events: Vec<usize> = by_event
        .first()
        .map(|row| columns.iter().map(|&j| row[j].event).collect())
        .unwrap_or_default();
    let by_event: Vec<Vec<&EventCoverage>> = rows
        .iter()
        .map(|&t| columns.iter().map(|&j| &by_event[t][j]).collect())
        .collect();
    let (label_w, col, row_h, head_h) = (120.0, 100.0, 30.0, 64.0);
    let width = label_w + col * events.len() as f64;
    let height = head_h + row_h * by_event.len() as f64;
    let max = by_event
        .iter()
        .flatten()
        .map(|c| c.share())
        .fold(0.0, f64::max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"matrix-t\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"matrix-t\">{}</title>",
        escape(title)
    );
    for (j, &e) in events.iter().enumerate() {
        let cx = label_w + col * j as f64 + col / 2.0;
        let name = short_name(a, e);
        svg.push_str(&label("chart-label", cx, 16.0, &wrap(name, 14)));
        svg.push_str(&label(
            "chart-label muted",
            cx,
            52.0,
            &[a.config.strings.date(a.events[e].meta.date)],
        ));
    }
    for (i, (row, &t)) in by_event.iter().zip(rows).enumerate() {
        let y = head_h + row_h * i as f64;
        let trend = &a.trends[t].meta;
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"4\" y=\"{:.1}\">{}. {}</text>",
            y + row_h * 0.65,
            trend.number,
            escape(&trend.name)
        );
        for (j, c) in row.iter().enumerate() {
            let share = c.share();
            // Opacity from 0.06 (nothing) to 1 (the most any event talked about any trend).
            let level = if max > 0.0 { share / max } else { 0.0 };
            let x = label_w + col * j as f64;
            let _ = write!(
                svg,
                "<g><title>{}</title><rect class=\"chart-cell\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill-opacity=\"{:.2}\"/><text class=\"chart-value{}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
                escape(&a.config.strings.fill(
                    "chart_cell_title",
                    &[
                        ("trend", &trend.name),
                        ("event", short_name(a, c.event)),
                        ("share", &percent(share)),
                    ]
                )),
                x + 2.0,
                y + 2.0,
                col - 4.0,
                row_h - 4.0,
                0.06 + 0.94 * level,
                if level > 0.55 { " on-dark" } else { "" },
                x + col / 2.0,
                y + row_h * 0.65,
                percent(share)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_wrapped_labels() {
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(wrap("MEET 2025", 17), vec!["MEET 2025"]);
        assert_eq!(
            wrap("WAIC 2024 迈向AGI论坛", 17),
            vec!["WAIC 2024 迈向AGI", "论坛"]
        );
        let long = wrap("WAIC 2024 启明创投创业与投资论坛", 14);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
    }
}
