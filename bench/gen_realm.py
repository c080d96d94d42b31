#!/usr/bin/env python3
"""Generate a Keycloak realm export (RealmRepresentation) with N varied clients.

Usage: gen_realm.py [N] [OUT]   (defaults: 5000, stdout)

The mix is deterministic (seeded) so runs compare: public SPAs, native apps, confidential web apps,
service accounts, and about one client in eight misconfigured (implicit flow, password grant,
wildcard or http redirects, PKCE `plain`, a public client with a secret, ...). The built-in clients
of every export (account, admin-cli, ...) come first, as in a real export.
"""

import json
import random
import sys
import uuid

BUILTINS = [
    ("account", False, ["/realms/bench/account/*"]),
    ("account-console", True, ["/realms/bench/account/*"]),
    ("admin-cli", True, []),
    ("broker", False, []),
    ("realm-management", False, []),
    ("security-admin-console", True, ["/admin/bench/console/*"]),
]


def base(rng, client_id, name):
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128))),
        "clientId": client_id,
        "name": name,
        "enabled": True,
        "protocol": "openid-connect",
        "clientAuthenticatorType": "client-secret",
        "publicClient": False,
        "bearerOnly": False,
        "consentRequired": False,
        "standardFlowEnabled": True,
        "implicitFlowEnabled": False,
        "directAccessGrantsEnabled": False,
        "serviceAccountsEnabled": False,
        "frontchannelLogout": True,
        "fullScopeAllowed": True,
        "redirectUris": [],
        "webOrigins": [],
        "attributes": {},
        "defaultClientScopes": ["web-origins", "acr", "profile", "roles", "email"],
        "optionalClientScopes": ["address", "phone", "offline_access", "microprofile-jwt"],
    }


def spa(rng, i):
    host = f"app{i}.example.com"
    c = base(rng, f"spa-{i}", f"Single-page app {i}")
    c.update(
        publicClient=True,
        rootUrl=f"https://{host}",
        redirectUris=[f"https://{host}/callback", f"https://{host}/silent-renew.html"],
        webOrigins=["+"],
    )
    c["attributes"] = {
        "pkce.code.challenge.method": "S256",
        "post.logout.redirect.uris": f"https://{host}/",
    }
    return c


def native(rng, i):
    c = base(rng, f"mobile-{i}", f"Mobile app {i}")
    c.update(
        publicClient=True,
        redirectUris=[f"com.example.app{i}:/oauth2redirect", "http://127.0.0.1/callback"],
    )
    c["attributes"] = {
        "pkce.code.challenge.method": "S256",
        "oauth2.device.authorization.grant.enabled": str(rng.random() < 0.1).lower(),
    }
    return c


def web(rng, i):
    host = f"portal{i}.example.org"
    c = base(rng, f"web-{i}", f"Web portal {i}")
    c.update(
        secret="**********",
        rootUrl=f"https://{host}",
        baseUrl="/",
        redirectUris=[f"https://{host}/login/oauth2/code/keycloak"],
        webOrigins=[f"https://{host}"],
    )
    c["attributes"] = {
        "pkce.code.challenge.method": rng.choice(["S256", ""]),
        "backchannel.logout.url": f"https://{host}/logout/backchannel",
        "access.token.lifespan": str(rng.choice([300, 600, 900])),
    }
    return c


def service(rng, i):
    c = base(rng, f"svc-{i}", f"Service account {i}")
    c.update(
        standardFlowEnabled=False,
        serviceAccountsEnabled=True,
        clientAuthenticatorType=rng.choice(["client-secret", "client-jwt"]),
    )
    if c["clientAuthenticatorType"] == "client-jwt":
        c["attributes"] = {"use.jwks.url": "true", "jwks.url": f"https://svc{i}.internal.example/jwks"}
    else:
        c["secret"] = "**********"
    return c


def misconfigured(rng, i):
    """One of the mistakes the rules look for, on an otherwise ordinary client."""
    kind = rng.choice(["implicit", "password", "wildcard", "http", "plain-pkce", "public-secret"])
    c = spa(rng, i) if kind in ("implicit", "wildcard", "plain-pkce") else web(rng, i)
    c["clientId"] = f"legacy-{kind}-{i}"
    if kind == "implicit":
        c["implicitFlowEnabled"] = True
    elif kind == "password":
        c["directAccessGrantsEnabled"] = True
    elif kind == "wildcard":
        c["redirectUris"] = ["*"]
        c["webOrigins"] = ["*"]
    elif kind == "http":
        c["redirectUris"] = [f"http://portal{i}.example.org/*"]
    elif kind == "plain-pkce":
        c["attributes"]["pkce.code.challenge.method"] = "plain"
    elif kind == "public-secret":
        c["publicClient"] = True
        c["secret"] = "s3cr3t-value-" + str(i)
    return c


def builtin(rng, client_id, public, redirects):
    c = base(rng, client_id, "${client_" + client_id + "}")
    c.update(publicClient=public, redirectUris=redirects)
    c["attributes"] = {"realm_client": "false" if public else "true"}
    if client_id == "admin-cli":
        c.update(standardFlowEnabled=False, directAccessGrantsEnabled=True)
    if client_id in ("broker", "realm-management"):
        c["bearerOnly"] = True
    return c


def realm(n):
    rng = random.Random(7591)
    clients = [builtin(rng, *b) for b in BUILTINS]
    makers = [spa, native, web, service]
    for i in range(n - len(clients)):
        if rng.random() < 0.125:
            clients.append(misconfigured(rng, i))
        else:
            clients.append(rng.choice(makers)(rng, i))
    return {
        "id": "bench",
        "realm": "bench",
        "enabled": True,
        "sslRequired": "external",
        "accessTokenLifespan": 300,
        "accessTokenLifespanForImplicitFlow": 900,
        "ssoSessionIdleTimeout": 1800,
        "ssoSessionMaxLifespan": 36000,
        "revokeRefreshToken": False,
        "refreshTokenMaxReuse": 0,
        "defaultSignatureAlgorithm": "RS256",
        "clients": clients,
        "clientScopes": [],
        "users": [],
    }


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    out = open(sys.argv[2], "w") if len(sys.argv) > 2 else sys.stdout
    json.dump(realm(n), out, indent=2)
    out.write("\n")


if __name__ == "__main__":
    main()
