//! Locale checks: both languages define every message, every message formats
//! with sample arguments, our formatter agrees with `fluent-bundle` (the
//! reference implementation) and every id the code uses exists.

use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use yorisoi_protocol::{ErrorCode, Lang};

use super::format::{Arg, Part};
use super::{
    CONSOLE, Catalog, EVERYTHING, SETTINGS, WIDGET, has_message, message_ids, translate,
    translate_with,
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
        for catalog in [WIDGET, CONSOLE, SETTINGS] {
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
        "console-settings",
        "Profile and settings",
        "プロフィールと設定",
    );
    expect(SETTINGS, "language-label", "Language", "言語");
    expect(
        SETTINGS,
        "settings-organisation",
        "Organisation settings",
        "団体の設定",
    );
    expect(
        SETTINGS,
        "settings-back",
        "Back to conversations",
        "相談一覧に戻る",
    );
    expect(
        SETTINGS,
        "settings-name-ja",
        "Name (Japanese)",
        "団体名（日本語）",
    );
    expect(
        SETTINGS,
        "settings-name-en",
        "Name (English)",
        "団体名（英語）",
    );
    expect(
        SETTINGS,
        "settings-greeting-ja",
        "Greeting (Japanese)",
        "あいさつ（日本語）",
    );
    expect(
        SETTINGS,
        "settings-greeting-en",
        "Greeting (English)",
        "あいさつ（英語）",
    );
    expect(SETTINGS, "settings-accent", "Accent colour", "テーマカラー");
    expect(SETTINGS, "settings-side", "Launcher side", "ボタンの位置");
    expect(SETTINGS, "settings-side-left", "Left", "左下");
    expect(SETTINGS, "settings-side-right", "Right", "右下");
    expect(SETTINGS, "settings-save", "Save settings", "設定を保存");
    expect(
        SETTINGS,
        "settings-saved",
        "Settings saved.",
        "設定を保存しました。",
    );
}

/// Every message id the sources name must exist, so a typo fails here
/// rather than showing the raw id to a parent. The scan reads tokens, not
/// lines, so an id is found however the call is laid out (see
/// [`scan::message_ids_in`] and its test).
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
        for id in scan::message_ids_in(&source) {
            for catalog in catalogs_for(&path) {
                assert!(
                    has_message(catalog, &id),
                    "{}: unknown message id {id:?}",
                    path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "the scan found only {checked} ids");
}

#[test]
fn the_id_scan_finds_ids_however_the_code_is_laid_out() {
    let sample = r##"
        //! A doc comment naming i18n.t("not-in-code") is not code.
        fn view(i18n: I18n, status: Status, n: usize) {
            let one = i18n.t(
                "sample-one",
            );
            let two = i18n.t_with(
                // a comment between the call and its id
                "sample-two",
                &[("count", n.into())],
            );
            let three = t!(
                i18n,
                "sample-three"
            );
            view! {
                <Composer
                    label_id=
                        "sample-four"
                    placeholder_id="sample-five"
                />
                <p id="dom-id" class="css-class">{move || i18n.t(code.fluent_id())}</p>
                <button aria-label=i18n.text("sample-sixteen")>{i18n.text(label)}</button>
            }
            let (class, text_id, failed) = match status {
                Status::Read => ("status read", "sample-six", None),
                Status::Failed(code) => (
                    "status failed",
                    "sample-seven",
                    Some(code),
                ),
            };
            let quote = '"';
            let raw = r#"i18n.t("not-in-code-either")"#;
            element.set_attribute("data-accent", "x");
            let title = provide_i18n_context(WIDGET, LANG_KEY,
                "sample-eight");
            let four = translate_with(CONSOLE, Lang::En,
                "sample-nine", &[("max", 5.into())]);
        }
        fn label_id(self) -> &'static str {
            match self {
                Field::A => "sample-ten",
                Field::B => "sample-eleven",
            }
        }
        fn id(self) -> &'static str {
            match self { Field::A => "dom-id-too" }
        }
        /// The Fluent id and arguments of what to say.
        pub fn problem_message(problem: P) -> (&'static str, Option<u32>) {
            match problem {
                P::A => ("sample-twelve", Some(1)),
                P::B => (
                    "sample-thirteen",
                    None,
                ),
            }
        }
        /// The element to focus (its id attribute).
        fn focus_target(self) -> &'static str {
            match self { X => "dom-id-three" }
        }
        fn pick(wide: bool) {
            let title_id = match wide {
                true => "sample-fourteen",
                false => "sample-fifteen",
            };
        }
    "##;
    let mut found = scan::message_ids_in(sample);
    found.sort();
    let mut expected: Vec<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    ]
    .iter()
    .map(|n| format!("sample-{n}"))
    .collect();
    expected.sort();
    assert_eq!(found, expected);
}

