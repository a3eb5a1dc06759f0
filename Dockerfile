# syntax=docker/dockerfile:1
# Build stage: compiles TypeScript and the native SQLite binding.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# npm install (not ci): some npm releases refuse lockfiles that omit other platforms' optional packages.
RUN npm install --no-audit --no-fund && npm prune --omit=dev

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
# Mount your own config over /app/config and keep state in a volume at /app/data.
VOLUME ["/app/data"]
EXPOSE 3000
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["run"]
