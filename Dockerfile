# Multi-stage: build on Debian 12 with the -dev packages, run on a slim image with
# only the runtime libraries, as a non-root user.
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc make libc6-dev pkg-config \
      libcivetweb-dev libcjson-dev libhiredis-dev libmariadb-dev libjwt-dev libssl-dev libargon2-dev libicu-dev \
      libpango1.0-dev libcairo2-dev libqrencode-dev libxlsxwriter-dev libyaml-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY include include
COPY service service
RUN make all

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libcivetweb1 libcjson1 libhiredis0.14 \
      libmariadb3 libjwt0 libssl3 libargon2-1 libicu72 curl ca-certificates \
      libpango-1.0-0 libpangocairo-1.0-0 libcairo2 libqrencode4 fonts-noto-cjk libxlsxwriter4 libyaml-0-2 zlib1g \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 --no-create-home yinhui
COPY --from=build /src/build/yinhui /usr/local/bin/yinhui
COPY sql /usr/share/yinhui/sql
COPY api/openapi.yaml /usr/share/yinhui/api/openapi.yaml
ENV YH_SQL_DIR=/usr/share/yinhui/sql YH_OPENAPI_PATH=/usr/share/yinhui/api/openapi.yaml YH_LISTEN=0.0.0.0:8080
USER yinhui
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=2s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/yinhui"]
CMD ["serve"]
