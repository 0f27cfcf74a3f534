//! Retention at scale on PostgreSQL: `BENCH_ROWS` (10 million) finished messages spread evenly
//! over the current month and the three before it, purged with a cutoff in the middle of last
//! month — so two whole months go as dropped partitions and half a month row by row, the two
//! paths the scheduler's purge takes. Beside them, in the same run, the physical limits of
//! this machine: raw `INSERT … SELECT` of the rows, and one raw `DELETE` statement of the
//! rows the product deletes one batch at a time, on an unpartitioned copy with the same
//! indexes.
//!
//! `cargo bench -p wecom-fleet --bench retention_purge` (figures go to BENCHMARKS.md).

// A benchmark's fixtures panic on failure, like a test's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use chrono::{Datelike, TimeZone, Utc};
use common::env_or;
use fleet_store::{
    partitions,
    retention::{purge, Retention},
    testing::TestDatabase,
};
use sqlx::{Connection, Executor, PgConnection};

/// The first instant of the month `back` months before now's, in milliseconds.
fn month_start(back: u32) -> i64 {
    let now = Utc::now();
    let (mut year, mut month) = (now.year(), now.month());
    for _ in 0..back {
        (year, month) = if month == 1 {
            (year - 1, 12)
        } else {
            (year, month - 1)
        };
    }
    Utc.with_ymd_and_hms(year, month, 1, 0, 0, 0)
        .unwrap()
        .timestamp_millis()
}

/// Inserts `rows` finished messages created evenly over `[from, to)`, as the superuser with
/// foreign-key triggers off (the rows name no real tenant): the bench is about the purge.
async fn fill(url: &str, rows: i64, from: i64, to: i64) -> Duration {
    let mut admin = PgConnection::connect(url).await.unwrap();
    admin
        .execute("SET session_replication_role = replica")
        .await
        .unwrap();
    let started = Instant::now();
    let sql = format!(
        "INSERT INTO messages (id, tenant_id, account_id, conversation_id, message_type, content, status, \
           attempts, fallback_depth, client_message_id, due_at, dead_lettered, quota_day, created_at, updated_at, sent_at) \
         SELECT g::text || '-{from}', 't', 'a', 'c' || (g % 1000), 'text', '{{\"text\":\"hello\"}}', 'sent', 1, 0, \
           g::text || '-{from}', ts, 0, '2026-01-01', ts, ts, ts \
         FROM (SELECT g, {from} + (g * ({to} - {from}) / {rows}) AS ts FROM generate_series(0, {rows} - 1) g) s"
    );
    admin.execute(sql.as_str()).await.unwrap();
    started.elapsed()
}

fn per_second(rows: u64, took: Duration) -> String {
    format!("{:.0} rows/s", rows as f64 / took.as_secs_f64())
}

#[tokio::main]
async fn main() {
    let rows = i64::try_from(env_or("BENCH_ROWS", 10_000_000)).unwrap();
    let database = TestDatabase::postgres().await.unwrap();
    let url = database.url.clone();
    let months: Vec<i64> = (0..=3).rev().map(month_start).collect();
    let now = fleet_core::clock::now_ms();
    let mut admin = PgConnection::connect(&url).await.unwrap();
    sqlx::query("SELECT fleet_partitions_ensure('messages', $1, $2)")
        .bind(months[0])
        .bind(now)
        .execute(&mut admin)
        .await
        .unwrap();

    // Four months, filled concurrently (one connection each), so both cores work.
    let started = Instant::now();
    let bounds: Vec<(i64, i64)> = (0..4)
        .map(|i| (months[i], months.get(i + 1).copied().unwrap_or(now)))
        .collect();
    let fills = bounds
        .iter()
        .map(|&(from, to)| fill(&url, rows / 4, from, to));
    futures::future::join_all(fills).await;
    let fill_took = started.elapsed();
    admin.execute("VACUUM ANALYZE messages").await.unwrap();
    println!(
        "filled {rows} messages in {:.1} s ({}), raw INSERT … SELECT with 7 indexes",
        fill_took.as_secs_f64(),
        per_second(rows as u64, fill_took)
    );

    // The anchor's copy: last month's rows before the cutoff, in a plain table.
    let cutoff = months[2] + (months[3] - months[2]) / 2;
    admin
        .execute(
            format!(
                "CREATE TABLE raw_messages (LIKE messages INCLUDING INDEXES); \
                 INSERT INTO raw_messages SELECT * FROM messages WHERE created_at >= {} AND created_at < {cutoff}",
                months[2]
            )
            .as_str(),
        )
        .await
        .unwrap();
    admin.execute("VACUUM ANALYZE raw_messages").await.unwrap();

    let retention = Retention {
        messages: Some(Duration::from_millis(u64::try_from(now - cutoff).unwrap())),
        ..Default::default()
    };
    let started = Instant::now();
    let dropped = partitions::drop_before(&database.db, cutoff).await.unwrap();
    let drop_took = started.elapsed();
    let started = Instant::now();
    let report = purge(&database.db, retention, now).await.unwrap();
    let rows_took = started.elapsed();
    println!(
        "product, whole months dropped: {dropped} messages in {:.2} s ({})",
        drop_took.as_secs_f64(),
        per_second(dropped, drop_took)
    );
    println!(
        "product, row by row (batches of 1,000, each its own transaction): {} messages in {:.1} s ({})",
        report.messages,
        rows_took.as_secs_f64(),
        per_second(report.messages, rows_took)
    );

    let started = Instant::now();
    let raw = admin
        .execute(format!("DELETE FROM raw_messages WHERE created_at < {cutoff}").as_str())
        .await
        .unwrap()
        .rows_affected();
    let raw_took = started.elapsed();
    println!(
        "anchor, one raw DELETE statement on an unpartitioned copy: {raw} rows in {:.1} s ({})",
        raw_took.as_secs_f64(),
        per_second(raw, raw_took)
    );
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    println!(
        "left: {left} messages (this month's and last month's after the cutoff; expected about {})",
        rows / 4 + rows / 8
    );
}
