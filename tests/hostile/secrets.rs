//! Secrets never appear, in any output: each case writes a file holding secrets where a finding
//! shows its source (one-line files put every value in the snippet of `full`), runs every output
//! format and `inspect`, and looks for each secret in everything printed, stdout and stderr.

use assert_cmd::Command;
use std::time::Duration;

/// Everything oauthlint prints about a folder holding `name`: `(what ran, stdout and stderr)` for
/// each output format of `check`, and for `inspect`.
fn every_output(name: &str, text: &str) -> Vec<(String, String)> {
    use clap::ValueEnum;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("oauthlint")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!shown.contains("panicked"), "{args:?}: {shown}");
        shown
    };
    let mut outputs: Vec<(String, String)> = oauthlint::report::Format::value_variants()
        .iter()
        .map(|f| f.to_possible_value().unwrap().get_name().to_string())
        .map(|format| {
            let shown = run(&["check", name, "--no-config", "--color", "never", "--format", &format]);
            (format, shown)
        })
        .collect();
    outputs.push(("inspect".into(), run(&["inspect", name, "--no-config"])));
    outputs
}

/// Checks that no output shows any of `secrets`, and that each output did report on the file
/// (it names the file, or for `inspect` of a file that does not parse, it is not silent).
fn never_shown(name: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(text.contains(secret), "the case must hold its secret {secret}");
    }
    for (what, shown) in every_output(name, text) {
        assert!(shown.contains(name), "{what} does not report {name}:\n{shown}");
        for secret in secrets {
            assert!(!shown.contains(secret), "{what} shows the secret {secret}:\n{shown}");
        }
    }
}

/// An RFC 7591 registration on one line, so that the snippet of any finding shows all of it; the
/// implicit grant makes sure there is one.
fn one_line_registration(extra: &str) -> String {
    format!(
        r#"{{"client_id": "shop-web", "redirect_uris": ["https://shop.example.com/cb"], "grant_types": ["implicit"], "response_types": ["token"], "token_endpoint_auth_method": "client_secret_basic", {extra}}}"#
    )
}

#[test]
fn the_password_of_a_uris_userinfo() {
    let text = one_line_registration(
        r#""client_secret": "kq0WmZ4bT8yN2vR6xL1cJ5hG9fD3sA7e", "logo_uri": "https://shop:Uv7Yq2Lw9Rz4@cdn.example.com/logo.png""#,
    )
    .replace(
        "https://shop.example.com/cb",
        "https://admin:Pq8Xw3Ne6Tz1@shop.example.com/cb",
    );
    never_shown(
        "userinfo.json",
        &text,
        &["Pq8Xw3Ne6Tz1", "Uv7Yq2Lw9Rz4", "kq0WmZ4bT8yN2vR6xL1cJ5hG9fD3sA7e"],
    );
}

#[test]
fn secret_named_query_parameters_of_uris() {
    let text = one_line_registration(
        r#""client_secret": "kq0WmZ4bT8yN2vR6xL1cJ5hG9fD3sA7e", "initiate_login_uri": "https://shop.example.com/login?client_secret=Hd4Kf8Ms2Qp6&password=Zx5Cv9Bn3Mq7&access_token=Lk2Jh6Gf0Ds4""#,
    )
    .replace(
        "https://shop.example.com/cb",
        "https://shop.example.com/cb?token=Wy3Er7Ty1Ui5&next=/home",
    );
    never_shown(
        "query.json",
        &text,
        &["Hd4Kf8Ms2Qp6", "Zx5Cv9Bn3Mq7", "Lk2Jh6Gf0Ds4", "Wy3Er7Ty1Ui5"],
    );
}

