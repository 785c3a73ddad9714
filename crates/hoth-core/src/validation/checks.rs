//! Format checks for single values: NHS number, postcode, email, phone, dates.
//! Hand-written rather than regular expressions, to keep the WebAssembly module small.

use chrono::{Datelike, NaiveDate};

/// An NHS number: 10 digits (spaces or hyphens between groups allowed) whose last digit is
/// the Modulus 11 check digit of the first nine.
pub fn nhs_number(text: &str) -> bool {
    let mut digits = [0u32; 10];
    let mut count = 0;
    for c in text.chars() {
        match c {
            ' ' | '-' => continue,
            '0'..='9' if count < 10 => {
                digits[count] = c as u32 - '0' as u32;
                count += 1;
            }
            _ => return false,
        }
    }
    if count != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        n => n,
    };
    check == digits[9]
}

/// A UK postcode in one of the standard shapes (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA,
/// AA99 9AA, AA9A 9AA), any case, with or without the space; GIR 0AA is accepted too.
pub fn postcode(text: &str) -> bool {
    let compact: Vec<char> = text
        .trim()
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.iter().collect::<String>() == "GIR0AA" {
        return true;
    }
    // A single space is allowed only between outward and inward codes.
    let spaces = text.trim().matches(' ').count();
    if spaces > 1 || (spaces == 1 && text.trim().chars().rev().nth(3) != Some(' ')) {
        return false;
    }
    if !(5..=7).contains(&compact.len()) {
        return false;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() && !"CIKMOV".contains(*c));
    let alpha = |c: &char| c.is_ascii_uppercase();
    let digit = |c: &char| c.is_ascii_digit();
    let outward_ok = match outward {
        [a, b] => alpha(a) && digit(b),
        [a, b, c] => {
            alpha(a) && ((digit(b) && digit(c)) || (digit(b) && alpha(c)) || (alpha(b) && digit(c)))
        }
        [a, b, c, d] => alpha(a) && alpha(b) && digit(c) && (digit(d) || alpha(d)),
        _ => false,
    };
    // Q, V and X are never the first letter of a postcode area.
    outward_ok && inward_ok && !matches!(outward.first(), Some('Q' | 'V' | 'X'))
}

/// An email address: something before one @, a domain with a dot after it, no spaces.
pub fn email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.len() <= 253
        && text.len() <= 320
}

/// A UK phone number: 10 or 11 digits starting 0 (or +44 / 0044 instead of the 0), with
/// spaces, hyphens and brackets allowed, and an optional extension ("ext 123").
pub fn uk_phone(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let main = match lower.find("ext") {
        Some(i) => {
            let ext = lower[i + 3..].trim_start_matches(['.', ' ', ':']);
            if ext.is_empty() || !ext.chars().all(|c| c.is_ascii_digit()) {
                return false;
            }
            &lower[..i]
        }
        None => lower.as_str(),
    };
    let mut digits = String::new();
    for (i, c) in main.trim().chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' => {}
            '+' if i == 0 => digits.push('+'),
            _ => return false,
        }
    }
    let national = if let Some(rest) = digits.strip_prefix("+44") {
        format!("0{}", rest.trim_start_matches('0'))
    } else if let Some(rest) = digits.strip_prefix("0044") {
        format!("0{}", rest.trim_start_matches('0'))
    } else {
        digits
    };
    national.starts_with('0')
        && !national.starts_with("00")
        && (10..=11).contains(&national.len())
        && national.chars().all(|c| c.is_ascii_digit())
}

/// A real calendar date written YYYY-MM-DD (read by hand: chrono's format strings are slow
/// for something done several times per referral).
pub fn date(text: &str) -> Option<NaiveDate> {
    let bytes = text.trim().as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// A date as YYYY-MM-DD, the form [`date`] reads, for a year from 0 to 9999 (`None` outside,
/// where callers write what their format has always written). By hand: routing and the
/// service write dates on every request, and `format!` is slow for it.
pub fn iso(date: NaiveDate) -> Option<String> {
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let (month, day) = (date.month(), date.day());
    // `n % 10` is below 10: the cast never truncates.
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    // Digits and dashes: ASCII, so always UTF-8.
    std::str::from_utf8(&text).ok().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_numbers() {
        assert!(nhs_number("9434765919"));
        assert!(nhs_number("943 476 5919"));
        assert!(nhs_number("943-476-5919"));
        assert!(!nhs_number("9434765918"), "wrong check digit");
        assert!(!nhs_number("943476591"), "nine digits");
        assert!(!nhs_number("94347659190"), "eleven digits");
        assert!(!nhs_number("94347659a9"));
        // A remainder giving check digit 10 is never valid.
        assert!(!nhs_number("1000000010"));
        assert!(nhs_number("4010232137"));
    }

    #[test]
    fn postcodes() {
        for ok in [
            "RG40 1BN", "rg401bn", "GL50 1PY", "E14 2BG", "W1A 1AA", "M1 1AE", "B33 8TH",
            "CR2 6XH", "DN55 1PT", "EC1A 1BB", "GIR 0AA",
        ] {
            assert!(postcode(ok), "{ok}");
        }
        for bad in [
            "",
            "RG40",
            "RG40 1B",
            "1RG 1BN",
            "RG40  1BN",
            "RG4 01BN",
            "QA1 1AA",
            "E14 2CG",
            "ZZZZ 1AA",
            "E14-2BG",
        ] {
            assert!(!postcode(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(email("a.teacher@school.sch.uk"));
        assert!(!email("a.teacher@school"));
        assert!(!email("a teacher@school.sch.uk"));
        assert!(!email("@school.sch.uk"));
        assert!(!email("a@@b.uk"));
        assert!(!email("a@b..uk"));
    }

    #[test]
    fn phones() {
        for ok in [
            "0118 974 6000",
            "01452 426565",
            "020 7364 5000",
            "07700 900123",
            "+44 7700 900123",
            "(0118) 974 6000",
            "0118 974 6000 ext 123",
            "0044 20 7364 5000",
        ] {
            assert!(uk_phone(ok), "{ok}");
        }
        for bad in [
            "999",
            "7700 900123",
            "+1 212 555 0100",
            "0118 974 600a",
            "00118 974 6000",
            "0118 ext",
        ] {
            assert!(!uk_phone(bad), "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert!(date("2024-02-29").is_some());
        assert!(date("2023-02-29").is_none());
        assert!(date("2024-2-9").is_none());
        assert!(date("29/02/2024").is_none());
        assert!(date("2024-02-3x").is_none());
        assert!(date("+024-02-03").is_none());
        assert!(date("2024-00-10").is_none());
        assert_eq!(date(" 2026-03-10 "), NaiveDate::from_ymd_opt(2026, 3, 10));
    }

    #[test]
    fn iso_writes_what_date_reads() {
        for (y, m, d) in [
            (2026, 3, 10),
            (0, 1, 1),
            (1, 12, 31),
            (999, 9, 9),
            (9999, 12, 31),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let text = iso(day).unwrap();
            assert_eq!(text, format!("{y:04}-{m:02}-{d:02}"));
            assert_eq!(date(&text), Some(day));
        }
        for y in [-1, 10000] {
            assert_eq!(iso(NaiveDate::from_ymd_opt(y, 1, 1).unwrap()), None);
        }
    }
}
