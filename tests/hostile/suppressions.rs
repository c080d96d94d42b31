//! Suppressions live only in comments, as the file's own syntax reads them: a pull request cannot
//! silence a rule by writing `oauthlint: ignore[…]` into a string value.

use super::write_case;

const IMPLICIT: &str = "implicit-grant";

/// Lints `text` as `name` and says whether `implicit-grant` was reported there.
fn implicit_reported(name: &str, text: &str) -> bool {
    let out = write_case(name, text.as_bytes().to_vec());
    let rules = out.rules_in(name);
    assert!(!rules.contains(&"parse-error"), "{name} must parse: {rules:?}");
    rules.contains(&IMPLICIT)
}

/// The RFC 7591 body of a public client on the implicit grant, with `name` as its `client_name`.
fn minified_json(name: &str) -> String {
    format!(
        r#"{{"client_name": "{name}", "redirect_uris": ["https://shop.example.com/cb"], "grant_types": ["implicit"], "response_types": ["token"], "token_endpoint_auth_method": "none"}}"#
    )
}

#[test]
fn a_directive_in_a_json_string_does_not_silence_a_minified_file() {
    for name in [
        "Shop //oauthlint: ignore[implicit-grant]",
        "Shop /* oauthlint: ignore[implicit-grant] */",
        "Shop # oauthlint: ignore[implicit-grant]",
    ] {
        assert!(implicit_reported("shop.json", &minified_json(name)), "{name}");
    }
}

