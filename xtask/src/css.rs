//! Minifies the style sheets the site ships: comments go (they are for us,
//! not for parents' phones), runs of white space become one space, the
//! space around `{`, `}`, `;` and `,` and after `:` goes, and so does the
//! `;` before a `}`. Quoted strings are kept exactly. Nothing else is
//! rewritten, so no selector or value changes meaning (a space before `:`
//! or inside `calc()` is significant and stays; one after `:` never is,
//! since a pseudo-class's name follows its colon directly).

/// The minified `css`.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                pending_space = !out.ends_with(':');
            }
            c if c.is_whitespace() => pending_space = !out.ends_with(':'),
            '"' | '\'' => {
                push_space(&mut out, &mut pending_space);
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            '{' | '}' | ';' | ',' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
            c => {
                if out.ends_with(['{', '}', ';', ',']) {
                    pending_space = false;
                }
                push_space(&mut out, &mut pending_space);
                out.push(c);
            }
        }
    }
    out
}

fn push_space(out: &mut String, pending_space: &mut bool) {
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_spacing_go_meaning_stays() {
        let css = "/* colours */\n:root {\n  --ink: #333;  /* dark */\n}\n\
                   .a :hover, .b > .c {\n  padding: calc(10px + env(x));\n}\n";
        assert_eq!(
            minify(css),
            ":root{--ink:#333}.a :hover,.b > .c{padding:calc(10px + env(x))}"
        );
    }

    #[test]
    fn quoted_strings_are_kept_exactly() {
        let css = ".q { quotes: \"\\201C\" \"a  /* b */ ;\"; font-family: 'Yu  Gothic', serif; }";
        assert_eq!(
            minify(css),
            ".q{quotes:\"\\201C\" \"a  /* b */ ;\";font-family:'Yu  Gothic',serif}"
        );
    }
}
