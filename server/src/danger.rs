//! Words in a parent's message that suggest danger: thoughts of suicide or
//! self-harm, harm to a child, or an emergency happening now. The console
//! raises such a conversation with an alert and the widget shows the
//! emergency notice at once; this module only reads text (no I/O).
//!
//! The message is folded before matching (see [`fold`]): full-width letters
//! and digits made ASCII, upper case made lower, katakana made hiragana
//! (シニタイ, ｼﾆﾀｲ → しにたい), and for Japanese every space dropped (死 に
//! たい). English phrases are matched on whole words, with every run of
//! spaces and punctuation read as one space.
//!
//! Phrases are chosen so that ordinary exaggeration does not trigger:
//! 「死にそうなくらい眠い」「笑いすぎて死ぬ」, "dying to know", "this heat is
//! killing me", 「叩いて遊ぶおもちゃ」 and "hit the books" hold no listed
//! phrase. The detector prefers an alert too many over one too few for
//! self-harm and harm to a child: staff read every alert.

/// What a message suggests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Danger {
    /// Thoughts of suicide or of hurting oneself.
    SelfHarm,
    /// Hurting, shaking or neglecting a child (and abuse at home).
    HarmToChild,
    /// A child not breathing, unconscious or otherwise in need of 119 now.
    Emergency,
}

/// Japanese phrases, written in hiragana where kana (katakana is folded to
/// hiragana before matching), with their kanji spellings.
const JAPANESE: [(Danger, &[&str]); 3] = [
    (
        Danger::SelfHarm,
        &[
            "死にたい",
            "しにたい",
            "死のうと",
            "しのうと",
            "死んでしまいたい",
            "死んだほうが",
            "死んだ方が",
            "消えたい",
            "きえたい",
            "消えてしまいたい",
            "きえてしまいたい",
            "いなくなりたい",
            "生きているのがつらい",
            "生きてるのがつらい",
            "生きているのが辛い",
            "生きてるのが辛い",
            "いきているのがつらい",
            "生きていたくない",
            "生きる意味がない",
            "生きる意味がわからない",
            "自殺",
            "じさつ",
            "自死",
            "首をつ",
            "首を吊",
            "飛び降り",
            "りすとかっと",
            "りすか",
            "自傷",
            "手首を切",
            "死ぬしかない",
            "一緒に死",
            "心中",
            "楽になりたい",
        ],
    ),
    (
        Danger::HarmToChild,
        &[
            "叩いてしま",
            "たたいてしま",
            "叩いちゃ",
            "たたいちゃ",
            "叩きたくな",
            "たたきたくな",
            "手をあげてしま",
            "手を上げてしま",
            "手をあげちゃ",
            "手を上げちゃ",
            "手が出てしま",
            "手がでてしま",
            "手が出ちゃ",
            "手を出してしま",
            "殴ってしま",
            "なぐってしま",
            "殴っちゃ",
            "殴りたくな",
            "蹴ってしま",
            "けってしま",
            "蹴っちゃ",
            "揺さぶってしま",
            "ゆさぶってしま",
            "揺さぶっちゃ",
            "首を絞め",
            "首をしめ",
            "虐待",
            "ぎゃくたい",
            "育児放棄",
            "ねぐれくと",
            "投げつけてしま",
            "可愛いと思えなくて叩",
        ],
    ),
    (
        Danger::Emergency,
        &[
            "息をしていない",
            "息をしてない",
            "息してない",
            "息をしていません",
            "呼吸していない",
            "呼吸をしていない",
            "呼吸してない",
            "意識がない",
            "意識が無い",
            "意識がなく",
            "意識がありません",
            "反応がない",
            "反応しない",
            "けいれんしてい",
            "痙攣してい",
            "ぐったりして",
            "唇が紫",
            "顔色が紫",
            "電池を飲",
            "救急車",
        ],
    ),
];

/// Children as objects of a verb of harm: 子どもを叩いた, 娘を殴った.
const CHILDREN_JA: [&str; 10] = [
    "子どもを",
    "子供を",
    "こどもを",
    "子を",
    "娘を",
    "息子を",
    "赤ちゃんを",
    "赤ん坊を",
    "あかちゃんを",
    "わが子を",
];
const HARM_VERBS_JA: [&str; 8] = [
    "叩い",
    "たたい",
    "殴",
    "なぐ",
    "蹴",
    "揺さぶ",
    "ゆさぶ",
    "つねっ",
];