/// Finding message ids in Rust source: a small tokenizer (words, string
/// literals, punctuation; comments, char literals and whitespace dropped)
/// and the shapes in which the app names a message.
mod scan {
    /// A token of Rust source, as much as the scan needs.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Token {
        Word(String),
        Text(String),
        Punct(char),
        /// A doc comment's text: "The Fluent id …" marks a function whose
        /// arms are ids.
        Doc(String),
    }

    /// Functions whose first lone string-literal argument is a message id.
    const TRANSLATING: [&str; 6] = [
        "t",
        "text",
        "t_with",
        "translate",
        "translate_with",
        "provide_i18n_context",
    ];

    /// Every message id named in `source`, in order of appearance:
    /// - the first argument that is a lone string literal of a translating
    ///   call or of the `t!` macro, whatever lies between (spaces, lines,
    ///   comments);
    /// - a literal given to a name ending in `_id` (`label_id="…"`, `let
    ///   title_id = "…"`);
    /// - a literal a `match` arm gives to such a name: `let (class, text_id)
    ///   = match … { … => ("…", "id") }` (the same place in the tuple), `let
    ///   title_id = match …`, and the arms (a literal, or a tuple's first) of
    ///   a `fn …_id(…)` or of a function documented as giving a "Fluent id".
    pub fn message_ids_in(source: &str) -> Vec<String> {
        let tokens = tokenize(source);
        let mut ids = Vec::new();
        for at in 0..tokens.len() {
            let word = match &tokens[at] {
                Token::Word(word) => word.as_str(),
                _ => continue,
            };
            let next = |n: usize| tokens.get(at + n);
            if TRANSLATING.contains(&word) && next(1) == Some(&Token::Punct('(')) {
                ids.extend(first_literal_argument(&tokens[at + 1..]));
            } else if word == "t"
                && next(1) == Some(&Token::Punct('!'))
                && next(2) == Some(&Token::Punct('('))
            {
                ids.extend(first_literal_argument(&tokens[at + 2..]));
            } else if word == "let" && next(1) == Some(&Token::Punct('(')) {
                ids.extend(tuple_binding(&tokens[at + 1..]));
            } else if word == "fn"
                && let Some(Token::Word(name)) = next(1)
                && (is_id_name(name) || documented_as_giving_ids(&tokens[..at]))
            {
                ids.extend(arm_literals(body(&tokens[at + 2..]), None));
            } else if is_id_name(word) && next(1) == Some(&Token::Punct('=')) {
                match next(2) {
                    Some(Token::Text(id)) => ids.push(id.clone()),
                    Some(Token::Word(keyword)) if keyword == "match" => {
                        ids.extend(arm_literals(statement(&tokens[at + 2..]), None));
                    }
                    _ => {}
                }
            }
        }
        ids
    }

    fn is_id_name(word: &str) -> bool {
        word.ends_with("_id") && word != "client_id"
    }

    /// True when the doc comment of the item ending `before` (back to the
    /// previous item's end) says it gives a Fluent id.
    fn documented_as_giving_ids(before: &[Token]) -> bool {
        before
            .iter()
            .rev()
            .take_while(|token| !matches!(token, Token::Punct(';' | '{' | '}')))
            .any(|token| matches!(token, Token::Doc(doc) if doc.to_lowercase().contains("fluent id")))
    }

    /// The tokens up to the first `;`.
    fn statement(tokens: &[Token]) -> &[Token] {
        let end = tokens
            .iter()
            .position(|token| *token == Token::Punct(';'))
            .unwrap_or(tokens.len());
        &tokens[..end]
    }

    /// `tokens` starts at an opening bracket: the tokens up to its match,
    /// split at the commas directly inside it.
    fn arguments(tokens: &[Token]) -> Vec<&[Token]> {
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 1);
        for (at, token) in tokens.iter().enumerate() {
            match token {
                Token::Punct('(' | '[' | '{') => depth += 1,
                Token::Punct(')' | ']' | '}') => {
                    depth -= 1;
                    if depth == 0 {
                        parts.push(&tokens[start..at]);
                        break;
                    }
                }
                Token::Punct(',') if depth == 1 => {
                    parts.push(&tokens[start..at]);
                    start = at + 1;
                }
                _ => {}
            }
        }
        parts
    }

    fn lone_literal(tokens: &[Token]) -> Option<String> {
        match tokens {
            [Token::Text(text)] => Some(text.clone()),
            _ => None,
        }
    }

    fn first_literal_argument(tokens: &[Token]) -> Option<String> {
        arguments(tokens).into_iter().find_map(lone_literal)
    }

    /// `let (a, b_id, c) = <initializer>;`: the literals the initializer's
    /// arms put where `b_id` stands.
    fn tuple_binding(tokens: &[Token]) -> Vec<String> {
        let names = arguments(tokens);
        let Some(place) = names
            .iter()
            .position(|name| matches!(name, [Token::Word(word)] if is_id_name(word)))
        else {
            return Vec::new();
        };
        let width: usize = names.iter().map(|name| name.len() + 1).sum();
        let rest = &tokens[(width + 1).min(tokens.len())..];
        if rest.first() != Some(&Token::Punct('=')) {
            return Vec::new();
        }
        arm_literals(statement(rest), Some(place))
    }

    /// From the first `{` of `tokens` to its match.
    fn body(tokens: &[Token]) -> &[Token] {
        let Some(open) = tokens.iter().position(|t| *t == Token::Punct('{')) else {
            return &[];
        };
        let mut depth = 0;
        for (at, token) in tokens.iter().enumerate().skip(open) {
            match token {
                Token::Punct('{') => depth += 1,
                Token::Punct('}') => {
                    depth -= 1;
                    if depth == 0 {
                        return &tokens[open..=at];
                    }
                }
                _ => {}
            }
        }
        &tokens[open..]
    }

    /// The value of each `=> value` in `tokens`: with `place`, the literal
    /// at that place of a tuple; without, a literal or a tuple's first.
    fn arm_literals(tokens: &[Token], place: Option<usize>) -> Vec<String> {
        let mut found = Vec::new();
        for at in 1..tokens.len() {
            if tokens[at - 1] != Token::Punct('=') || tokens[at] != Token::Punct('>') {
                continue;
            }
            let value = &tokens[at + 1..];
            let literal = match (place, value) {
                (None, [Token::Text(text), ..]) => Some(text.clone()),
                (place, [Token::Punct('('), ..]) => arguments(value)
                    .get(place.unwrap_or(0))
                    .and_then(|element| lone_literal(element)),
                _ => None,
            };
            found.extend(literal);
        }
        found
    }

    fn tokenize(source: &str) -> Vec<Token> {
        let chars: Vec<char> = source.chars().collect();
        let mut tokens = Vec::new();
        let mut at = 0;
        while let Some(&c) = chars.get(at) {
            let next = chars.get(at + 1).copied();
            if c.is_whitespace() {
                at += 1;
            } else if c == '/' && next == Some('/') {
                let end = position_from(&chars, at, |c| c == '\n');
                let comment: String = chars[at..end].iter().collect();
                if let Some(doc) = comment.strip_prefix("///").or(comment.strip_prefix("//!")) {
                    tokens.push(Token::Doc(doc.to_owned()));
                }
                at = end;
            } else if c == '/' && next == Some('*') {
                at = block_comment_end(&chars, at);
            } else if c == '"' {
                let (text, end) = string(&chars, at + 1);
                tokens.push(Token::Text(text));
                at = end;
            } else if c == 'r' && is_raw_string(&chars[at + 1..]) {
                let (text, end) = raw_string(&chars, at + 1);
                tokens.push(Token::Text(text));
                at = end;
            } else if c == '\'' {
                at = char_literal_end(&chars, at);
            } else if c.is_alphanumeric() || c == '_' {
                let end = position_from(&chars, at, |c| !(c.is_alphanumeric() || c == '_'));
                tokens.push(Token::Word(chars[at..end].iter().collect()));
                at = end;
            } else {
                tokens.push(Token::Punct(c));
                at += 1;
            }
        }
        tokens
    }

    /// The first position from `at` whose char satisfies `stop` (or the end).
    fn position_from(chars: &[char], at: usize, stop: impl Fn(char) -> bool) -> usize {
        chars[at..]
            .iter()
            .position(|c| stop(*c))
            .map_or(chars.len(), |n| at + n)
    }

    fn block_comment_end(chars: &[char], start: usize) -> usize {
        let (mut depth, mut at) = (0, start);
        while at + 1 < chars.len() {
            match (chars[at], chars[at + 1]) {
                ('/', '*') => {
                    depth += 1;
                    at += 2;
                }
                ('*', '/') => {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        return at;
                    }
                }
                _ => at += 1,
            }
        }
        chars.len()
    }

    /// A string's text (escapes kept as the escaped char) and the position
    /// after its closing quote; `at` is just after the opening quote.
    fn string(chars: &[char], mut at: usize) -> (String, usize) {
        let mut text = String::new();
        while let Some(&c) = chars.get(at) {
            match c {
                '"' => return (text, at + 1),
                '\\' => {
                    text.extend(chars.get(at + 1));
                    at += 2;
                }
                _ => {
                    text.push(c);
                    at += 1;
                }
            }
        }
        (text, at)
    }

    /// True when `rest`, after an `r`, opens a raw string (not `r#ident`).
    fn is_raw_string(rest: &[char]) -> bool {
        rest.iter().find(|c| **c != '#') == Some(&'"')
    }

    /// `at` is just after the `r` of `r"…"` or `r#"…"#`.
    fn raw_string(chars: &[char], at: usize) -> (String, usize) {
        let hashes = position_from(chars, at, |c| c != '#') - at;
        let start = at + hashes + 1;
        let mut end = start;
        while end < chars.len() {
            let closes = chars[end] == '"'
                && chars[end + 1..].iter().take_while(|c| **c == '#').count() >= hashes;
            if closes {
                return (chars[start..end].iter().collect(), end + 1 + hashes);
            }
            end += 1;
        }
        (
            chars[start.min(chars.len())..].iter().collect(),
            chars.len(),
        )
    }

    /// Skips a char literal (`'x'`, `'\''`); a lifetime (`'static`) is
    /// left for the word that follows.
    fn char_literal_end(chars: &[char], at: usize) -> usize {
        match (chars.get(at + 1), chars.get(at + 2)) {
            (Some('\\'), _) => position_from(chars, at + 3, |c| c == '\'') + 1,
            (Some(_), Some('\'')) => at + 3,
            _ => at + 1,
        }
    }
}

/// The catalogs a source file's ids must be in: its app's, or every app's
/// for shared code.
fn catalogs_for(path: &Path) -> Vec<Catalog> {
    let text = path.to_string_lossy();
    if text.contains("/console") {
        vec![CONSOLE]
    } else if text.contains("/settings") {
        vec![SETTINGS]
    } else if text.contains("/widget") {
        vec![WIDGET]
    } else {
        vec![WIDGET, CONSOLE, SETTINGS]
    }
}
