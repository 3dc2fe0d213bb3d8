//! Dates as the site's language writes them: `6 December 2026`, `2026年12月6日`, from the table's
//! `date_format` (`{d}` day, `{m}` month number, `{month}` its name, `{y}` year) and
//! `date_months` (the twelve names, separated by spaces). Feeds, JSON-LD, the sitemap and
//! `<time datetime>` keep ISO 8601.

use super::fill;
use crate::load::model::Date;

/// `date` written by `format` with the month names of `months`; a month without a name there is
/// written as its number.
pub fn format_date(format: &str, months: &str, date: Date) -> String {
    let (d, m, y) = (
        date.day.to_string(),
        date.month.to_string(),
        date.year.to_string(),
    );
    let name = months
        .split_whitespace()
        .nth(usize::from(date.month).saturating_sub(1))
        .map_or_else(|| m.clone(), str::to_string);
    fill(format, &[("d", &d), ("m", &m), ("month", &name), ("y", &y)])
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str =
        "January February March April May June July August September October November December";

    #[test]
    fn a_date_in_each_language() {
        let date = Date::parse("2026-12-06").expect("a date");
        assert_eq!(format_date("{d} {month} {y}", EN, date), "6 December 2026");
        assert_eq!(format_date("{y}年{m}月{d}日", "", date), "2026年12月6日");
        // Too few names: the month's number.
        assert_eq!(format_date("{month}/{y}", "Jan Feb", date), "12/2026");
    }
}
