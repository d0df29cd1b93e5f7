# syntax=docker/dockerfile:1
# Shared Context Server image (docs/operations.md, "Deployment recipes"):
#
#   docker build -t shared-context-server .
#   docker run -d --name scs -p 127.0.0.1:23456:23456 -v scs-data:/data --env-file .env \
#       --read-only --tmpfs /tmp shared-context-server
#
# Non-root user, writes only to /data (database, generated keys) and /tmp; the JVM's start-up cache is trained at
# build time. This machine's CI cannot always build it (no Docker daemon): .ci/image-check then runs the same steps
# with the same environment on the host jar.

# --- build: the jar ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q dependency:go-offline || true
COPY src/main/ src/main/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -Dmaven.test.skip=true -Dspring-javaformat.skip=true package
COPY deploy/docker/sqlite-native deploy/docker/sqlite-native
RUN deploy/docker/sqlite-native target/shared-context-server.jar /native

# --- run --------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 scs \
 && useradd --system --uid 10001 --gid scs --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin scs \
 && mkdir -p /data && chown scs:scs /data && chmod 0700 /data
WORKDIR /app
COPY --from=build /src/target/shared-context-server.jar /app/shared-context-server.jar
COPY --from=build /native/ /app/native/
COPY bin/shared-context-server bin/healthcheck /app/bin/
COPY config/ /app/config/

# .ci/image-check reads these ENV lines (one variable each, /app and /data standing for its temp directories)
ENV SCS_JAR=/app/shared-context-server.jar
ENV SCS_AOT_DIR=/app/aot
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Dorg.sqlite.lib.path=/app/native -Dorg.sqlite.lib.name=libsqlitejdbc.so"
ENV HTTP_HOST=0.0.0.0
ENV HTTP_PORT=23456
ENV DATABASE_URL=jdbc:sqlite:/data/shared-context.db
ENV SECRETS_FILE=/data/secrets.properties
ENV AGENT_PERMISSIONS_FILE=/app/config/agent-permissions.yml

# The start-up cache, trained once here (as root, read-only for the server's user): the same JVM, jar and JAVA_OPTS
# at run time find it. Other JAVA_OPTS at run time start without a cache (the launcher says so; it never writes here).
RUN SCS_AOT_TRAIN_ONLY=true SCS_AOT_SECONDS=20 /app/bin/shared-context-server \
 && chmod -R a+rX,go-w /app

USER scs:scs
VOLUME /data
EXPOSE 23456
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 CMD ["/app/bin/healthcheck"]
ENTRYPOINT ["/app/bin/shared-context-server"]
