# syntax=docker/dockerfile:1
# One image with every renfort binary; a container's command picks the binary. Built on the
# same Debian release, with the same packages, as scripts/setup, so the image runs the code CI
# tested. tools/k8s-check checks this file against scripts/setup, the CMake targets, the
# libraries the binaries link and the Kubernetes manifests (ctest -L k8s).
#
#   docker build -t ghcr.io/renfort/renfort:0.1.0 .
#   docker run --rm ghcr.io/renfort/renfort:0.1.0 renfort-migrate --help
#
# Pin the base image by digest in your registry mirror (debian:bookworm-slim@sha256:...) for
# reproducible builds.
ARG DEBIAN_IMAGE=debian:bookworm-slim

# --- build ---------------------------------------------------------------------------------
FROM ${DEBIAN_IMAGE} AS build
# scripts/setup's PACKAGES, less those only the tests use (PostgreSQL and Redis servers, Python
# clients, Chromium). GoogleTest and libpng stay: the top-level CMakeLists.txt configures the
# tests too.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake ninja-build g++ ccache pkg-config \
      libgrpc++-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
      libabsl-dev libhiredis-dev libpqxx-dev libre2-dev libc-ares-dev libssl-dev openssl \
      libjwt-dev nlohmann-json3-dev libfccp-dev prometheus-cpp-dev libical-dev \
      libgtest-dev libgmock-dev libs2-dev liblemon-dev libbenchmark-dev libpng-dev \
 && rm -rf /var/lib/apt/lists/*

# The binaries the image ships: the three services, the all-in-one server, the migrator, the
# daily jobs and the command-line client. Every name must be a CMake executable target.
ARG RENFORT_BINARIES="renfort renfort-missions renfort-volunteers renfort-matching \
renfort-migrate renfort-retention renfort-mission-jobs renfortctl"

WORKDIR /src
COPY . .
# Executables land in /out/bin whatever their source directory; debug sections are stripped
# (symbols stay, for readable stack traces). ccache keeps objects between builds.
RUN --mount=type=cache,target=/root/.cache/ccache \
    cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_RUNTIME_OUTPUT_DIRECTORY=/out/bin \
 && cmake --build /build --target ${RENFORT_BINARIES} \
 && strip --strip-debug /out/bin/*

# --- runtime -------------------------------------------------------------------------------
FROM ${DEBIAN_IMAGE} AS runtime
# The shared libraries the binaries link (each package brings its own dependencies: libpq5,
# libre2-9, libc-ares2, libcivetweb1...), CA certificates for TLS to PostgreSQL, and tzdata:
# départements overseas are not Paris time, and absl::LoadTimeZone reads /usr/share/zoneinfo.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libabsl20220623 libgrpc++1.51 libgrpc29 libprotobuf32 libpqxx-6.4 libhiredis0.14 \
      libjwt0 libssl3 libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libical3 libs2-0 libstdc++6 \
      ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged identity: the manifests run as 10001:10001 (runAsUser/runAsGroup).
RUN groupadd --gid 10001 renfort \
 && useradd --uid 10001 --gid renfort --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin renfort

COPY --from=build /out/bin/ /usr/local/bin/
# The reference communes the migration Job loads (renfort-migrate --communes_csv=...).
COPY data/communes.csv /opt/renfort/data/communes.csv

# Inside a container the loopback default would hide the server; the manifests set it too.
ENV RENFORT_HOST=0.0.0.0
USER 10001:10001
# No init process is needed: the servers handle SIGTERM/SIGINT/SIGHUP themselves (sigwait on
# blocked signals, which the kernel delivers to PID 1) and start no child processes.
CMD ["/usr/local/bin/renfort"]
