//! Schedules as staff write them: spans typed with a Japanese IME, days
//! with a lunch break, holidays, quiet nights written as two spans.

use super::*;

fn span(start: &str, end: &str) -> Span {
    let minutes = |text: &str| read_time(text).expect("a test time");
    Span {
        start: minutes(start),
        end: minutes(end),
    }
}

fn office_week() -> Schedule {
    let day = vec![span("09:00", "12:00"), span("13:00", "17:30")];
    Schedule {
        week: [
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            Vec::new(),
            Vec::new(),
        ],
        exceptions: vec![DayException {
            date: "2026-12-31".to_owned(),
            spans: Vec::new(),
        }],
        quiet: vec![span("00:00", "07:00"), span("22:00", "24:00")],
        ..Schedule::default()
    }
}

#[test]
fn spans_read_as_typed_in_ascii() {
    assert_eq!(
        parse_spans("09:00-12:00, 13:30-17:00"),
        Ok(vec![span("09:00", "12:00"), span("13:30", "17:00")])
    );
}

#[test]
fn spans_read_as_typed_with_a_japanese_ime() {
    let expected = Ok(vec![span("09:00", "12:00"), span("13:30", "17:00")]);
    for text in [
        "０９：００－１２：００、１３：３０－１７：００",
        "9:00〜12:00　13:30〜17:00",
        "９:００～１２:００，13:30ー17:00",
        " 9 - 12 , 13:30~17:00 ",
        "9:00-12:00\n13:30-17:00",
    ] {
        assert_eq!(parse_spans(text), expected, "{text}");
    }
}

#[test]
fn blank_text_is_no_spans() {
    assert_eq!(parse_spans(""), Ok(Vec::new()));
    assert_eq!(parse_spans(" \u{3000}\n"), Ok(Vec::new()));
}

#[test]
fn midnight_may_end_a_span_but_not_start_one() {
    assert_eq!(parse_spans("22:00-24:00"), Ok(vec![span("22:00", "24:00")]));
    assert!(matches!(
        parse_spans("24:00-24:00"),
        Err(ScheduleError::EmptySpan(_))
    ));
}

#[test]
fn spans_come_back_in_order_of_time() {
    assert_eq!(
        parse_spans("13:00-17:00, 09:00-12:00"),
        Ok(vec![span("09:00", "12:00"), span("13:00", "17:00")])
    );
}

#[test]
fn a_night_across_midnight_is_refused_with_a_hint() {
    let error = parse_spans("22:00-07:00").expect_err("a span across midnight");
    assert_eq!(error, ScheduleError::EmptySpan(span("22:00", "07:00")));
    assert!(error.to_string().contains("22:00-24:00"), "{error}");
}

#[test]
fn overlapping_spans_are_refused() {
    assert_eq!(
        parse_spans("09:00-12:00, 11:00-13:00"),
        Err(ScheduleError::Overlap(
            span("09:00", "12:00"),
            span("11:00", "13:00")
        ))
    );
    // Touching is not overlapping.
    assert!(parse_spans("09:00-12:00, 12:00-13:00").is_ok());
}

#[test]
fn what_is_not_a_span_is_refused_and_named() {
    for text in [
        "9時から17時",
        "09:00",
        "09:00-",
        "09:00-12:00-13:00",
        "25:00-26:00",
        "09:60-10:00",
        "9:5-10:00",
        "0900-1200",
        "09:00 12:00",
    ] {
        let error = parse_spans(text).expect_err(text);
        assert!(
            matches!(error, ScheduleError::Unreadable(_)),
            "{text}: {error:?}"
        );
    }
    assert_eq!(
        parse_spans("lunch").map_err(|e| e.to_string()),
        Err("not a time span: \"lunch\" (write 09:00-12:00)".to_owned())
    );
}

#[test]
fn more_than_eight_spans_a_day_are_refused() {
    let nine = (0..9)
        .map(|hour| format!("{hour}:00-{hour}:30"))
        .collect::<Vec<_>>()
        .join(", ");
    assert_eq!(parse_spans(&nine), Err(ScheduleError::TooManySpans));
}

#[test]
fn formatting_writes_what_parsing_reads() {
    let spans = vec![span("00:00", "07:05"), span("13:30", "24:00")];
    let text = format_spans(&spans);
    assert_eq!(text, "00:00-07:05, 13:30-24:00");
    assert_eq!(parse_spans(&text), Ok(spans));
    assert_eq!(format_spans(&[]), "");
}