#[test]
fn a_client_secret_written_as_a_number() {
    let text = one_line_registration(r#""client_secret": 48151623429137"#);
    never_shown("numeric.json", &text, &["48151623429137"]);
}

/// A secret of 200 KB is masked like any other, and every output is printed: the matcher
/// that masks secret values must not grow with the square of their length.
#[test]
fn a_secret_of_200_kb() {
    let secret: String = (0..200_000u32).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect();
    let text = one_line_registration(&format!(r#""client_secret": "{secret}""#));
    never_shown("long-secret.json", &text, &[&secret[..64], &secret[100_000..100_064]]);
}

#[test]
fn a_secret_reused_as_the_client_id_is_masked_there_too() {
    let secret = "Rv2Nq8Xk4Tm6Wz0Pb5Ly";
    let text = format!(
        "{{\n  \"client_id\": \"{secret}\",\n  \"client_name\": \"{secret}\",\n  \"client_secret\": \"{secret}\",\n  \"redirect_uris\": [\"http://shop.example.com/cb\"],\n  \"grant_types\": [\"authorization_code\"]\n}}\n"
    );
    never_shown("reused.json", &text, &[secret]);
}

#[test]
fn registration_and_initial_access_tokens() {
    let text = one_line_registration(
        r#""client_secret": "kq0WmZ4bT8yN2vR6xL1cJ5hG9fD3sA7e", "registration_access_token": "reg-Gh5Jk9Lm3Nb7Vc1X", "initial_access_token": "ini-Qa2Ws6Ed0Rf4Tg8Y""#,
    );
    never_shown("tokens.json", &text, &["reg-Gh5Jk9Lm3Nb7Vc1X", "ini-Qa2Ws6Ed0Rf4Tg8Y"]);
}

/// A Keycloak realm export on one line, with the client `extra` and realm members `realm`.
fn keycloak_realm(client: &str, realm: &str) -> String {
    format!(
        r#"{{"realm": "acme", "enabled": true, {realm} "clients": [{{"clientId": "catalog", "enabled": true, "publicClient": false, "secret": "Cs1Dv5Fb9Gn3Hm7Jk2Lq", "implicitFlowEnabled": true, "redirectUris": ["http://catalog.acme.example/*"], "protocol": "openid-connect", {client}}}]}}"#
    )
}

#[test]
fn keycloaks_rotated_client_secret() {
    let text = keycloak_realm(
        r#""attributes": {"client.secret.rotated": "Ot4Yp8Ai2Sd6Fg0Hj3Kl", "client.secret.rotated.creation.time": "1733300000"}"#,
        "",
    );
    never_shown(
        "realm-export.json",
        &text,
        &["Cs1Dv5Fb9Gn3Hm7Jk2Lq", "Ot4Yp8Ai2Sd6Fg0Hj3Kl"],
    );
}

#[test]
fn keycloak_realm_key_providers_private_keys() {
    let text = keycloak_realm(
        r#""attributes": {}"#,
        r#""components": {"org.keycloak.keys.KeyProvider": [{"name": "rsa", "providerId": "rsa", "config": {"privateKey": ["MIIEowIBAAKCAQEAqKeyProviderBody0123"], "certificate": ["MIICrzCCAZcCBgGTcert"], "keystorePassword": ["Kp3Ls7Dj1Fh5"], "priority": ["100"]}}, {"name": "hmac", "providerId": "hmac-generated", "config": {"secret": ["Hm9Ac2Se4Cr6Et8Xy0Zq"]}}]},"#,
    );
    never_shown(
        "realm-export.json",
        &text,
        &[
            "MIIEowIBAAKCAQEAqKeyProviderBody0123",
            "Kp3Ls7Dj1Fh5",
            "Hm9Ac2Se4Cr6Et8Xy0Zq",
        ],
    );
}

#[test]
fn a_pem_key_split_into_an_array_of_lines() {
    let text = one_line_registration(
        r#""client_secret": "kq0WmZ4bT8yN2vR6xL1cJ5hG9fD3sA7e", "signing_material": ["-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw", "ggSjAgEAAoIBAQC7PemSecondLine4567", "-----END PRIVATE KEY-----"]"#,
    );
    never_shown(
        "pem-lines.json",
        &text,
        &[
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw",
            "ggSjAgEAAoIBAQC7PemSecondLine4567",
        ],
    );
}

#[test]
fn every_private_member_of_a_jwk_oth_included() {
    let text = one_line_registration(
        r#""client_secret": "kq0WmZ4bT8yN2vR6xL1cJ5hG9fD3sA7e", "jwks": {"keys": [{"kty": "RSA", "kid": "k1", "n": "public-modulus", "e": "AQAB", "d": "jwkD-Aa1Bb2Cc3", "p": "jwkP-Dd4Ee5Ff6", "q": "jwkQ-Gg7Hh8Ii9", "dp": "jwkDP-Jj0Kk1", "dq": "jwkDQ-Ll2Mm3", "qi": "jwkQI-Nn4Oo5", "oth": [{"r": "othR-Pp6Qq7", "d": "othD-Rr8Ss9", "t": "othT-Tt0Uu1"}]}, {"kty": "oct", "kid": "k2", "k": "jwkK-Vv2Ww3Xx4"}]}"#,
    );
    never_shown(
        "jwk.json",
        &text,
        &[
            "jwkD-Aa1Bb2Cc3",
            "jwkP-Dd4Ee5Ff6",
            "jwkQ-Gg7Hh8Ii9",
            "jwkDP-Jj0Kk1",
            "jwkDQ-Ll2Mm3",
            "jwkQI-Nn4Oo5",
            "othR-Pp6Qq7",
            "othD-Rr8Ss9",
            "othT-Tt0Uu1",
            "jwkK-Vv2Ww3Xx4",
        ],
    );
}

#[test]
fn a_multi_line_toml_string_in_a_file_that_does_not_parse() {
    for quotes in ["\"\"\"", "'''"] {
        let text = format!(
            "[[clients]]\nclient_id = \"shop\"\nclient_secret = {quotes}\nMl4Tr8Ew2Qa6\nZs0Xd3Cf7Vg1{quotes}\nredirect_uris = [\"https://a.example/cb\"\n"
        );
        never_shown("clients.toml", &text, &["Ml4Tr8Ew2Qa6", "Zs0Xd3Cf7Vg1"]);
    }
}

#[test]
fn a_yaml_block_scalar_or_next_line_value_in_a_file_that_does_not_parse() {
    // `full` shows the line before the one where parsing stopped: the secret's last line.
    for value in [
        " |\n    Bk5Sc9Al3Ar7\n    Nx1Ty5Ui9Op3",
        " >-\n    Bk5Sc9Al3Ar7\n    Nx1Ty5Ui9Op3",
        "\n    Nx1Ty5Ui9Op3",
    ] {
        let text =
            format!("staticClients:\n- id: shop\n  redirectURIs: [https://a.example/cb]\n  secret:{value}\n - bad\n");
        never_shown("dex.yaml", &text, &["Nx1Ty5Ui9Op3"]);
    }
}

#[test]
fn a_json_string_with_escaped_quotes_or_a_newline_before_the_colon_that_does_not_parse() {
    let escaped = r#"{"client_id": "shop", "client_secret": "Eq3\"Uo7Te9\"Sc1Ap5", "redirect_uris": ["https://u:Bu5Rl9Pw3Xq7@a.example/cb"] "x": 1}"#;
    never_shown("escaped.json", escaped, &["Uo7Te9", "Sc1Ap5", "Bu5Rl9Pw3Xq7"]);
    let newline = "{\"client_id\": \"shop\", \"client_secret\"\n  : \"Nw2Lb6Cl0Nx4Zq8\", \"redirect_uris\": [\"https://a.example/cb\"] \"x\": 1}";
    never_shown("newline.json", newline, &["Nw2Lb6Cl0Nx4Zq8"]);
}

#[test]
fn a_secret_reused_in_a_file_that_does_not_parse() {
    // The parser's message and the snippet may quote the id; it is the secret.
    let text = "{\"client_id\": \"Pr3Ok7Ij1Uh5Yg9T\", \"client_secret\": \"Pr3Ok7Ij1Uh5Yg9T\", \"redirect_uris\": [Pr3Ok7Ij1Uh5Yg9T]}";
    never_shown("reused-broken.json", text, &["Pr3Ok7Ij1Uh5Yg9T"]);
}

#[test]
fn literal_secrets_in_terraform_are_never_shown() {
    let secret = "Xq7vR2mPz9LkW4tN8bYcHCL";
    let hcl = format!(
        "resource \"keycloak_openid_client\" \"app\" {{\n  client_id = \"app\"\n  access_type = \"CONFIDENTIAL\"\n  client_secret = \"{secret}\"\n  valid_redirect_uris = [\"http://a.example.com/cb\"]\n}}\n"
    );
    never_shown("main.tf", &hcl, &[secret]);
    // Broken HCL: the secret is masked in the raw text too.
    never_shown("broken.tf", &hcl.replace("]\n}", "\n}"), &[secret]);
    let json = format!(
        r#"{{"resource": {{"keycloak_openid_client": {{"app": {{"client_id": "app", "access_type": "CONFIDENTIAL", "client_secret": "{secret}", "valid_redirect_uris": ["http://a.example.com/cb"]}}}}}}}}"#
    );
    never_shown("main.tf.json", &json, &[secret]);
}

/// `--diff` prints lines of the file: the secret on the line next to a fixed grant is masked there,
/// as in snippets, and `--fix` leaves it in the file as it was.
#[test]
fn diff_context_masks_the_secret_beside_a_fix() {
    let secret = "Zq8vN2xR4tLw9bK1mC7yH3pD6sF0gJ5u";
    let text = format!(
        "{{\n  \"client_id\": \"portal\",\n  \"client_secret\": \"{secret}\",\n  \"redirect_uris\": [\"https://portal.example.com/cb\"],\n  \"grant_types\": [\"implicit\", \"authorization_code\"]\n}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("portal.json");
    std::fs::write(&file, &text).unwrap();
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--diff", "--unsafe-fixes", "portal.json"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("+++ b/portal.json"), "{diff}");
    assert!(diff.contains("\"client_secret\": \"****"), "{diff}");
    assert!(!diff.contains(&secret[..12]), "{diff}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains(&secret[..12]));

    let fixed = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--fix", "--unsafe-fixes", "portal.json"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&fixed.stdout).contains(&secret[..12]));
    assert!(
        std::fs::read_to_string(&file).unwrap().contains(secret),
        "the fix lost the secret"
    );
}
