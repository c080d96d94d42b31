#!/usr/bin/env python3
"""Writes a Terraform module with N client resources into DIR, seeded (the same files every run).

Usage: gen_tf.py N DIR

The module is what a team with many clients keeps: `variables.tf` (hosts as variable defaults),
`locals.tf` (callback paths, a realm), and the clients spread over `clients_NN.tf` files of 100
resources each, in the six provider types oauthlint reads, with references to variables and
locals, templates, a few `for_each` maps, nested blocks, and about one client in eight
misconfigured (implicit flow, `http` or wildcard redirects, a literal secret).
"""

import os
import random
import sys

TYPES = [
    "keycloak_openid_client",
    "okta_app_oauth",
    "auth0_client",
    "aws_cognito_user_pool_client",
    "azuread_application",
    "zitadel_application_oidc",
]


def client(kind, i, rng):
    bad = rng.random() < 0.125
    scheme = "http" if bad else "https"
    host = f"${{var.host_{i % 10}}}"
    uri = f'"{scheme}://{host}/app{i}${{local.callback}}"'
    if kind == "keycloak_openid_client":
        return f'''resource "keycloak_openid_client" "c{i}" {{
  realm_id              = local.realm
  client_id             = "client-{i}"
  access_type           = "{'PUBLIC' if i % 2 else 'CONFIDENTIAL'}"
  standard_flow_enabled = true
  implicit_flow_enabled = {'true' if bad else 'false'}
  valid_redirect_uris   = [{uri}, "https://static.example.com/c{i}/*"]
  web_origins           = ["+"]
}}
'''
    if kind == "okta_app_oauth":
        return f'''resource "okta_app_oauth" "c{i}" {{
  label          = "client {i}"
  type           = "{'browser' if i % 3 else 'web'}"
  grant_types    = [{'"implicit", ' if bad else ''}"authorization_code"]
  response_types = ["code"]
  redirect_uris  = [{uri}]
  pkce_required  = true
}}
'''
    if kind == "auth0_client":
        return f'''resource "auth0_client" "c{i}" {{
  name        = "client-{i}"
  app_type    = "spa"
  grant_types = ["authorization_code", "refresh_token"]
  callbacks   = [{uri}]
  refresh_token {{
    rotation_type   = "rotating"
    expiration_type = "expiring"
  }}
}}
'''
    if kind == "aws_cognito_user_pool_client":
        return f'''resource "aws_cognito_user_pool_client" "c{i}" {{
  name                                 = "client-{i}"
  user_pool_id                         = aws_cognito_user_pool.main.id
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  callback_urls                        = [{uri}]
}}
'''
    if kind == "azuread_application":
        return f'''resource "azuread_application" "c{i}" {{
  display_name = "client-{i}"
  web {{
    redirect_uris = [{uri}]
    implicit_grant {{
      access_token_issuance_enabled = {'true' if bad else 'false'}
    }}
  }}
}}
'''
    return f'''resource "zitadel_application_oidc" "c{i}" {{
  project_id       = zitadel_project.ops.id
  name             = "client-{i}"
  redirect_uris    = [{uri}]
  response_types   = ["OIDC_RESPONSE_TYPE_CODE"]
  grant_types      = ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"]
  app_type         = "OIDC_APP_TYPE_USER_AGENT"
  auth_method_type = "OIDC_AUTH_METHOD_TYPE_NONE"
}}
'''


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(15)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "variables.tf"), "w") as f:
        for h in range(10):
            f.write(f'variable "host_{h}" {{\n  default = "app{h}.example.com"\n}}\n')
    with open(os.path.join(out, "locals.tf"), "w") as f:
        f.write('locals {\n  callback = "/oauth/callback"\n  realm    = "corp"\n}\n')
    per_file = 100
    for start in range(0, n, per_file):
        with open(os.path.join(out, f"clients_{start // per_file:03}.tf"), "w") as f:
            for i in range(start, min(n, start + per_file)):
                f.write(client(TYPES[i % len(TYPES)], i, rng))
                f.write("\n")


if __name__ == "__main__":
    main()
