# FloorPulse: a multi-stage build. The runtime image holds production dependencies only (tsx runs the
# TypeScript server as `npm run start:prod` does), the built web, and runs as the unprivileged `node` user.

# 1. Every dependency, for the web build.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund

# 2. The web pages (web/dist).
FROM deps AS web
COPY tsconfig.base.json ./
COPY shared shared
COPY web web
RUN npm run build:web

# 3. Production dependencies only.
FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --omit=dev --no-audit --no-fund

# 4. Runtime.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules node_modules
COPY --chown=node:node package.json tsconfig.base.json ./
COPY --chown=node:node shared shared
COPY --chown=node:node server server
COPY --chown=node:node tools tools
COPY --from=web --chown=node:node /app/web/dist web/dist
COPY --chown=node:node web/package.json web/package.json
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# /healthz: alive (no token, no data). Node's fetch: the slim image has no curl or wget.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form, no npm in between): graceful shutdown flushes and closes ClickHouse.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "server/src/main.ts"]
