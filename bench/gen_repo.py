#!/usr/bin/env python3
"""Generate a repository of N files (default 100,000), of which a few are OAuth client files.

Usage: gen_repo.py [N] OUT_DIR

Seeded, so every run writes the same tree. The mix, in shares of N:

- 70% source files (.rs .py .js .ts .go .java), one in a hundred mentioning `client_id` as OAuth
  code does;
- 20% JSON, YAML and TOML that are not client registrations (package manifests, CI, Kubernetes,
  tsconfig, Cargo.toml), one in fifty mentioning `clientId` or `client_id` in passing;
- 2% client files: RFC 7591 registrations, Keycloak clients, Dex `staticClients`, Spring
  `application.yml`, Auth0 applications;
- 8% other text (Markdown, `.txt`, `.lock`);
- a `node_modules/` of N/10 files (JavaScript and package manifests, counted in the shares above)
  that the tree's `.gitignore` keeps out.

Folders hold about 25 files each, three to five levels deep, as a monorepo's do.
"""

import json
import os
import random
import sys

WORDS = (
    "alpha beta gamma delta value index count buffer stream handler request response config "
    "session token cache store event queue worker result error parse render update fetch"
).split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def source(rng, ext, oauth):
    lines = []
    for i in range(rng.randint(30, 120)):
        name = rng.choice(WORDS) + str(i)
        if ext == ".py":
            lines.append(f"def {name}(x):\n    return x + {i}  # {words(rng, 4)}")
        elif ext == ".go":
            lines.append(f"func {name}(x int) int {{ return x + {i} }} // {words(rng, 4)}")
        elif ext == ".rs":
            lines.append(f"fn {name}(x: u32) -> u32 {{ x + {i} }} // {words(rng, 4)}")
        else:
            lines.append(f"function {name}(x) {{ return x + {i}; }} // {words(rng, 4)}")
    if oauth:
        lines.insert(len(lines) // 2, 'const params = { client_id: process.env.CLIENT_ID, scope: "openid" };')
    return "\n".join(lines) + "\n"


def config(rng, kind, mention):
    extra = {"clientId": "telemetry"} if mention else {}
    if kind == "package.json":
        return json.dumps(
            {"name": f"pkg-{rng.randrange(10**6)}", "version": "1.0.0", "dependencies": {w: "^1.0.0" for w in rng.sample(WORDS, 5)}, **extra},
            indent=2,
        )
    if kind == "tsconfig.json":
        return json.dumps({"compilerOptions": {"strict": True, "target": "es2022"}, "include": ["src"], **extra}, indent=2)
    if kind == ".json":
        return json.dumps({w: [rng.randrange(1000) for _ in range(5)] for w in rng.sample(WORDS, 8)} | extra, indent=2)
    if kind == ".yaml":
        body = "".join(f"  {w}: {rng.randrange(1000)}\n" for w in rng.sample(WORDS, 8))
        return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {rng.choice(WORDS)}\ndata:\n{body}" + (
            "  client_id: telemetry\n" if mention else ""
        )
    body = "".join(f'{w} = "{rng.randrange(1000)}"\n' for w in rng.sample(WORDS, 8))
    return f"[package]\nname = \"{rng.choice(WORDS)}\"\n\n[settings]\n{body}" + ('client_id = "x"\n' if mention else "")


def client(rng, i):
    kind = i % 5
    uri = rng.choice(["https://app.example.com/callback", "http://app.example.com/cb", "https://*.example.com/cb"])
    if kind == 0:
        return "client-metadata.json", json.dumps(
            {"client_name": f"app {i}", "redirect_uris": [uri], "grant_types": ["authorization_code"], "token_endpoint_auth_method": "none"},
            indent=2,
        )
    if kind == 1:
        return "keycloak-client.json", json.dumps(
            {"clientId": f"app-{i}", "publicClient": rng.random() < 0.5, "redirectUris": [uri], "standardFlowEnabled": True,
             "implicitFlowEnabled": rng.random() < 0.2},
            indent=2,
        )
    if kind == 2:
        return "dex.yaml", f"staticClients:\n  - id: app-{i}\n    name: App {i}\n    redirectURIs:\n      - {uri}\n    public: true\n"
    if kind == 3:
        return "application.yml", (
            "spring:\n  security:\n    oauth2:\n      client:\n        registration:\n"
            f"          app{i}:\n            client-id: app-{i}\n            authorization-grant-type: authorization_code\n"
            f"            redirect-uri: {uri}\n"
        )
    return "auth0-client.json", json.dumps(
        {"name": f"app {i}", "app_type": "spa", "callbacks": [uri], "grant_types": ["authorization_code", "implicit"]}, indent=2
    )


def main():
    args = sys.argv[1:]
    if len(args) not in (1, 2):
        sys.exit(__doc__)
    n = int(args[0]) if len(args) == 2 else 100_000
    out = args[-1]
    rng = random.Random(14)
    ignored = n // 10
    shares = {"source": n * 70 // 100, "config": n * 20 // 100, "client": n * 2 // 100}
    shares["other"] = n - sum(shares.values())
    # node_modules: JavaScript and manifests, taken from the source and config shares.
    node_js, node_manifests = ignored * 7 // 10, ignored - ignored * 7 // 10
    files = []  # (relative path, text)
    for p in range(node_manifests):
        pkg = f"node_modules/pkg{p}"
        files.append((f"{pkg}/package.json", config(rng, "package.json", False)))
    for j in range(node_js):
        files.append((f"node_modules/pkg{j % max(node_manifests, 1)}/lib/f{j}.js", source(rng, ".js", rng.random() < 0.01)))
    src_exts = [".rs", ".py", ".js", ".ts", ".go", ".java"]
    kinds = []
    kinds += [("source", None)] * (shares["source"] - node_js)
    kinds += [("config", None)] * (shares["config"] - node_manifests)
    kinds += [("client", None)] * shares["client"]
    kinds += [("other", None)] * shares["other"]
    rng.shuffle(kinds)
    folders = sorted(
        {
            "/".join(f"{rng.choice(['svc', 'lib', 'pkg', 'app', 'mod'])}{rng.randrange(6)}" for _ in range(rng.randint(2, 4)))
            for _ in range(max(len(kinds) // 25, 1))
        }
    )
    for i, (kind, _) in enumerate(kinds):
        folder = rng.choice(folders)
        if kind == "source":
            ext = rng.choice(src_exts)
            files.append((f"{folder}/f{i}{ext}", source(rng, ext, rng.random() < 0.01)))
        elif kind == "config":
            k = rng.choice(["package.json", "tsconfig.json", ".json", ".yaml", ".toml"])
            # Manifests have fixed names, so each gets a folder of its own, as a package does.
            name = f"{i}/{k}" if k in ("package.json", "tsconfig.json") else f"c{i}{k}"
            files.append((f"{folder}/{name}", config(rng, k, rng.random() < 0.02)))
        elif kind == "client":
            name, text = client(rng, i)
            files.append((f"{folder}/{i}/{name}", text))
        else:
            ext = rng.choice([".md", ".txt", ".lock"])
            files.append((f"{folder}/n{i}{ext}", words(rng, rng.randint(50, 300)) + "\n"))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, ".gitignore"), "w") as f:
        f.write("node_modules/\n")
    made = set()
    for rel, text in files:
        path = os.path.join(out, rel)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "w") as f:
            f.write(text)
    print(f"{out}: {len(files)} files ({shares['client']} client files, {ignored} in the ignored node_modules/)", file=sys.stderr)


if __name__ == "__main__":
    main()
