# syntax=docker/dockerfile:1
# Build stage: compiles TypeScript and the native SQLite binding.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# npm ci installs exactly the committed lockfile (its `prepare` script compiles src/).
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

# Runtime stage: compiled code and production dependencies only, run as the unprivileged "node" user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    NEWSWATCH_CONFIG=/app/config/newswatch.yaml \
    NEWSWATCH_DATA_DIR=/app/data \
    PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
# Mount your own config over /app/config. A single-machine run keeps its state in /app/data: mount a named volume
# there (docker-compose.yml does for the scheduler); workers on Redis keep nothing on disk, so no volume is declared.
EXPOSE 3000
# /healthz answers 200 while the process runs; the image has no curl, so Node's fetch asks it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["run"]
