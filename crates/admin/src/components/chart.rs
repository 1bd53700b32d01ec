//! Small SVG charts drawn in the page (no chart library, no external
//! script): horizontal bars for a list of labelled values, and a daily
//! chart of two series (bars and a line). Every chart is decorative
//! beside its table (`aria-hidden`): the table is what a screen reader
//! reads and what the numbers are checked against.

use yew::prelude::*;

/// The accent colours of the series.
const FIRST: &str = "#2f6f5e";
const SECOND: &str = "#d9822b";

#[derive(Properties, PartialEq)]
pub struct BarsProps {
    /// (label, value, highlighted)
    pub bars: Vec<(String, i64, bool)>,
    /// Values are fen: the axis does not matter, only the lengths.
    #[prop_or_default]
    pub testid: AttrValue,
}

/// One horizontal bar per value, longest = full width; a highlighted bar
/// (a gap, a weak store) is drawn in the second colour.
#[component]
pub fn Bars(props: &BarsProps) -> Html {
    let max = props.bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let row = 22;
    let height = (props.bars.len() as i64 * row).max(row);
    let bars = props.bars.iter().enumerate().map(|(i, (label, v, hi))| {
        let y = i as i64 * row;
        let w = (*v).max(0) * 300 / max;
        html! {
            <g>
                <text x="0" y={(y + 15).to_string()} font-size="12">{ label.clone() }</text>
                <rect x="140" y={(y + 4).to_string()} width={w.max(1).to_string()} height="14"
                    fill={if *hi { SECOND } else { FIRST }} />
                <text x={(146 + w).to_string()} y={(y + 15).to_string()} font-size="11">{ v.to_string() }</text>
            </g>
        }
    });
    html! {
        <svg class="chart" data-testid={props.testid.clone()} aria-hidden="true" role="img"
            viewBox={format!("0 0 520 {height}")} width="100%" preserveAspectRatio="xMinYMin meet">
            { for bars }
        </svg>
    }
}

#[derive(Properties, PartialEq)]
pub struct DailyProps {
    /// (label, bars, line) per day.
    pub days: Vec<(String, i64, i64)>,
    #[prop_or_default]
    pub testid: AttrValue,
}

/// Daily bars (the first series) with a line (the second), each scaled to
/// its own maximum, the first and last day labelled.
#[component]
pub fn Daily(props: &DailyProps) -> Html {
    let n = props.days.len().max(1) as i64;
    let (w, h) = (600i64, 160i64);
    let step = w / n;
    let max_a = props.days.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let max_b = props.days.iter().map(|d| d.2).max().unwrap_or(0).max(1);
    let bars = props.days.iter().enumerate().map(|(i, d)| {
        let bh = d.1.max(0) * (h - 20) / max_a;
        html! {
            <rect x={(i as i64 * step).to_string()} y={(h - 20 - bh).to_string()}
                width={(step - 1).max(1).to_string()} height={bh.to_string()} fill={FIRST} />
        }
    });
    let line: Vec<String> = props
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = i as i64 * step + step / 2;
            let y = h - 20 - d.2.max(0) * (h - 20) / max_b;
            format!("{x},{y}")
        })
        .collect();
    let first = props.days.first().map(|d| d.0.clone()).unwrap_or_default();
    let last = props.days.last().map(|d| d.0.clone()).unwrap_or_default();
    html! {
        <svg class="chart" data-testid={props.testid.clone()} aria-hidden="true" role="img"
            viewBox={format!("0 0 {w} {h}")} width="100%" preserveAspectRatio="xMinYMin meet">
            { for bars }
            <polyline points={line.join(" ")} fill="none" stroke={SECOND} stroke-width="2" />
            <text x="0" y={(h - 4).to_string()} font-size="11">{ first }</text>
            <text x={(w - 70).to_string()} y={(h - 4).to_string()} font-size="11">{ last }</text>
        </svg>
    }
}
