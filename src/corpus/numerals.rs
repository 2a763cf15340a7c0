//! Chinese and Japanese numerals (第一百八十一条, 第二百七十二条の二), full-width digits, and
//! the iroha kana that letter the sub-items of a Japanese item (イ, ロ, ハ …).

/// Parses a number written in Arabic digits (ASCII or full-width) or in Chinese / kanji
/// numerals (一 … 九, 十, 百, 千, 万, 零, 〇, 两). Returns `None` for anything else.
pub fn parse_number(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        let ascii: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    c
                } else {
                    char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or('0')
                }
            })
            .collect();
        return ascii.parse().ok();
    }
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            // positional form such as 一〇一
            if let Some(prev) = digit {
                digit = Some(prev.checked_mul(10)?.checked_add(d)?);
            } else {
                digit = Some(d);
            }
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' | '萬' => 10_000,
            _ => return None,
        };
        if unit == 10_000 {
            section += digit.take().unwrap_or(0);
            total = total.checked_add(section.max(1).checked_mul(unit)?)?;
            section = 0;
        } else {
            section = section.checked_add(digit.take().unwrap_or(1).checked_mul(unit)?)?;
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壱' => 1,
        '二' | '两' | '弐' => 2,
        '三' | '参' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Writes a number in Chinese numerals as statutes number articles (第一百八十一条).
pub fn to_chinese(mut n: u64) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let units = [(1000, '千'), (100, '百'), (10, '十')];
    let mut out = String::new();
    let mut zero_pending = false;
    for (value, unit) in units {
        let d = n / value;
        n %= value;
        if d > 0 {
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            // 十二, not 一十二, at the start
            if !(value == 10 && d == 1 && out.is_empty()) {
                out.push(DIGITS[d as usize]);
            }
            out.push(unit);
        } else if !out.is_empty() && n > 0 {
            zero_pending = true;
        }
    }
    if n > 0 {
        if zero_pending {
            out.push('零');
        }
        out.push(DIGITS[n as usize]);
    }
    out
}

/// The iroha kana in their order, each with the romanised label the corpus's addresses use
/// for it (イ → `sub-i`, ロ → `sub-ro`).
pub const IROHA: [(char, &str); 48] = [
    ('イ', "i"),
    ('ロ', "ro"),
    ('ハ', "ha"),
    ('ニ', "ni"),
    ('ホ', "ho"),
    ('ヘ', "he"),
    ('ト', "to"),
    ('チ', "chi"),
    ('リ', "ri"),
    ('ヌ', "nu"),
    ('ル', "ru"),
    ('ヲ', "wo"),
    ('ワ', "wa"),
    ('カ', "ka"),
    ('ヨ', "yo"),
    ('タ', "ta"),
    ('レ', "re"),
    ('ソ', "so"),
    ('ツ', "tsu"),
    ('ネ', "ne"),
    ('ナ', "na"),
    ('ラ', "ra"),
    ('ム', "mu"),
    ('ウ', "u"),
    ('ヰ', "wi"),
    ('ノ', "no"),
    ('オ', "o"),
    ('ク', "ku"),
    ('ヤ', "ya"),
    ('マ', "ma"),
    ('ケ', "ke"),
    ('フ', "fu"),
    ('コ', "ko"),
    ('エ', "e"),
    ('テ', "te"),
    ('ア', "a"),
    ('サ', "sa"),
    ('キ', "ki"),
    ('ユ', "yu"),
    ('メ', "me"),
    ('ミ', "mi"),
    ('シ', "shi"),
    ('ヱ', "we"),
    ('ヒ', "hi"),
    ('モ', "mo"),
    ('セ', "se"),
    ('ス', "su"),
    ('ン', "n"),
];

/// The romanised label of an iroha kana (ロ → `ro`); hiragana (ろ) is read as katakana.
pub fn iroha_label(kana: char) -> Option<&'static str> {
    let katakana = if ('ぁ'..='ゖ').contains(&kana) {
        char::from_u32(kana as u32 + ('ァ' as u32 - 'ぁ' as u32)).unwrap_or(kana)
    } else {
        kana
    };
    IROHA.iter().find(|(k, _)| *k == katakana).map(|(_, r)| *r)
}

/// The iroha kana of a romanised label (`ro` → ロ), ignoring case.
pub fn iroha_kana(label: &str) -> Option<char> {
    IROHA
        .iter()
        .find(|(_, r)| r.eq_ignore_ascii_case(label))
        .map(|(k, _)| *k)
}

/// A text with every run of kanji numerals written in Arabic digits, as Japanese legal
/// citation writes law numbers: 平成七年法律第百五号 → 平成7年法律第105号. A run that is
/// not a number is kept as it is; 元年 stays 元年.
pub fn arabic_numerals(text: &str) -> String {
    let is_numeral = |c: char| {
        digit_value(c).is_some()
            || matches!(c, '十' | '拾' | '百' | '佰' | '千' | '仟' | '万' | '萬')
    };
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            match parse_number(run) {
                Some(n) => out.push_str(&n.to_string()),
                None => out.push_str(run),
            }
            run.clear();
        }
    };
    for c in text.chars() {
        if is_numeral(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (s, n) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("一百八十一", 181),
            ("一百零五", 105),
            ("二百七十二", 272),
            ("三百一十五", 315),
            ("一千零一", 1001),
            ("181", 181),
            ("１８１", 181),
            ("一〇一", 101),
        ] {
            assert_eq!(parse_number(s), Some(n), "{s}");
        }
        assert_eq!(parse_number("条"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn round_trip() {
        for n in 1..=1200 {
            assert_eq!(parse_number(&to_chinese(n)), Some(n), "{}", to_chinese(n));
        }
        assert_eq!(to_chinese(181), "一百八十一");
        assert_eq!(to_chinese(110), "一百一十");
        assert_eq!(to_chinese(10), "十");
        assert_eq!(to_chinese(105), "一百零五");
    }

    #[test]
    fn law_numbers_in_arabic_numerals() {
        assert_eq!(
            arabic_numerals("平成七年法律第百五号"),
            "平成7年法律第105号"
        );
        assert_eq!(
            arabic_numerals("平成七年政令第四百二十五号"),
            "平成7年政令第425号"
        );
        assert_eq!(
            arabic_numerals("平成十七年法律第三十八号"),
            "平成17年法律第38号"
        );
        assert_eq!(arabic_numerals("令和元年法律第二号"), "令和元年法律第2号");
        assert_eq!(
            arabic_numerals("Consolidated Laws ch. 28"),
            "Consolidated Laws ch. 28"
        );
    }

    #[test]
    fn iroha() {
        assert_eq!(iroha_label('ロ'), Some("ro"));
        assert_eq!(iroha_label('ろ'), Some("ro"));
        assert_eq!(iroha_label('ヘ'), Some("he"));
        assert_eq!(iroha_label('x'), None);
        assert_eq!(iroha_kana("ro"), Some('ロ'));
        assert_eq!(iroha_kana("TO"), Some('ト'));
        assert_eq!(iroha_kana("1"), None);
    }
}
