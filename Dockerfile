# Multi-stage build: Maven builds the jar, a JRE image runs it as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/mta-sts mta-sts \
    && mkdir -p /etc/mta-sts /var/lib/mta-sts/certs \
    && chown -R mta-sts:mta-sts /var/lib/mta-sts && chmod 0700 /var/lib/mta-sts/certs
COPY --from=build /src/target/mta-sts.jar /opt/mta-sts/mta-sts.jar
COPY bin/mta-sts /opt/mta-sts/bin/mta-sts
# The launcher's class-data archive, made once at build time by a warm-up run on loopback (faster start).
ENV MTA_STS_JAR=/opt/mta-sts/mta-sts.jar MTA_STS_CDS=/opt/mta-sts/mta-sts.jsa
RUN /opt/mta-sts/bin/mta-sts --version && test -s /opt/mta-sts/mta-sts.jsa && chmod 0644 /opt/mta-sts/mta-sts.jsa
COPY conf/mta-sts.toml /etc/mta-sts/mta-sts.toml.example
USER mta-sts
WORKDIR /var/lib/mta-sts
# The container listens on 8443/8080 as a non-root user; publish them as 443/80:
#   docker run -p 443:8443 -p 80:8080 -v /etc/mta-sts:/etc/mta-sts:ro -v mta-sts-certs:/var/lib/mta-sts/certs IMAGE \
#     serve --config /etc/mta-sts/mta-sts.toml
# (or keep 443/80 inside: Docker 20.10+ sets net.ipv4.ip_unprivileged_port_start=0 in the container, so
# the non-root user may bind them without any capability; --cap-add NET_BIND_SERVICE alone does not
# help a non-root USER, as Docker grants no ambient capabilities).
# A host directory mounted on /var/lib/mta-sts/certs must be owned by uid 10001 and mode 0700.
VOLUME ["/var/lib/mta-sts/certs"]
EXPOSE 8443 8080
# JVM settings: see bin/mta-sts (MTA_STS_HEAP, MTA_STS_COMPILER, MTA_STS_JAVA_OPTS override them).
ENTRYPOINT ["/opt/mta-sts/bin/mta-sts"]
CMD ["serve", "--https-port", "8443", "--http-port", "8080", "--certs-dir", "/var/lib/mta-sts/certs", \
     "--admin-bind", "127.0.0.1", "--config", "/etc/mta-sts/mta-sts.toml"]