#[test]
fn plain_json_has_no_comments_so_no_inline_suppression() {
    // The `.json` file is read leniently (a note says it is only JSONC), but a string is a string.
    let text = minified_json(r#"Shop \" // oauthlint: ignore[implicit-grant]"#);
    assert!(implicit_reported("escaped-quote.json", &text));
}

#[test]
fn in_jsonc_a_string_is_not_a_comment_and_a_real_comment_still_works() {
    let faked = "{\n  \"client_name\": \"x\", \"redirect_uris\": [\"https://a.example.com/cb\"],\n  \"token_endpoint_auth_method\": \"none\",\n  \"grant_types\": [\"implicit\", \"// oauthlint: ignore[implicit-grant]\"]\n}\n";
    assert!(implicit_reported("faked.jsonc", faked));
    let real = "{\n  \"client_name\": \"x\", \"redirect_uris\": [\"https://a.example.com/cb\"],\n  \"token_endpoint_auth_method\": \"none\",\n  // oauthlint: ignore[implicit-grant] the widget is retired in May\n  \"grant_types\": [\"implicit\"]\n}\n";
    assert!(!implicit_reported("real.jsonc", real));
}

#[test]
fn jsonc_block_comments_suppress_and_their_lookalikes_in_strings_do_not() {
    let faked = "{\"client_name\": \"/* oauthlint: ignore[implicit-grant] */\",\n \"redirect_uris\": [\"https://a.example.com/cb\"], \"token_endpoint_auth_method\": \"none\", \"grant_types\": [\"implicit\"]}\n";
    assert!(implicit_reported("faked-block.jsonc", faked));
    let real = "{\"client_name\": \"x\",\n /* oauthlint: ignore[implicit-grant]\n    until the widget is retired */\n \"redirect_uris\": [\"https://a.example.com/cb\"], \"token_endpoint_auth_method\": \"none\", \"grant_types\": [\"implicit\"]}\n";
    assert!(!implicit_reported("real-block.jsonc", real));
}

/// Hydra's client resource, the response types on line 7 (where `implicit-grant` points).
fn hydra(response_types: &str, before: &str) -> String {
    format!(
        "apiVersion: hydra.ory.sh/v1alpha1\nkind: OAuth2Client\nmetadata:\n  name: legacy-spa\nspec:\n  grantTypes: [implicit]\n{before}  responseTypes: {response_types}\n  redirectUris: [https://legacy.example.com/callback]\n  tokenEndpointAuthMethod: none\n"
    )
}

#[test]
fn a_hash_inside_a_quoted_yaml_scalar_is_not_a_comment() {
    for types in [
        r#"[token, "id_token # oauthlint: ignore[implicit-grant]"]"#,
        r#"[token, 'id_token # oauthlint: ignore[implicit-grant]']"#,
        r#"[token, "id_token \" # oauthlint: ignore[implicit-grant]"]"#,
    ] {
        assert!(implicit_reported("hydra.yaml", &hydra(types, "")), "{types}");
    }
}

#[test]
fn a_hash_inside_a_plain_or_block_yaml_scalar_is_not_a_comment() {
    // No blank before `#`: plain text (here a URI's fragment), not a comment.
    let fragment = hydra("[code]", "").replace(
        "redirectUris: [https://legacy.example.com/callback]",
        "redirectUris:\n  - http://legacy.example.com/cb#oauthlint:ignore[redirect-uri-http]",
    );
    let out = write_case("plain.yaml", fragment.into_bytes());
    assert!(out.rules_in("plain.yaml").contains(&"redirect-uri-http"));
    // A block scalar's lines are text whatever they start with.
    let block = "  description: |\n    # oauthlint: ignore[implicit-grant]\n";
    assert!(implicit_reported("block.yaml", &hydra("[token]", block)));
    // A real comment on the line before still works.
    let real = "  # oauthlint: ignore[implicit-grant] migrating off it this quarter\n";
    assert!(!implicit_reported("real.yaml", &hydra("[token]", real)));
    assert!(!implicit_reported(
        "trailing.yaml",
        &hydra("[token] # oauthlint: ignore[implicit-grant]", "")
    ));
}

/// The bespoke TOML client list, the implicit grant on its last line.
fn toml_clients(before: &str) -> String {
    format!(
        "[[clients]]\nclient_id = \"legacy-widget\"\ntoken_endpoint_auth_method = \"none\"\nredirect_uris = [\"https://widget.example.com/cb\"]\n{before}grant_types = [\"implicit\"]\n"
    )
}

#[test]
fn a_hash_inside_a_toml_string_of_any_kind_is_not_a_comment() {
    for before in [
        "description = \"\"\"\n# oauthlint: ignore[implicit-grant]\n\"\"\"\n",
        "description = '''\n# oauthlint: ignore[implicit-grant]\n'''\n",
        "description = \"\"\"x\\\"\"\" # oauthlint: ignore[implicit-grant]\n\"\"\"\n",
    ] {
        assert!(implicit_reported("clients.toml", &toml_clients(before)), "{before}");
    }
    assert!(implicit_reported(
        "same-line.toml",
        &toml_clients("").replace(
            "[\"implicit\"]",
            "[\"implicit\", \"# oauthlint: ignore[implicit-grant]\"]"
        )
    ));
    let real = "# oauthlint: ignore[implicit-grant] retired in May\n";
    assert!(!implicit_reported("real.toml", &toml_clients(real)));
}

#[test]
fn a_properties_continuation_line_is_value_not_comment() {
    let prefix = "spring.security.oauth2.authorizationserver.client.shop.registration";
    let file = |before: &str| {
        format!(
            "{prefix}.client-id=shop\n{prefix}.authorization-grant-types[0]=authorization_code\n{prefix}.scopes=openid,\\\n{before}{prefix}.redirect-uris[0]=http://shop.example.com/cb\n"
        )
    };
    let http_reported = |text: String| {
        let out = write_case("application.properties", text.into_bytes());
        let rules = out.rules_in("application.properties");
        assert!(!rules.contains(&"parse-error"), "{rules:?}");
        rules.contains(&"redirect-uri-http")
    };
    // The `#` line continues the value of `scopes`.
    assert!(http_reported(file(
        "  profile \\\n  # oauthlint: ignore[redirect-uri-http]\n"
    )));
    // The same directive on a line of its own is a comment and suppresses.
    assert!(!http_reported(file(
        "  profile\n# oauthlint: ignore[redirect-uri-http]\n"
    )));
    assert!(!http_reported(file(
        "  profile\n  ! oauthlint: ignore[redirect-uri-http]\n"
    )));
}

#[test]
fn in_hcl_only_a_comment_suppresses_not_a_string_or_a_heredoc() {
    let client = |extra: &str, comment: &str| {
        format!(
            "resource \"keycloak_openid_client\" \"spa\" {{\n  realm_id    = \"corp\"\n  client_id   = \"spa\"\n  access_type = \"PUBLIC\"\n  {extra}\n  implicit_flow_enabled = true {comment}\n  valid_redirect_uris = [\"https://shop.example.com/cb\"]\n}}\n"
        )
    };
    for (name, text) in [
        (
            "string.tf",
            client("description = \"x # oauthlint: ignore[implicit-grant]\"", ""),
        ),
        (
            "heredoc.tf",
            client("description = <<EOT\n# oauthlint: ignore[implicit-grant]\nEOT", ""),
        ),
    ] {
        assert!(implicit_reported(name, &text), "{name}");
    }
    for (name, comment) in [
        ("hash.tf", "# oauthlint: ignore[implicit-grant]"),
        ("slashes.tf", "// oauthlint: ignore[implicit-grant]"),
        ("block.tf", "/* oauthlint: ignore[implicit-grant] */"),
    ] {
        assert!(!implicit_reported(name, &client("", comment)), "{name}");
    }
}
