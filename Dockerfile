# syntax=docker/dockerfile:1.7
# The production image of the signaling server: built from source in a throw-away stage, run as a JRE-only,
# non-root image. Build and push it with, for example:
#   docker build -t registry.example.com/signaling-server:0.1.0 . && docker push registry.example.com/signaling-server:0.1.0
# (No Docker engine runs on the development machines of this project, so this file is not built in CI; the
# chart and manifests are checked by rendering them and by running the jar with the environment they give.)
# Pin both base images by digest in your registry mirror for reproducible builds.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first: this layer is reused as long as pom.xml does not change.
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q dependency:go-offline
COPY src ./src
# Tests need HAProxy and Chromium and run in CI (.ci/run); the image build only packages.
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
# A fixed numeric user, so Kubernetes can check runAsNonRoot without reading /etc/passwd.
RUN groupadd --system --gid 10001 signaling \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin signaling
WORKDIR /app
COPY --from=build --chown=0:0 /src/target/signaling-server.jar /app/signaling-server.jar
USER 10001:10001
# signaling (HTTP long-poll), management (health, metrics), Hazelcast member, clustered event bus
EXPOSE 8888 8889 5701 5801
# Heap from the container's memory limit; the rest is left to direct buffers, metaspace and the kernel's
# socket buffers. No perf data file, so the root filesystem can be read-only. G1 named, since under 1792 MB the
# JVM would pick Serial, whose full pauses stop every connection (G1 against ZGC: loadtest/gc-pauses, README).
# Overridden by the chart.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=55 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -XX:+UseG1GC"
ENTRYPOINT ["java", "-jar", "/app/signaling-server.jar"]