/// English phrases, lower case, words separated by one space.
const ENGLISH: [(Danger, &[&str]); 3] = [
    (
        Danger::SelfHarm,
        &[
            "kill myself",
            "killing myself",
            "hurt myself",
            "hurting myself",
            "harm myself",
            "self harm",
            "want to die",
            "wanna die",
            "wish i was dead",
            "wish i were dead",
            "end it all",
            "end my life",
            "suicide",
            "suicidal",
            "take my own life",
            "better off dead",
            "better off without me",
            "cut myself",
            "cutting myself",
            "no reason to live",
            "don't want to live",
            "dont want to live",
            "don't want to be alive",
            "do not want to live",
        ],
    ),
    (
        Danger::HarmToChild,
        &[
            "abuse",
            "abused",
            "abusing",
            "shaken baby",
            "want to hurt him",
            "want to hurt her",
        ],
    ),
    (
        Danger::Emergency,
        &[
            "not breathing",
            "isn't breathing",
            "stopped breathing",
            "can't breathe",
            "cannot breathe",
            "unconscious",
            "unresponsive",
            "won't wake up",
            "turning blue",
            "turned blue",
            "having a seizure",
            "swallowed a battery",
            "call an ambulance",
            "need an ambulance",
        ],
    ),
];

/// Verbs of harm in English, each followed by a child below.
const HARM_VERBS_EN: [&str; 21] = [
    "hit", "hitting", "hurt", "hurting", "shake", "shook", "shaking", "smack", "smacked",
    "smacking", "slap", "slapped", "beat", "beating", "punch", "punched", "kick", "kicked",
    "choke", "choked", "strangle",
];
const WHOSE: [&str; 4] = ["my", "the", "our", "a"];
const CHILDREN_EN: [&str; 13] = [
    "baby",
    "son",
    "daughter",
    "child",
    "kid",
    "kids",
    "children",
    "toddler",
    "boy",
    "girl",
    "newborn",
    "infant",
    "little one",
];

/// The kinds of danger `message` suggests, each once, in [`Danger`]'s order.
pub fn detect(message: &str) -> Vec<Danger> {
    let folded = fold(message);
    let compact: String = folded.chars().filter(|c| *c != ' ').collect();
    let words = format!(" {folded} ");
    let mut found = Vec::new();
    for (danger, phrases) in JAPANESE {
        if phrases.iter().any(|phrase| compact.contains(phrase)) {
            found.push(danger);
        }
    }
    for (danger, phrases) in ENGLISH {
        if phrases
            .iter()
            .any(|phrase| words.contains(&format!(" {phrase} ")))
        {
            found.push(danger);
        }
    }
    let harms_child_ja = CHILDREN_JA.iter().any(|child| {
        HARM_VERBS_JA
            .iter()
            .any(|verb| compact.contains(&format!("{child}{verb}")))
    });
    let harms_child_en = HARM_VERBS_EN.iter().any(|verb| {
        WHOSE.iter().any(|whose| {
            CHILDREN_EN
                .iter()
                .any(|child| words.contains(&format!(" {verb} {whose} {child} ")))
        })
    });
    if harms_child_ja || harms_child_en {
        found.push(Danger::HarmToChild);
    }
    found.sort();
    found.dedup();
    found
}

/// The message folded for matching (see the module's documentation): one
/// space for every run of spaces and punctuation (apostrophes kept, curly
/// ones made straight), so Japanese is matched with the spaces removed and
/// English word by word.
fn fold(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '’' | '‘' => '\'',
            _ => c,
        };
        let c = if let Some(full) = half_width_katakana(c) {
            // A half-width voiced mark joins the kana before it: ﾀﾞ → ダ.
            match chars.peek() {
                Some('ﾞ') => {
                    chars.next();
                    char::from_u32(full as u32 + 1).unwrap_or(full)
                }
                Some('ﾟ') => {
                    chars.next();
                    char::from_u32(full as u32 + 2).unwrap_or(full)
                }
                _ => full,
            }
        } else {
            c
        };
        let c = match c {
            // Katakana to hiragana; ー stays, it has no hiragana twin.
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c.to_ascii_lowercase(),
        };
        let joiner = c == '\'' || c.is_alphanumeric() || c == 'ー';
        if joiner {
            out.push(c);
        } else if c.is_whitespace() || c.is_ascii_punctuation() || !c.is_alphanumeric() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// Half-width katakana U+FF66–U+FF9D as full-width, in code point order.
const HALF_WIDTH_KATAKANA: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

fn half_width_katakana(c: char) -> Option<char> {
    let index = (c as u32).checked_sub(0xFF66)?;
    HALF_WIDTH_KATAKANA
        .chars()
        .nth(usize::try_from(index).ok()?)
}

#[cfg(test)]
mod tests;
