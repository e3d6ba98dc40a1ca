# syntax=docker/dockerfile:1
# Build: docker build -t orfix .
# Run:   docker run -p 8080:8080 -v orfix-data:/data -e DISCORD_BOT_TOKEN=... orfix

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/orfix ./cmd/orfix \
 && mkdir -p /out/data/kb

# distroless/static has CA certificates and a non-root user, and nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orfix /orfix
COPY --from=build --chown=nonroot:nonroot /out/data /data
COPY config.example.yaml /etc/orfix/config.example.yaml
USER nonroot:nonroot
# /data holds the SQLite statistics file and, in /data/kb, extra
# knowledge-base entries (set ORFIX_KB_DIR=/data/kb to load and watch them).
VOLUME ["/data"]
ENV ORFIX_HTTP_ADDR=0.0.0.0:8080 \
    ORFIX_STORE_PATH=/data/orfix.db
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 CMD ["/orfix", "healthcheck"]
ENTRYPOINT ["/orfix"]
CMD ["serve"]
