use fluent_bundle::FluentResource;
use yorisoi_protocol::Lang;

use super::{Arg, SOURCES, has, text, text_with};

/// Every source parses, and both languages name the same messages.
#[test]
fn sources_parse_and_both_languages_have_every_message() {
    let ids = |lang: Lang| {
        let mut ids = Vec::new();
        for (of, sources) in SOURCES {
            if of != lang {
                continue;
            }
            for source in sources {
                let resource = FluentResource::try_new((*source).to_owned())
                    .unwrap_or_else(|(_, errors)| panic!("{lang:?}: {errors:?}"));
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(message) = entry {
                        ids.push(message.id.name.to_owned());
                    }
                }
            }
        }
        ids.sort();
        ids
    };
    let japanese = ids(Lang::Ja);
    assert!(!japanese.is_empty());
    assert_eq!(japanese, ids(Lang::En));
}

#[test]
fn a_text_comes_in_the_language_asked_without_isolation_marks() {
    assert_eq!(text(Lang::Ja, "help-close"), "閉じる");
    assert_eq!(text(Lang::En, "help-close"), "Close");
    let with = text_with(Lang::En, "help-local", &[("name", Arg::Text("Sakura"))]);
    assert_eq!(with, "From Sakura");
    assert!(!with.contains('\u{2068}'), "{with:?}");
}

#[test]
fn a_missing_message_reads_as_its_id() {
    assert_eq!(text(Lang::En, "no-such-message"), "no-such-message");
    assert!(!has(Lang::Ja, "no-such-message"));
    assert!(has(Lang::Ja, "help-close"));
}

#[test]
fn the_standard_privacy_notice_says_how_long_only_when_something_is_deleted() {
    let notice = |lang, days| {
        text_with(
            lang,
            "privacy-standard",
            &[("name", Arg::Text("Hidamari")), ("days", Arg::Number(days))],
        )
    };
    assert!(notice(Lang::En, 0).ends_with("without your consent."));
    assert!(
        notice(Lang::En, 30)
            .ends_with("consent. Resolved conversations are deleted after 30 days.")
    );
    assert!(notice(Lang::Ja, 0).ends_with("ことはありません。"));
    assert!(notice(Lang::Ja, 365).ends_with("解決したご相談は365日後に消去されます。"));
}
