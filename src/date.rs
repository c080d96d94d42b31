//! Calendar dates from Unix time, for messages and `expires` (no date crate for one function).

/// `YYYY-MM-DD` of a time in seconds since the Unix epoch, in UTC (the civil-from-days algorithm of
/// H. Hinnant's "chrono-Compatible Low-Level Date Algorithms").
pub fn utc_date(secs: u64) -> String {
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::utc_date;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(59 * 86_400), "1970-03-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(20_781 * 86_400 + 86_399), "2026-11-24");
        assert_eq!(utc_date(4_891_363_199), "2124-12-31");
        assert_eq!(utc_date(253_402_300_799), "9999-12-31");
    }
}
