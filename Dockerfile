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
COPY --from=build /src/target/mfa-enroll.jar /app/mfa-enroll.jar
USER 10001:10001
ENV MFA_DATA_DIR=/data \
    MFA_BIND_ADDRESS=0.0.0.0 \
    MFA_PORT=8080
VOLUME ["/data"]
EXPOSE 8080
# The jar checks its own /healthz (at MFA_BIND_ADDRESS, or loopback when that is 0.0.0.0, and MFA_PORT: set the port
# with MFA_PORT here, not with serve --port, or the check calls the wrong one), so the image needs no
# curl or wget. It prints nothing while healthy. JVM options are on the command lines, not in JAVA_TOOL_OPTIONS,
# which makes every java process (this check every 30 s, each docker exec) print "Picked up JAVA_TOOL_OPTIONS".
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/app/mfa-enroll.jar", "healthcheck"]
# The first administrator: docker exec -it CONTAINER java -jar /app/mfa-enroll.jar helpdesk add NAME --admin
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/mfa-enroll.jar"]
CMD ["serve"]
