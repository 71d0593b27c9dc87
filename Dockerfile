# Our processes' image (worker, api, intake: PROCESS_ROLES chooses). Built in one stage with the dev
# dependencies; run from another with production dependencies and dist/ only, as the unprivileged `node`
# user. Run it under an init that forwards signals and reaps orphans: compose sets `init: true`, for
# `docker run` pass `--init`.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production
# As platform/processMemory.ts says: fewer malloc arenas and a smaller young generation hold less memory.
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The outbox folder (when SMTP_URL is unset); a volume mounted here inherits the owner.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# HTTP (staff API, console, /healthz) and inbound SMTP.
EXPOSE 3000 2525
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=4", "dist/bin/start.js"]