#[test]
fn the_default_is_tokyo_with_no_hours() {
    let schedule = Schedule::default();
    assert_eq!(schedule.time_zone, "Asia/Tokyo");
    assert!(schedule.week.iter().all(Vec::is_empty));
    assert!(schedule.exceptions.is_empty() && schedule.quiet.is_empty());
    assert_eq!(schedule.validate(), Ok(()));
}

#[test]
fn an_office_week_is_valid() {
    assert_eq!(office_week().validate(), Ok(()));
}

#[test]
fn a_day_out_of_order_is_refused() {
    let mut schedule = office_week();
    schedule.week[2].reverse();
    assert!(matches!(
        schedule.validate(),
        Err(ScheduleError::Overlap(..))
    ));
}

#[test]
fn quiet_hours_are_checked_like_a_day() {
    let mut schedule = office_week();
    schedule.quiet = vec![Span {
        start: 1320,
        end: 1500,
    }];
    let error = schedule.validate().expect_err("past midnight");
    assert_eq!(error.to_string(), "a span ends after 24:00: 22:00-25:00");
}

#[test]
fn exception_dates_must_be_real_and_distinct() {
    for date in [
        "2026-02-29",
        "2026-13-01",
        "2026-1-05",
        "26-01-05",
        "2026/01/05",
        "2026-04-31",
    ] {
        let mut schedule = office_week();
        schedule.exceptions[0].date = date.to_owned();
        assert_eq!(
            schedule.validate(),
            Err(ScheduleError::BadDate(date.to_owned())),
            "{date}"
        );
    }
    let mut schedule = office_week();
    schedule.exceptions[0].date = "2028-02-29".to_owned();
    assert_eq!(schedule.validate(), Ok(()), "a leap day");
    schedule.exceptions.push(schedule.exceptions[0].clone());
    assert_eq!(
        schedule.validate(),
        Err(ScheduleError::DuplicateDate("2028-02-29".to_owned()))
    );
}

#[test]
fn at_most_a_year_of_exceptions() {
    let mut schedule = office_week();
    schedule.exceptions = (0..=MAX_EXCEPTIONS)
        .map(|day| DayException {
            date: format!("2026-01-{:02}", day % 28 + 1),
            spans: Vec::new(),
        })
        .collect();
    assert_eq!(schedule.validate(), Err(ScheduleError::TooManyExceptions));
}

#[test]
fn time_zone_names_must_look_like_iana_names() {
    for name in [
        "Asia/Tokyo",
        "UTC",
        "America/Argentina/Buenos_Aires",
        "Etc/GMT-9",
    ] {
        let schedule = Schedule {
            time_zone: name.to_owned(),
            ..office_week()
        };
        assert_eq!(schedule.validate(), Ok(()), "{name}");
    }
    for name in [
        "",
        "Asia/",
        "/etc/passwd",
        "../Tokyo",
        "Asia/Tō kyō",
        "+09:00",
        "JST;DROP",
    ] {
        let schedule = Schedule {
            time_zone: name.to_owned(),
            ..office_week()
        };
        assert_eq!(
            schedule.validate(),
            Err(ScheduleError::BadTimeZone(name.to_owned())),
            "{name}"
        );
    }
}

#[test]
fn a_schedule_travels_as_json_and_older_ones_without_the_extras_still_read() {
    let schedule = office_week();
    let json = serde_json::to_string(&schedule).expect("serialises");
    assert_eq!(serde_json::from_str::<Schedule>(&json).ok(), Some(schedule));
    let bare =
        r#"{"time_zone":"Europe/London","week":[[{"start":540,"end":1020}],[],[],[],[],[],[]]}"#;
    let read: Schedule = serde_json::from_str(bare).expect("reads without exceptions and quiet");
    assert_eq!(read.week[0], vec![span("09:00", "17:00")]);
    assert!(read.exceptions.is_empty() && read.quiet.is_empty());
}

proptest::proptest! {
    #[test]
    fn typed_text_is_read_or_refused_and_what_is_read_reads_again(
        text in "(([01]?[0-9]|2[0-3])([:：][0-5][0-9])? ?[-〜~ー] ?([01]?[0-9]|2[0-4])(:[0-5]0)?[,、 ]{1,2}){0,3}|\\PC{0,30}",
    ) {
        if let Ok(spans) = parse_spans(&text) {
            proptest::prop_assert_eq!(parse_spans(&format_spans(&spans)), Ok(spans.clone()));
            let schedule = Schedule { quiet: spans, ..Schedule::default() };
            proptest::prop_assert_eq!(schedule.validate(), Ok(()));
        }
    }
}
