//! The `fmt` filter of templates: `{{ t.n_talks | fmt(n=talks | length) }}`,
//! `{{ t.follow_speaker | fmt(name=speaker.name) }}`; and `day`, a date in the site's language:
//! `{{ talk.date | day(format=i18n.date_format, months=i18n.date_months) }}`.

use super::dates::format_date;
use super::fill;
use crate::load::model::Date;
use serde_json::Value;
use std::collections::HashMap;

/// Fills a string of the table: a `{one, other}` value takes the form for `n`; every argument
/// replaces its `{name}`.
pub fn fmt(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = args.get("n").and_then(Value::as_u64);
    let form = match value {
        Value::String(s) => s.as_str(),
        Value::Object(forms) => {
            let one = forms.get("one").and_then(Value::as_str);
            let other = forms
                .get("other")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match (n, one) {
                (Some(1), Some(one)) => one,
                _ => other,
            }
        }
        _ => {
            return Err(tera::Error::msg(
                "fmt: the value is not a string of the table `t`",
            ))
        }
    };
    let texts: Vec<(&str, String)> = args
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.as_str(), text)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = texts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Ok(Value::String(fill(form, &pairs)))
}

/// Writes an ISO date (`2026-12-06`) by the table's `format` and month names (`months`); any
/// other value is kept as it is.
pub fn day(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = |k: &str| args.get(k).and_then(Value::as_str);
    let (Some(format), Some(months)) = (text("format"), text("months")) else {
        return Err(tera::Error::msg(
            "day: give the table's strings: day(format=i18n.date_format, months=i18n.date_months)",
        ));
    };
    Ok(match value.as_str().and_then(Date::parse) {
        Some(date) => Value::String(format_date(format, months, date)),
        None => value.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fills_and_chooses_the_form() {
        let forms = json!({"one": "{n} talk", "other": "{n} talks"});
        let args = |n: u64| HashMap::from([("n".to_string(), json!(n))]);
        assert_eq!(fmt(&forms, &args(1)).unwrap(), json!("1 talk"));
        assert_eq!(fmt(&forms, &args(2)).unwrap(), json!("2 talks"));
        let named = HashMap::from([("name".to_string(), json!("Ada"))]);
        assert_eq!(fmt(&json!("Hi {name}"), &named).unwrap(), json!("Hi Ada"));
        assert!(fmt(&json!(3), &named).is_err());
    }

    #[test]
    fn days_are_written_in_the_language() {
        let args = |f: &str, m: &str| {
            HashMap::from([
                ("format".to_string(), json!(f)),
                ("months".to_string(), json!(m)),
            ])
        };
        let en = args(
            "{month} {d}, {y}",
            "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        );
        assert_eq!(
            day(&json!("2026-12-06"), &en).unwrap(),
            json!("Dec 6, 2026")
        );
        let zh = args("{y}年{m}月{d}日", "");
        assert_eq!(
            day(&json!("2024-07-05"), &zh).unwrap(),
            json!("2024年7月5日")
        );
        assert_eq!(day(&json!("soon"), &zh).unwrap(), json!("soon"));
        assert!(day(&json!("2024-07-05"), &HashMap::new()).is_err());
    }
}
