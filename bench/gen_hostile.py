#!/usr/bin/env python3
"""Inputs that would take quadratic time if a path of oauthlint were quadratic in them.

Usage: gen_hostile.py CASE N OUT_DIR

Writes into OUT_DIR (created) the input of CASE at size N; doubling N doubles the input's bytes.
Cases:
  columns       one JSON line of N clients, each with a non-ASCII description and findings
  suppressions  a YAML list of N clients, each finding under its own suppression comment
  mix-up        N registrations of one config sharing one redirect URI at one issuer
  overrides     N folders of one file each, and a configuration with an `[[overrides]]`
                table for each folder
  ignores       a configuration with N `[[ignore]]` entries, and one file of 8N clients with a
                finding each, the first N of them ignored
  placeholders  a client whose secret and redirect URIs are runs of N placeholder openers (`${`,
                `_A`, `<a`, `%A`) that never close, and one of N/10 `A_TBD` under a configured
                `NAME_TBD` pattern
  lists         one client with N plain-http redirect URIs and N token-bearing response types:
                a finding with a fix for each
  fixes         N Keycloak clients with the implicit flow, each with a fix, on one line
  yaml-stream   a YAML stream of N Hydra OAuth2Client documents with the implicit grant, each
                finding with a fix
  registrations a Spring Boot `application.properties` of N client registrations, each with a
                plain-http redirect URI and a fix
  policies      a Keycloak realm of N client profiles and N client policies, each naming a profile
                that does not enforce PKCE
  scopes        a Keycloak realm of N clients that list no client scopes, and realm default scope
                lists of N scopes each
  wide-realm    a Keycloak realm object of N clients beside N keys that Keycloak does not read
                (still quadratic: see bench/README.md)
  tenant        an Auth0 deploy-cli tenant file of N resource servers, N clients and N client
                grants
  terraform     one `.tf` file of N `auth0_client` resources and N `auth0_client_grant`
                resources, each grant referring to its client
The linter is run on OUT_DIR (see quadratic.sh); every case is deterministic.
"""
import json
import os
import sys


def columns(n, out):
    clients = [
        {
            "client_id": f"c{i}",
            "description": "caf\u00e9 \u2713 " * 8,
            "redirect_uris": [f"http://app{i}.example.com/cb"],
            "grant_types": ["implicit"],
            "response_types": ["token"],
            "token_endpoint_auth_method": "none",
        }
        for i in range(n)
    ]
    with open(os.path.join(out, "minified.json"), "w", encoding="utf-8") as f:
        json.dump({"clients": clients}, f, ensure_ascii=False, separators=(",", ":"))


