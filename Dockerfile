# syntax=docker/dockerfile:1
# oauthlint in a container: a static (musl) binary on an empty base image, run as a non-root user.
#
#   docker build -t oauthlint .
#   docker run --rm -v "$PWD:/src" oauthlint .            # lints the current folder
#
# The linter needs nothing at run time (no network, no shell, no CA certificates), so the final
# image holds the binary alone. /src is the working folder: mount the repository there.

FROM rust:1-alpine AS build
# musl-dev and gcc: mimalloc's C sources; Rust links musl binaries statically by default.
RUN apk add --no-cache musl-dev gcc
WORKDIR /build
COPY . .
RUN cargo build --release --locked \
    && cp target/release/oauthlint /oauthlint \
    && /oauthlint --version

FROM scratch
COPY --from=build /oauthlint /usr/local/bin/oauthlint
COPY --from=build /build/LICENSE-MIT /build/LICENSE-APACHE /usr/share/doc/oauthlint/
# An unprivileged user id: the image has no /etc/passwd to name one.
USER 65532:65532
ENV PATH=/usr/local/bin
WORKDIR /src
ENTRYPOINT ["oauthlint"]
