# FloorPulse: built once, run compiled. The runtime image holds production dependencies, dist/ (the
# compiled server and shared contract, the web bundle), the few files the server reads at run time
# (server/src/config/app-root.ts, ASSETS), and runs as the unprivileged `node` user. No tsx, no
# TypeScript, no compiler at run time.
#
#   docker build -t floorpulse .                          embedded ClickHouse (the chdb package) or a server
#   docker build --build-arg ENGINE=server -t floorpulse .  CLICKHOUSE_URL only: about 540 MB smaller
#
# ENGINE=server leaves the chdb package out: its libchdb.so (the embedded ClickHouse, ~540 MB) is dead
# weight when FloorPulse talks to a ClickHouse server, as docker-compose.yml does. Such an image
# refuses to start without CLICKHOUSE_URL, naming it (storage/engine/launcher.ts).
#
# The CJK font (fonts-noto-cjk): a zh-CN page is boxes without one. The TV needs it most, and
# deploy/kiosk/setup-kiosk.sh installs it with chromium there (the test machine: scripts/setup-test-deps.sh).
# The image carries it too, so a browser or renderer run from it (a kiosk container, a print-to-PDF of a
# team's /report) draws zh-CN; the server itself draws nothing.
ARG ENGINE=embedded

# 1. Every dependency, for the build.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund

# 2. npm run build: tsc type-checks and compiles the server and shared into dist/, vue-tsc checks the
#    web and Vite bundles it into dist/web. The embedded engine's launcher (a small C program) is
#    compiled here too, into the cache the server looks in, so the runtime needs no C compiler.
FROM deps AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
COPY tsconfig.base.json tsconfig.build.json ./
COPY shared shared
COPY server server
COPY web web
COPY tools tools
RUN npm run build
RUN node -e "import('./dist/server/src/storage/engine/launcher.js').then((m) => m.ensureLauncher('/app', '/app/engine-cache'))"

# 3. Production dependencies only (and, for ENGINE=server, without the embedded ClickHouse).
FROM node:20-bookworm-slim AS prod-deps
ARG ENGINE
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --omit=dev --no-audit --no-fund \
  && if [ "$ENGINE" = "server" ]; then rm -rf node_modules/chdb node_modules/@chdb; fi

# 4. Runtime.
FROM node:20-bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data \
    APP_ROOT=/app \
    ENGINE_CACHE_DIR=/app/engine-cache
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules node_modules
COPY --chown=node:node package.json ./
COPY --from=build --chown=node:node /app/dist dist
COPY --from=build --chown=node:node /app/engine-cache engine-cache
# What the server reads at run time (ASSETS in server/src/config/app-root.ts), nothing else of the sources.
COPY --chown=node:node server/src/storage/migrations server/src/storage/migrations
COPY --chown=node:node server/src/rules/defaults.json server/src/rules/defaults.json
COPY --chown=node:node server/src/me/suggestions.json server/src/me/suggestions.json
COPY --chown=node:node server/src/hooks/mappings server/src/hooks/mappings
COPY --chown=node:node server/src/storage/engine/launcher.c server/src/storage/engine/launcher.c
COPY --chown=node:node deploy/clickhouse/users.d deploy/clickhouse/users.d
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# /healthz: alive (no token, no data). Node's fetch: the slim image has no curl or wget.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form, no npm in between): graceful shutdown flushes and closes ClickHouse.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/server/src/main.js"]
