//! Parsing a realm export into a document, at two sizes: the time per client should not grow.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oauthlint::document::{self, Syntax};
use std::sync::Arc;

mod common;
use common as realm;

fn parse_realm(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse realm");
    for clients in [100, 1000] {
        let text: Arc<str> = Arc::from(realm::realm(clients));
        group.throughput(Throughput::Elements(clients as u64));
        group.bench_with_input(BenchmarkId::from_parameter(clients), &text, |b, text| {
            b.iter(|| document::parse(text, Syntax::Json).expect("the realm parses"))
        });
    }
    group.finish();
}

criterion_group!(benches, parse_realm);
criterion_main!(benches);
