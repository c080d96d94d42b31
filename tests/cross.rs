//! Checks across the clients of one run: files linted together are compared with each other.

use assert_cmd::Command;

fn lint_folder(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "check",
            ".",
            "--format",
            "concise",
            "--select",
            "reused-client-secret",
            "--select",
            "duplicate-client-id",
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const SECRET: &str = "Hk4Tz8Qm2Wv6Rb9Lp3Nx7Cs1Df5Gj0Ya";

fn rfc_client(id: &str, secret: &str) -> String {
    format!(
        r#"{{"client_id": "{id}", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "client_secret_basic", "client_secret": "{secret}"}}"#
    )
}

fn realm(name: &str, client_id: &str, redirect: &str) -> String {
    format!(
        r#"{{"realm": "{name}", "clients": [{{"clientId": "{client_id}", "publicClient": false, "secret": "${{S}}", "standardFlowEnabled": true, "redirectUris": ["{redirect}"]}}]}}"#
    )
}

#[test]
fn a_secret_shared_by_clients_in_two_files_is_found_and_never_printed() {
    let reports = rfc_client("reports", SECRET);
    let out = lint_folder(&[
        ("a/client.json", &rfc_client("billing", SECRET)),
        ("b/client.json", &reports),
    ]);
    let column = reports.find(&format!("\"{SECRET}\"")).unwrap() + 1;
    assert_eq!(
        out,
        format!(
            "b/client.json:1:{column}: error[reused-client-secret] this client secret is the same as the client \
             secret of client `billing` (a/client.json:1): one leak exposes both clients\n"
        )
    );
    assert!(!out.contains(SECRET));
}

#[test]
fn placeholders_and_masked_secrets_are_not_compared() {
    let out = lint_folder(&[
        ("a.json", &rfc_client("billing", "${SECRET}")),
        ("b.json", &rfc_client("reports", "${SECRET}")),
        ("c.json", &rfc_client("archive", "**********")),
        ("d.json", &rfc_client("ledger", "**********")),
    ]);
    assert_eq!(out, "");
}

#[test]
fn one_auth0_directory_may_not_register_a_client_twice() {
    let client = |callback: &str| {
        format!(
            r#"{{"name": "portal", "app_type": "regular_web", "callbacks": ["{callback}"], "grant_types": ["authorization_code"]}}"#
        )
    };
    let second = client("https://portal.example.com/*");
    let out = lint_folder(&[
        ("tenant/clients/portal.json", &client("https://portal.example.com/cb")),
        ("tenant/clients/portal-copy.json", &second),
    ]);
    let column = second.find(r#""portal""#).unwrap() + 1;
    assert_eq!(
        out,
        format!(
            "tenant/clients/portal.json:1:{column}: warning[duplicate-client-id] client `portal` is registered \
             twice, here and at tenant/clients/portal-copy.json:1, with different redirect_uris: the server keeps \
             only one\n"
        )
    );
}

#[test]
fn one_realm_may_not_list_a_client_twice() {
    let realm = r#"{"realm": "acme", "clients": [
        {"clientId": "portal", "secret": "${S}", "redirectUris": ["https://portal.acme.example/cb"]},
        {"clientId": "portal", "secret": "${S}", "redirectUris": ["https://portal.acme.example/*"]}]}"#;
    let out = lint_folder(&[("realm.json", realm)]);
    assert!(
        out.starts_with("realm.json:3:22: warning[duplicate-client-id] client `portal` is registered twice, here and at realm.json:2"),
        "{out}"
    );
}

#[test]
fn two_realms_or_two_environments_may_reuse_an_id() {
    let out = lint_folder(&[
        (
            "dev/realm.json",
            &realm("acme-dev", "portal", "https://portal.dev.acme.example/cb"),
        ),
        (
            "prod/realm.json",
            &realm("acme", "portal", "https://portal.acme.example/cb"),
        ),
        ("dev/client.json", &rfc_client("worker", "${A}")),
        ("prod/client.json", &rfc_client("worker", "${B}")),
    ]);
    assert_eq!(out, "");
}

#[test]
fn a_client_app_may_use_one_client_id_for_several_flows() {
    // Spring Security: a login registration and a `client_credentials` one of the same client.
    let app = "spring.security.oauth2.client:
  registration:
    portal-login:
      client-id: portal
      client-secret: ${PORTAL_SECRET}
      authorization-grant-type: authorization_code
      redirect-uri: '{baseUrl}/login/oauth2/code/{registrationId}'
      provider: corp
    portal-api:
      client-id: portal
      client-secret: ${PORTAL_SECRET}
      authorization-grant-type: client_credentials
      provider: corp
  provider:
    corp:
      issuer-uri: https://login.corp.example.com
";
    assert_eq!(lint_folder(&[("application.yml", app)]), "");
}

/// Spring client registrations: `(key, provider issuer, redirect URI)`, each at its own provider.
fn spring_client(regs: &[(&str, &str, &str)]) -> String {
    let mut text = String::from("spring.security.oauth2.client:\n  registration:\n");
    for (key, _, redirect) in regs {
        text += &format!("    {key}:\n      client-id: {key}-app\n      authorization-grant-type: authorization_code\n      redirect-uri: '{redirect}'\n      provider: {key}-idp\n");
    }
    text += "  provider:\n";
    for (key, issuer, _) in regs {
        text += &format!("    {key}-idp:\n      issuer-uri: {issuer}\n");
    }
    text
}

fn mix_up_lines(text: &str) -> Vec<usize> {
    let settings = oauthlint::config::Settings {
        select: vec!["mix-up-defense-missing".into()],
        ..Default::default()
    };
    let report = oauthlint::lint_bytes("application.yml", text.as_bytes(), &settings);
    report
        .findings
        .iter()
        .filter(|f| f.rule == "mix-up-defense-missing")
        .map(|f| report.lines.position(&report.text, f.span.start).line)
        .collect()
}

#[test]
fn a_redirect_uri_shared_across_issuers_is_a_mix_up_risk() {
    let cb = "https://app.example.com/login/callback";
    let two_servers = spring_client(&[
        ("staff", "https://sso.example.com/realms/staff", cb),
        ("partner", "https://id.partner.example", cb),
    ]);
    // The second registration's redirect URI, on line 11.
    assert_eq!(mix_up_lines(&two_servers), [11]);
    // The same server twice (a trailing `/` aside) may share a callback.
    let one_server = spring_client(&[
        ("a", "https://sso.example.com", cb),
        ("b", "https://sso.example.com/", cb),
    ]);
    assert_eq!(mix_up_lines(&one_server), Vec::<usize>::new());
    // `{registrationId}` makes the default template distinct per registration.
    let template = "{baseUrl}/login/oauth2/code/{registrationId}";
    let distinct = spring_client(&[
        ("staff", "https://sso.example.com", template),
        ("partner", "https://id.partner.example", template),
    ]);
    assert_eq!(mix_up_lines(&distinct), Vec::<usize>::new());
}

#[test]
fn built_in_providers_are_told_apart_by_their_endpoints() {
    let text = "spring.security.oauth2.client.registration:
  google:
    client-id: g
    redirect-uri: https://app.example.com/cb
  github:
    client-id: h
    redirect-uri: https://app.example.com/cb
";
    // Google and GitHub differ by authorization endpoint (GitHub has no issuer in Spring).
    assert_eq!(mix_up_lines(text), [7]);
    // Okta's issuer is the tenant's: with none in the file, the rule does not guess.
    assert_eq!(mix_up_lines(&text.replace("github", "okta")), Vec::<usize>::new());
}
