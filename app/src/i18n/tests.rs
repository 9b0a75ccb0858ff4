//! Locale checks: both languages define every message, every message formats
//! with sample arguments, our formatter agrees with `fluent-bundle` (the
//! reference implementation) and every id the code uses exists.

use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use yorisoi_protocol::{ErrorCode, Lang};

use super::format::{Arg, Part};
use super::{
    CONSOLE, Catalog, EVERYTHING, WIDGET, has_message, message_ids, translate, translate_with,
};

fn locale_dir(lang: Lang) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../locales")
        .join(lang.tag())
}

/// A reference bundle holding every `.ftl` file of `lang`.
fn reference_bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let tag = lang.tag().parse().expect("valid language tag");
    let mut bundle = FluentBundle::new(vec![tag]);
    bundle.set_use_isolating(false);
    let mut files: Vec<PathBuf> = std::fs::read_dir(locale_dir(lang))
        .expect("locale dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("read ftl");
        let resource = FluentResource::try_new(source).expect("ftl parses");
        bundle.add_resource(resource).expect("no duplicate ids");
    }
    bundle
}

/// The variables a compiled message refers to, anywhere in it.
fn variables(parts: &[Part], out: &mut Vec<&'static str>) {
    for part in parts {
        match part {
            Part::Text(_) => {}
            Part::Var(name) => out.push(name),
            Part::Select(select) => {
                out.push(select.var);
                for variant in select.variants {
                    variables(variant.parts, out);
                }
            }
        }
    }
}

fn samples() -> [Arg<'static>; 5] {
    [
        Arg::Num(0),
        Arg::Num(1),
        Arg::Num(5),
        Arg::Num(1234),
        Arg::Str("佐藤 さん"),
    ]
}

#[test]
fn every_message_matches_fluent_bundle_in_both_languages() {
    for lang in Lang::ALL {
        let bundle = reference_bundle(lang);
        for (id, columns) in EVERYTHING.iter().flat_map(|messages| messages.iter()) {
            let mut names = Vec::new();
            variables(columns[super::column(lang)], &mut names);
            for sample in samples() {
                let ours_args: Vec<(&str, Arg<'_>)> = names.iter().map(|n| (*n, sample)).collect();
                let ours = translate_with(EVERYTHING, lang, id, &ours_args);
                let mut args = FluentArgs::new();
                for name in &names {
                    let value = match sample {
                        Arg::Num(n) => FluentValue::from(n),
                        Arg::Str(s) => FluentValue::from(s),
                    };
                    args.set(*name, value);
                }
                let message = bundle.get_message(id).expect("message in bundle");
                let pattern = message.value().expect("message has a value");
                let mut errors = Vec::new();
                let reference = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{lang:?} {id}: fluent errors {errors:?}");
                assert_eq!(ours, reference, "{lang:?} {id} with {sample:?}");
                assert!(
                    !ours.contains("{$"),
                    "{lang:?} {id} left a variable unfilled: {ours}"
                );
                assert!(!ours.trim().is_empty(), "{lang:?} {id} is empty");
            }
        }
    }
}

#[test]
fn both_languages_define_the_same_messages() {
    for lang in Lang::ALL {
        let bundle = reference_bundle(lang);
        for id in message_ids(EVERYTHING) {
            assert!(bundle.has_message(id), "{id} missing in {lang:?}");
        }
    }
}

#[test]
fn every_error_code_has_a_translation() {
    for code in ErrorCode::ALL {
        let id = code.fluent_id();
        for catalog in [WIDGET, CONSOLE] {
            assert!(has_message(catalog, id), "{id} missing");
            for lang in Lang::ALL {
                assert_ne!(translate(catalog, lang, id), id);
            }
        }
    }
}

#[test]
fn plurals_follow_each_language() {
    let count =
        |lang, n: i64| translate_with(WIDGET, lang, "chars-remaining", &[("count", Arg::Num(n))]);
    assert_eq!(count(Lang::En, 1), "1 character left");
    assert_eq!(count(Lang::En, 5), "5 characters left");
    assert_eq!(count(Lang::Ja, 1), "あと1文字");
}

#[test]
fn accessible_names_are_exactly_as_the_browser_tests_expect() {
    let expect = |catalog: Catalog, id, en, ja| {
        assert_eq!(translate(catalog, Lang::En, id), en);
        assert_eq!(translate(catalog, Lang::Ja, id), ja);
    };
    expect(WIDGET, "message-label", "Message", "メッセージ");
    expect(WIDGET, "send", "Send", "送信");
    expect(WIDGET, "language-label", "Language", "言語");
    expect(CONSOLE, "send", "Send", "送信");
    expect(CONSOLE, "language-label", "Language", "言語");
    expect(CONSOLE, "login-email", "Email", "メールアドレス");
    expect(CONSOLE, "login-password", "Password", "パスワード");
    expect(CONSOLE, "login-submit", "Log in", "ログイン");
    expect(CONSOLE, "reply-label", "Reply", "返信");
    expect(
        CONSOLE,
        "settings-open",
        "Organisation settings",
        "団体の設定",
    );
    expect(
        CONSOLE,
        "settings-back",
        "Back to conversations",
        "相談一覧に戻る",
    );
    expect(
        CONSOLE,
        "settings-name-ja",
        "Name (Japanese)",
        "団体名（日本語）",
    );
    expect(
        CONSOLE,
        "settings-name-en",
        "Name (English)",
        "団体名（英語）",
    );
    expect(
        CONSOLE,
        "settings-greeting-ja",
        "Greeting (Japanese)",
        "あいさつ（日本語）",
    );
    expect(
        CONSOLE,
        "settings-greeting-en",
        "Greeting (English)",
        "あいさつ（英語）",
    );
    expect(CONSOLE, "settings-accent", "Accent colour", "テーマカラー");
    expect(CONSOLE, "settings-side", "Launcher side", "ボタンの位置");
    expect(CONSOLE, "settings-side-left", "Left", "左下");
    expect(CONSOLE, "settings-side-right", "Right", "右下");
    expect(CONSOLE, "settings-save", "Save settings", "設定を保存");
    expect(
        CONSOLE,
        "settings-saved",
        "Settings saved.",
        "設定を保存しました。",
    );
}

/// Every literal message id in the sources (`t("…")`, `t_with("…"`,
/// `…_id="…"`, `t!(i18n, "…")`) must exist, so a typo fails here rather
/// than showing the raw id to a parent.
#[test]
fn ids_used_in_the_code_exist() {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let mut checked = 0;
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(
                std::fs::read_dir(&path)
                    .expect("src dir")
                    .filter_map(|e| e.ok().map(|e| e.path())),
            );
            continue;
        }
        if path.extension().is_none_or(|x| x != "rs") || path.ends_with("tests.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("read source");
        for marker in [".t(\"", "t_with(\"", "_id=\"", "i18n, \"", "LANG_KEY, \""] {
            for (start, _) in source.match_indices(marker) {
                let rest = &source[start + marker.len()..];
                let id = &rest[..rest.find('"').unwrap_or(0)];
                for catalog in catalogs_for(&path) {
                    assert!(
                        has_message(catalog, id),
                        "{}: unknown message id {id:?}",
                        path.display()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "the scan found only {checked} ids");
}

/// The catalogs a source file's ids must be in: its app's, or both for
/// shared code.
fn catalogs_for(path: &Path) -> Vec<Catalog> {
    let text = path.to_string_lossy();
    if text.contains("/console") {
        vec![CONSOLE]
    } else if text.contains("/widget") {
        vec![WIDGET]
    } else {
        vec![WIDGET, CONSOLE]
    }
}
