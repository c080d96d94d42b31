//! The whole pipeline after reading (parse, detect, extract, infer, rules, suppress) for one client,
//! and for a realm of 1,000 counted per client.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oauthlint::config::Settings;

mod common;
use common as realm;

fn lint_clients(c: &mut Criterion) {
    let settings = Settings::default();
    let one = serde_json::to_string_pretty(&realm::client(7)).expect("a JSON value serializes");
    let report = oauthlint::lint_bytes("client.json", one.as_bytes(), &settings);
    assert!(!report.findings.is_empty(), "the benchmark client has findings to make");
    c.bench_function("lint one client", |b| {
        b.iter(|| oauthlint::lint_bytes("client.json", one.as_bytes(), &settings))
    });

    let realm = realm::realm(1000);
    let mut group = c.benchmark_group("lint realm");
    group.throughput(Throughput::Elements(1000));
    group.bench_function("1000 clients", |b| {
        b.iter(|| oauthlint::lint_bytes("realm.json", realm.as_bytes(), &settings))
    });
    group.finish();
}

criterion_group!(benches, lint_clients);
criterion_main!(benches);
