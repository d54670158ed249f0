# syntax=docker/dockerfile:1
# Build stage: full install (TypeScript is a dev dependency), compile, then drop dev deps.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first so source edits reuse this layer; the root prepare (tsc) needs src/, so it waits.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
# rebuild runs the dependencies' install scripts skipped above (native add-ons such as ssh2's).
RUN npm rebuild && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/dist ./dist
# The code stays root-owned and read-only to the process; only the state folder is writable.
RUN mkdir -p /etc/airlock /app/.airlock && chown node:node /app/.airlock
USER node
EXPOSE 8080 15432
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/airlock.js"]
CMD ["start", "-c", "/etc/airlock/airlock.yaml"]
