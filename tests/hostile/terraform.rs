//! Terraform modules from an untrusted pull request: deep HCL, a folder of many files, locals that
//! refer to each other or double at each step (secrets in `.tf` files: `secrets.rs`).

use super::{lint_beside_good, nested, write_case};

#[test]
fn a_megabyte_of_nested_brackets_in_hcl_is_a_parse_error() {
    for (name, open, close) in [
        ("deep-list.tf", "[", "]"),
        ("deep-object.tf", "{a = ", "}"),
        ("deep-parens.tf", "(", ")"),
        ("deep-template.tf", "\"${", "}\""),
    ] {
        let mut text = b"resource \"okta_app_oauth\" \"deep\" {\n  redirect_uris = ".to_vec();
        text.extend(nested(open, "1", close, 1_000_000 / open.len()));
        text.extend(b"\n}\n");
        let out = write_case(name, text);
        assert_eq!(out.rules_in(name), ["parse-error"], "{name}");
    }
    let blocks = [
        b"resource \"okta_app_oauth\" \"deep\" {\n".to_vec(),
        nested("b {\n", "", "}\n", 100_000),
        b"}\n".to_vec(),
    ]
    .concat();
    let out = write_case("deep-blocks.tf", blocks);
    assert_eq!(out.rules_in("deep-blocks.tf"), ["parse-error"]);
}

#[test]
fn locals_in_a_cycle_or_doubling_forty_times_end_quickly() {
    let mut text = String::from("locals {\n  a = local.b\n  b = \"${local.a}\"\n  d0 = \"0123456789abcdef\"\n");
    for i in 1..=40 {
        text.push_str(&format!(
            "  d{i} = \"${{local.d{p}}}${{local.d{p}}}\"\n  l{i} = [local.l{p}, local.l{p}]\n",
            p = i - 1
        ));
    }
    text.push_str("  l0 = [local.d0]\n}\n");
    text.push_str(
        "resource \"okta_app_oauth\" \"loop\" {\n  label = local.a\n  redirect_uris = [local.d40]\n  post_logout_redirect_uris = local.l40\n}\n",
    );
    let out = write_case("locals.tf", text.into_bytes());
    assert!(!out.rules_in("locals.tf").contains(&"parse-error"));
    assert!(
        out.json.to_string().len() < 1_000_000,
        "no resolved value is echoed at length"
    );
}

#[test]
fn a_module_of_ten_thousand_files_is_read_within_bounds() {
    let out = lint_beside_good(|dir| {
        for i in 0..10_000 {
            std::fs::write(
                dir.join(format!("v{i:05}.tf")),
                format!("variable \"v{i}\" {{\n  default = \"https://h{i}.example.com\"\n}}\n"),
            )
            .unwrap();
        }
        std::fs::write(
            dir.join("main.tf"),
            "resource \"okta_app_oauth\" \"app\" {\n  type = \"web\"\n  redirect_uris = [\"${var.v9}/cb\"]\n}\n",
        )
        .unwrap();
    });
    assert!(out.json["errors"].as_array().unwrap().is_empty());
}