def suppressions(n, out):
    lines = ["clients:"]
    for i in range(n):
        lines += [
            f"  - client_id: c{i}",
            "    token_endpoint_auth_method: none",
            "    grant_types: [authorization_code]",
            "    redirect_uris:",
            "      # oauthlint: ignore[redirect-uri-http] a local test server",
            f"      - http://app{i}.example.com/cb",
        ]
    with open(os.path.join(out, "clients.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def mix_up(n, out):
    clients = [
        {
            "client_id": f"c{i}",
            "issuer": "https://accounts.example.com",
            "token_endpoint_auth_method": "private_key_jwt",
            "grant_types": ["authorization_code"],
            "redirect_uris": ["https://app.example.com/cb"],
        }
        for i in range(n)
    ]
    with open(os.path.join(out, "registrations.json"), "w") as f:
        json.dump({"clients": clients}, f, indent=1)


def http_client(i):
    """A public client whose redirect URI is plain http: one `redirect-uri-http` finding."""
    return {
        "client_id": f"c{i}",
        "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code"],
        "redirect_uris": [f"http://app{i}.example.com/cb"],
    }


def write_config(out, tables):
    with open(os.path.join(out, ".oauthlint.toml"), "w") as f:
        f.write("\n".join(tables))


def overrides(n, out):
    table = '[[overrides]]\nfiles = ["team{}/**"]\nrules = {{ redirect-uri-http = {{ enabled = false }} }}\n'
    write_config(out, [table.format(i) for i in range(n)])
    for i in range(n):
        os.makedirs(os.path.join(out, f"team{i}"), exist_ok=True)
        with open(os.path.join(out, f"team{i}", "client.json"), "w") as f:
            json.dump(http_client(i), f)


def ignores(n, out):
    # Short entries: a configuration may have 1 MiB.
    entry = '[[ignore]]\nfiles=["c.json"]\npointer="/clients/{}"\nrules=["redirect-uri-http"]\nreason="x"\n'
    write_config(out, [entry.format(i) for i in range(n)])
    clients = [http_client(i) for i in range(8 * n)]
    with open(os.path.join(out, "c.json"), "w") as f:
        json.dump({"clients": clients}, f)


def placeholders(n, out):
    write_config(out, ['placeholders = ["NAME_TBD"]\n'])
    runs = ["${" * n, "_A" * n, "<a" * n, "%A" * n, "A_TBD" * (n // 10)]
    client = {
        "client_id": "c",
        "client_secret": runs[0],
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": ["authorization_code"],
        "redirect_uris": [f"https://app.example.com/{run}" for run in runs],
    }
    with open(os.path.join(out, "client.json"), "w") as f:
        json.dump(client, f)


def lists(n, out):
    client = {
        "client_id": "c",
        "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code", "implicit"],
        "response_types": ["code"] + ["code token"] * n,
        "redirect_uris": [f"http://app{i}.example.com/cb" for i in range(n)],
    }
    with open(os.path.join(out, "client.json"), "w") as f:
        json.dump(client, f, indent=1)


def fixes(n, out):
    clients = [
        {
            "clientId": f"c{i}",
            "publicClient": True,
            "implicitFlowEnabled": True,
            "redirectUris": [f"https://app{i}.example.com/*"],
        }
        for i in range(n)
    ]
    with open(os.path.join(out, "realm.json"), "w") as f:
        json.dump({"realm": "r", "clients": clients}, f)


def yaml_stream(n, out):
    doc = """apiVersion: hydra.ory.sh/v1alpha1
kind: OAuth2Client
metadata:
  name: c{i}
spec:
  grantTypes: [implicit]
  responseTypes: [token]
  redirectUris: [https://app{i}.example.com/callback]
  tokenEndpointAuthMethod: none
"""
    with open(os.path.join(out, "clients.yaml"), "w") as f:
        f.write("---\n".join(doc.format(i=i) for i in range(n)))


def write_each(out, name, n, item):
    """Writes item(i) for each i below n, one after the other, into the file `name` of `out`."""
    with open(os.path.join(out, name), "w") as f:
        f.writelines(item(i) for i in range(n))


def registrations(n, out):
    prefix = "spring.security.oauth2.client.registration"
    write_each(
        out,
        "application.properties",
        n,
        lambda i: f"{prefix}.r{i}.client-id=c{i}\n"
        f"{prefix}.r{i}.authorization-grant-type=authorization_code\n"
        f"{prefix}.r{i}.redirect-uri=http://app{i}.example.com/cb\n",
    )


def policies(n, out):
    realm = {
        "realm": "r",
        "clients": [{"clientId": "spa", "publicClient": True, "redirectUris": ["https://app.example.com/cb"]}],
        "clientProfiles": {"profiles": [{"name": f"p{i}", "executors": [{"executor": "secure-session"}]} for i in range(n)]},
        "clientPolicies": {"policies": [{"name": f"q{i}", "enabled": True, "profiles": [f"p{n - 1 - i}"]} for i in range(n)]},
    }
    with open(os.path.join(out, "realm.json"), "w") as f:
        json.dump(realm, f)


def scopes(n, out):
    realm = {
        "realm": "r",
        "clients": [
            {"clientId": f"c{i}", "publicClient": True, "redirectUris": [f"https://app{i}.example.com/cb"]}
            for i in range(n)
        ],
        "defaultDefaultClientScopes": [f"scope{i}" for i in range(n)],
        "defaultOptionalClientScopes": [f"optional{i}" for i in range(n)],
    }
    with open(os.path.join(out, "realm.json"), "w") as f:
        json.dump(realm, f)


def wide_realm(n, out):
    realm = {"realm": "r"}
    realm.update({f"unread{i}": i for i in range(n)})
    realm["clients"] = [
        {"clientId": f"c{i}", "publicClient": True, "redirectUris": [f"https://app{i}.example.com/cb"]} for i in range(n)
    ]
    with open(os.path.join(out, "realm.json"), "w") as f:
        json.dump(realm, f)


def tenant(n, out):
    apis = "".join(f"  - name: API {i}\n    identifier: https://api{i}.example.com\n    token_lifetime: 86400\n" for i in range(n))
    clients = "".join(
        f"  - name: C{i}\n    app_type: non_interactive\n    grant_types: [client_credentials]\n"
        "    token_endpoint_auth_method: client_secret_post\n"
        for i in range(n)
    )
    grants = "".join(f"  - client_id: C{i}\n    audience: https://api{i}.example.com\n    scope: [read]\n" for i in range(n))
    with open(os.path.join(out, "tenant.yaml"), "w") as f:
        f.write(f"resourceServers:\n{apis}clients:\n{clients}clientGrants:\n{grants}")


def terraform(n, out):
    write_each(
        out,
        "clients.tf",
        n,
        lambda i: f'resource "auth0_client" "c{i}" {{\n'
        f'  name        = "client-{i}"\n'
        '  app_type    = "non_interactive"\n'
        '  grant_types = ["client_credentials"]\n'
        "}\n"
        f'resource "auth0_client_grant" "g{i}" {{\n'
        f"  client_id = auth0_client.c{i}.id\n"
        f'  audience  = "https://api{i}.example.com"\n'
        '  scopes    = ["read"]\n'
        "}\n",
    )


CASES = {
    "columns": columns,
    "suppressions": suppressions,
    "mix-up": mix_up,
    "overrides": overrides,
    "ignores": ignores,
    "placeholders": placeholders,
    "lists": lists,
    "fixes": fixes,
    "yaml-stream": yaml_stream,
    "registrations": registrations,
    "policies": policies,
    "scopes": scopes,
    "wide-realm": wide_realm,
    "tenant": tenant,
    "terraform": terraform,
}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in CASES:
        sys.exit(__doc__)
    case, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    CASES[case](n, out)
