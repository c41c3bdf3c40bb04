# mta-sts container image: Debian 12 (bookworm-slim) in both stages, Debian's OpenJDK 17, the launcher
# (bin/mta-sts) as entry point with its class-data archive made at build time, a non-root user.
#
#   docker build -t mta-sts .                       # builds the jar from source (Debian's Maven, JDK 17)
#   docker build --target prebuilt -t mta-sts .     # takes target/mta-sts.jar built beforehand (CI does so)
#
# Run (docs/operations.md#container): the policy listener is 8443 and the HTTP one 8080 inside; publish them
# as 443 and 80:
#   docker run -d --name mta-sts -p 443:8443 -p 80:8080 --read-only --tmpfs /tmp:exec \
#     -e MTA_STS_DOMAIN=example.com -e MTA_STS_MX=mail.example.com -v mta-sts-state:/var/lib/mta-sts mta-sts
# (and MTA_STS_ACME_* for certificates; packaging/container/docker-compose.yml has one domain with ACME).
# Ports, the certificates directory and the admin address are set by MTA_STS_* variables below, not by the
# command, so a command of your own (e.g. `serve --config /etc/mta-sts/other.toml`) keeps them.

FROM debian:bookworm-slim AS source
# The slim image strips man pages; Debian's JDK packages fail to install without /usr/share/man/man1.
RUN mkdir -p /usr/share/man/man1 \
    && apt-get update && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Extra JVM options for Maven, e.g. a trust store where HTTPS to Maven Central goes through a proxy.
ARG MAVEN_OPTS=
COPY pom.xml .
COPY src/main ./src/main
# The Maven repository is a build cache (BuildKit and buildah keep it between builds), not a layer.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -Dmaven.test.skip=true

# Everything but the jar: the JRE, the user, the launcher, the settings.
FROM debian:bookworm-slim AS runtime
RUN mkdir -p /usr/share/man/man1 \
    && apt-get update && apt-get upgrade -y \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 mta-sts \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/mta-sts --shell /usr/sbin/nologin mta-sts \
    && mkdir -p /etc/mta-sts /var/lib/mta-sts/certs \
    && chown -R mta-sts:mta-sts /var/lib/mta-sts && chmod 0700 /var/lib/mta-sts /var/lib/mta-sts/certs
COPY bin/mta-sts /opt/mta-sts/bin/mta-sts
COPY packaging/container/mta-sts.toml /etc/mta-sts/mta-sts.toml
COPY conf/mta-sts.toml /etc/mta-sts/mta-sts.toml.example
# The class-data archive is made once at build time (below) by a warm-up run on loopback; every start maps it.
ENV MTA_STS_JAR=/opt/mta-sts/mta-sts.jar MTA_STS_CDS=/opt/mta-sts/mta-sts.jsa
# Listeners and state as variables (flags override them, they override the config file).
ENV MTA_STS_HTTPS_PORT=8443 MTA_STS_HTTP_PORT=8080 MTA_STS_CERTS_DIR=/var/lib/mta-sts/certs \
    MTA_STS_ADMIN_BIND=127.0.0.1 MTA_STS_ADMIN_PORT=9180
WORKDIR /var/lib/mta-sts
# Config (the image's default serves the domains given in MTA_STS_DOMAIN/MTA_STS_MX) and state (certificates,
# ACME account, renewal status). A host directory mounted on /var/lib/mta-sts must be owned by uid 10001.
VOLUME ["/etc/mta-sts", "/var/lib/mta-sts"]
EXPOSE 8443 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MTA_STS_ADMIN_PORT:-9180} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# The JVM stops on SIGTERM: open connections are closed and the process exits within a few seconds.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/mta-sts/bin/mta-sts"]
CMD ["serve", "--config", "/etc/mta-sts/mta-sts.toml"]

# --target prebuilt: the runtime with target/mta-sts.jar from the build context.
FROM runtime AS prebuilt
COPY target/mta-sts.jar /opt/mta-sts/mta-sts.jar
RUN /opt/mta-sts/bin/mta-sts --version && test -s /opt/mta-sts/mta-sts.jsa && chmod 0644 /opt/mta-sts/mta-sts.jsa
USER mta-sts

# The default: the runtime with the jar built by the source stage.
FROM runtime
COPY --from=source /src/target/mta-sts.jar /opt/mta-sts/mta-sts.jar
RUN /opt/mta-sts/bin/mta-sts --version && test -s /opt/mta-sts/mta-sts.jsa && chmod 0644 /opt/mta-sts/mta-sts.jsa
USER mta-sts
