# syntax=docker/dockerfile:1
# Build stage: the same Maven build as the README, without tests (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
COPY templates templates
COPY static static
RUN mvn -B -ntp -q -DskipTests package

# Run stage: JRE only, a non-root user, data in a volume, configuration by environment.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 mfa \
 && useradd --system --uid 10001 --gid mfa --home-dir /app --shell /usr/sbin/nologin mfa \
 && mkdir -p /data && chown mfa:mfa /data
WORKDIR /app
COPY --from=build /src/target/mfa-enroll.jar /src/target/mfa-enroll /app/
# The class-data sharing archive (/app/mfa-enroll.jsa): a training run of serve --demo on a throwaway data directory,
# stopped once ready; the JVM writes the classes it loaded. Made here, after the COPY, because Java 17 uses it only
# with the same jar at the same path with the same modification time. Commands start 25-45 % faster with it
# (README "Benchmarks"); the launcher fails this build if the JVM cannot use the archive it wrote.
RUN /app/mfa-enroll --make-cds-archive
USER 10001:10001
# MALLOC_ARENA_MAX: glibc gives each thread that allocates natively an arena of its own; two are plenty here.
ENV MFA_DATA_DIR=/data \
    MFA_BIND_ADDRESS=0.0.0.0 \
    MFA_PORT=8080 \
    MALLOC_ARENA_MAX=2
VOLUME ["/data"]
EXPOSE 8080
# The jar checks its own /healthz (at MFA_BIND_ADDRESS, or loopback when that is 0.0.0.0, and MFA_PORT: set the port
# with MFA_PORT here, not with serve --port, or the check calls the wrong one), so the image needs no
# curl or wget. It prints nothing while healthy. JVM options are on the command lines, not in JAVA_TOOL_OPTIONS,
# which makes every java process (this check every 30 s, each docker exec) print "Picked up JAVA_TOOL_OPTIONS".
# -Xlog:cds=off: an archive the JVM cannot use is skipped without a word (nothing but the command's output on stdout).
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["java", "-XX:SharedArchiveFile=/app/mfa-enroll.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", \
       "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/app/mfa-enroll.jar", "healthcheck"]
# The first administrator: docker exec -it CONTAINER java -jar /app/mfa-enroll.jar helpdesk add NAME --admin
# Memory (README "Benchmarks"): Serial GC (one core or two, a heap under 100 MB: no GC threads, the smallest
# footprint), a heap that starts at 16 MB and stops at 64 MB (three times the live set) with an 8 MB young
# generation, given back after each full GC down to 30 % free in one step (-XX:-ShrinkHeapInSteps: otherwise the
# garbage of start-up keeps some 15 MB of heap resident for good), 512 KB thread stacks, the C1 compiler only (a
# smaller code cache and no C2 compiler threads; the app waits on IAM and the database, not on the CPU).
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/mfa-enroll.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", \
            "-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-Xmn8m", "-XX:MinHeapFreeRatio=10", \
            "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps", "-Xss512k", "-XX:TieredStopAtLevel=1", \
            "-XX:ReservedCodeCacheSize=32m", "-jar", "/app/mfa-enroll.jar"]
CMD ["serve"]
