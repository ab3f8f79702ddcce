# Production-like image of Keel: one image for every Keel process (worker, venue simulator,
# migrations); docker-compose.yml picks the command. Keel runs its TypeScript sources directly
# through tsx, so there is no build stage and the image ships the sources themselves.
# Pinned so that a rebuild cannot silently change Node (the Temporal SDK's native bridge is
# built per Node ABI and glibc).
FROM node:20.20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Manifests before sources: a change to the code alone reuses the cached dependency layer.
COPY package.json package-lock.json ./
# --omit=dev is safe because tsx, the TypeScript loader bin/keel runs through, is a runtime
# dependency; npm ci fails on a lock file out of step with package.json instead of drifting.
RUN npm ci --omit=dev && npm cache clean --force

# One directory per line: a multi-source COPY would flatten the directories' contents into /app.
COPY activities ./activities
COPY bin ./bin
COPY cli ./cli
COPY client ./client
COPY config ./config
COPY contracts ./contracts
COPY domain ./domain
COPY lib ./lib
COPY stack ./stack
COPY store ./store
COPY venue-sim ./venue-sim
COPY venues ./venues
COPY workers ./workers
COPY workflows ./workflows
COPY .temporal-cli-version tsconfig.json ./

# Keel binds to loopback by default (safe on a shared dev machine); in a container a published
# port only reaches a server listening on every interface.
ENV KEEL_BIND_HOST=0.0.0.0

# The publish root of the daily exports belongs to the user Keel runs as; a named volume mounted
# there takes this ownership on first use.
RUN mkdir -p /var/lib/keel/published && chown node:node /var/lib/keel/published

# The sources stay owned by root, so a compromised process cannot rewrite the code it runs.
USER node

# The worker's /healthz (KEEL_HEALTH_PORT).
EXPOSE 8090

# The slim image has no curl; Node's own fetch does the probe. /healthz answers 503 while the
# worker is starting, degraded (Temporal or PostgreSQL unreachable) or draining after SIGTERM.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.KEEL_HEALTH_PORT || '8090') + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Exec form, so the Node process receives SIGTERM itself and drains its workflows in order
# (bin/keel execs node rather than running it as a child).
ENTRYPOINT ["/app/bin/keel"]
CMD ["worker"]
