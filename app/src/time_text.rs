//! How a message's time is written beside it: on a 24-hour clock in both
//! languages (organisations in Japan keep 24-hour time, in English too), the
//! time alone for today, then the date: "3 Dec 18:47" /「12月3日 18:47」,
//! with the year when it is not this one ("3 Dec 2025 18:47" /「2025年12月3日
//! 18:47」). The words and their order come from Fluent (`message-time` and
//! `time-months` in `common.ftl`); the digits are written here.
//!
//! Pure: it takes a moment already split into the parts of the browser's
//! local time ([`crate::browser::local_time`] does that with `Date`), so it
//! is tested without a browser, and the wasm carries no date library.

use yorisoi_protocol::Lang;

use crate::i18n::{Arg, Catalog, translate_with};

/// A moment as the browser's clock shows it, in its own time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// The year, such as 2026.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, 1 to 31.
    pub day: u32,
    /// The hour, 0 to 23.
    pub hour: u32,
    /// The minute, 0 to 59.
    pub minute: u32,
}

impl LocalTime {
    /// `2026-12-03T18:47`: a local date and time for `<time datetime>`,
    /// the moment shown, as machines read it.
    pub fn machine(&self) -> String {
        // As an i64: the formatter's own integers, no second one in the wasm.
        let mut out = i64::from(self.year).to_string();
        for (separator, value) in [('-', self.month), ('-', self.day), ('T', self.hour)] {
            out.push(separator);
            push_two_digits(&mut out, value);
        }
        out.push(':');
        push_two_digits(&mut out, self.minute);
        out
    }

    /// `18:47`, `08:05`: the 24-hour clock.
    fn clock(&self) -> String {
        let mut out = String::new();
        push_two_digits(&mut out, self.hour);
        out.push(':');
        push_two_digits(&mut out, self.minute);
        out
    }
}

/// By hand: the two digits of `value` (0 to 99), without pulling padded
/// integer formatting into the wasm.
fn push_two_digits(out: &mut String, value: u32) {
    for digit in [value / 10 % 10, value % 10] {
        out.push(char::from(b'0' + digit as u8));
    }
}

/// `at` as shown beside a message in `lang`, `now` being the present.
pub fn time_text(catalog: Catalog, lang: Lang, at: LocalTime, now: LocalTime) -> String {
    let clock = at.clock();
    let this_year = at.year == now.year;
    if this_year && (at.month, at.day) == (now.month, now.day) {
        return clock;
    }
    // The twelve names are one message, a word each: one string in the
    // wasm rather than a twelve-way select. Split with a closure: a `char`
    // pattern brings a string searcher (300 bytes) into the wasm.
    let months = translate_with(catalog, lang, "time-months", &[]);
    let month = months
        .split(|c: char| c.is_ascii_whitespace())
        .nth(at.month.saturating_sub(1) as usize)
        .unwrap_or_default();
    let args = [
        (
            "when",
            Arg::Str(if this_year { "this-year" } else { "other" }),
        ),
        ("time", Arg::Str(&clock)),
        ("day", at.day.into()),
        ("month", Arg::Str(month)),
        ("year", Arg::Num(at.year.into())),
    ];
    translate_with(catalog, lang, "message-time", &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{CONSOLE, WIDGET};

    fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> LocalTime {
        LocalTime {
            year,
            month,
            day,
            hour,
            minute,
        }
    }

    /// The afternoon of 3 December 2026, as "now" in these tests.
    const NOW: LocalTime = LocalTime {
        year: 2026,
        month: 12,
        day: 3,
        hour: 18,
        minute: 50,
    };

    fn both(moment: LocalTime, now: LocalTime) -> (String, String) {
        (
            time_text(WIDGET, Lang::En, moment, now),
            time_text(WIDGET, Lang::Ja, moment, now),
        )
    }

    #[test]
    fn today_is_the_time_alone_on_a_24_hour_clock_in_both_languages() {
        assert_eq!(
            both(at(2026, 12, 3, 18, 47), NOW),
            ("18:47".into(), "18:47".into())
        );
        assert_eq!(
            both(at(2026, 12, 3, 8, 5), NOW),
            ("08:05".into(), "08:05".into())
        );
        assert_eq!(
            both(at(2026, 12, 3, 0, 0), NOW),
            ("00:00".into(), "00:00".into())
        );
        assert_eq!(
            both(at(2026, 12, 3, 12, 30), NOW).0,
            "12:30",
            "noon is no PM"
        );
    }

    #[test]
    fn yesterday_and_earlier_days_show_their_date() {
        assert_eq!(
            both(at(2026, 12, 2, 23, 59), NOW),
            ("2 Dec 23:59".into(), "12月2日 23:59".into())
        );
        // Another month, same day of the month: not today.
        assert_eq!(both(at(2026, 11, 3, 18, 47), NOW).1, "11月3日 18:47");
    }

    #[test]
    fn earlier_this_year_shows_the_date_in_each_languages_way() {
        assert_eq!(
            both(at(2026, 12, 1, 18, 47), NOW),
            ("1 Dec 18:47".into(), "12月1日 18:47".into())
        );
        assert_eq!(
            both(at(2026, 1, 31, 9, 3), NOW),
            ("31 Jan 09:03".into(), "1月31日 09:03".into())
        );
        let months: Vec<String> = (1..=12)
            .map(|month| time_text(CONSOLE, Lang::En, at(2026, month, 1, 0, 0), NOW))
            .map(|text| text.split(' ').nth(1).unwrap_or_default().to_owned())
            .collect();
        assert_eq!(
            months.join(" "),
            "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
        );
    }

    #[test]
    fn another_year_adds_the_year() {
        assert_eq!(
            both(at(2025, 12, 3, 18, 47), NOW),
            ("3 Dec 2025 18:47".into(), "2025年12月3日 18:47".into())
        );
        // The last evening of last year is last year's.
        assert_eq!(
            both(at(2025, 12, 31, 22, 0), at(2026, 1, 1, 0, 10)),
            ("31 Dec 2025 22:00".into(), "2025年12月31日 22:00".into())
        );
    }

    #[test]
    fn the_machine_readable_time_is_padded_and_local() {
        assert_eq!(at(2026, 3, 4, 5, 6).machine(), "2026-03-04T05:06");
        assert_eq!(NOW.machine(), "2026-12-03T18:50");
    }
}
