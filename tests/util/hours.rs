//! Staff hours for tests on the server's clock: Monday hours and quiet
//! hours in Tokyo, set with the command line's own code, and the Monday to
//! move the clock to.

use crate::TestServer;
use yorisoi_server::cli::{HoursArgs, StaffCommand};

/// An hour in milliseconds.
pub const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Japan is UTC+9 all year.
const JST_MS: i64 = 9 * HOUR_MS;

/// The first Monday `hour`:00 in Tokyo at least a day after `now_ms`.
pub fn next_monday_in_tokyo(now_ms: i64, hour: i64) -> i64 {
    let local_day = (now_ms + DAY_MS + JST_MS).div_euclid(DAY_MS);
    // 1970-01-01 was a Thursday (3 days after a Monday).
    let days_to_monday = (7 - (local_day + 3) % 7) % 7;
    (local_day + days_to_monday) * DAY_MS - JST_MS + hour * HOUR_MS
}

/// `yorisoi staff hours --email … --time-zone Asia/Tokyo --mon …` (the
/// command line's own code).
pub async fn set_monday_hours(server: &TestServer, email: &str, monday: &str) {
    set_hours(server, email, Some(monday), None).await;
}

/// `yorisoi staff hours --email … --time-zone Asia/Tokyo --quiet …`, e.g.
/// `00:00-06:00` (the command line's own code).
pub async fn set_quiet_hours(server: &TestServer, email: &str, quiet: &str) {
    set_hours(server, email, None, Some(quiet)).await;
}

/// Sets Monday's hours or the quiet hours in Tokyo; what is `None` is left.
async fn set_hours(server: &TestServer, email: &str, monday: Option<&str>, quiet: Option<&str>) {
    let args = HoursArgs {
        email: email.to_owned(),
        time_zone: Some("Asia/Tokyo".into()),
        mon: monday.map(str::to_owned),
        tue: None,
        wed: None,
        thu: None,
        fri: None,
        sat: None,
        sun: None,
        dates: Vec::new(),
        clear_dates: Vec::new(),
        quiet: quiet.map(str::to_owned),
        clear: false,
    };
    yorisoi_server::admin::staff_command(server.config(), StaffCommand::Hours(args), || {
        unreachable!("no password is asked for")
    })
    .await
    .expect("set the hours");
}
