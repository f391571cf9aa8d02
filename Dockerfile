# Production-like image: the jar plus the process owners' folders (bpmn/, forms/, knowledge/), which stay editable files.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml mvnw ./
COPY .mvn .mvn
RUN ./mvnw -q -B dependency:go-offline
COPY src src
RUN ./mvnw -q -B package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/asyncdesk-*.jar /app/asyncdesk.jar
COPY bpmn /app/bpmn
COPY forms /app/forms
COPY knowledge /app/knowledge
ENV ASYNCDESK_DEPLOYMENT_PATH=/app
# No demo users in the image (profile "demo" is for ./mvnw spring-boot:run only). Give the first administrator with
# CAMUNDA_BPM_ADMINUSER_ID / CAMUNDA_BPM_ADMINUSER_PASSWORD: without a member of camunda-admin the start is refused.
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/asyncdesk.jar"]
