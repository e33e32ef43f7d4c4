# syntax=docker/dockerfile:1
# The kn-ts component image: one image, one process per container, the component chosen by the
# first argument (`controller`, `webhook`, `autoscaler`, `activator`, `gateway`, `queue-proxy`);
# with no argument it runs the queue-proxy (Revision pods start the sidecar without args).
#
#   docker build -t ghcr.io/kn-ts/kn-ts:v0.1.0 .                      # from a source checkout
#   docker build --target prebuilt -t ghcr.io/kn-ts/kn-ts:v0.1.0 .    # from an installed package (dist/ present)
#
# The bundles in dist/ carry every JavaScript dependency the components load, so the runtime
# stage needs no node_modules (better-sqlite3, the one native addon, is used by the local API
# server only, which is not part of the image).

ARG NODE_IMAGE=node:20-slim

# --- build: compile the bundles from source --------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY config ./config
RUN node scripts/build.mjs

# --- runtime base: non-root, read-only friendly -------------------------------------------------
FROM ${NODE_IMAGE} AS runtime-base
ENV NODE_ENV=production
WORKDIR /app
# The node image's unprivileged user (uid 1000); Kubernetes runAsNonRoot needs a numeric USER.
USER 1000:1000
ENTRYPOINT ["node", "/app/dist/component.js"]
CMD ["queue-proxy"]

# --- prebuilt: the dist/ of the build context (what `kn quickstart kind` builds) -----------------
FROM runtime-base AS prebuilt
COPY --chown=0:0 package.json /app/package.json
COPY --chown=0:0 dist /app/dist
COPY --chown=0:0 config /app/config

# --- runtime (default target): the bundles built above ------------------------------------------
FROM runtime-base AS runtime
COPY --chown=0:0 --from=build /src/package.json /app/package.json
COPY --chown=0:0 --from=build /src/dist /app/dist
COPY --chown=0:0 --from=build /src/config /app/config
