//! A Keycloak realm export of `n` clients for the benchmarks, the same for every run: public
//! SPAs, confidential web apps and service accounts, every seventh with an implicit flow and an
//! `http` redirect, so rules have findings to make.

pub fn realm(n: usize) -> String {
    let clients: Vec<serde_json::Value> = (0..n).map(client).collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "realm": "bench",
        "enabled": true,
        "clients": clients,
    }))
    .expect("a JSON value serializes")
}

pub fn client(i: usize) -> serde_json::Value {
    let misconfigured = i % 7 == 0;
    let scheme = if misconfigured { "http" } else { "https" };
    serde_json::json!({
        "clientId": format!("app-{i}"),
        "enabled": true,
        "publicClient": i % 3 == 0,
        "serviceAccountsEnabled": i % 3 == 2,
        "standardFlowEnabled": i % 3 != 2,
        "implicitFlowEnabled": misconfigured,
        "redirectUris": [format!("{scheme}://app{i}.example.com/callback")],
        "webOrigins": [format!("https://app{i}.example.com")],
        "attributes": {"pkce.code.challenge.method": "S256"},
    })
}
