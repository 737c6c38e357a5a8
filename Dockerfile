# Lantern's API and worker: one image, two commands (docker-compose.yml runs api/main.ts and worker/main.ts).
# Lantern runs its TypeScript through tsx, which is a runtime dependency, so `npm ci --omit=dev` is enough.
FROM node:20-slim

ENV NODE_ENV=production \
    LANTERN_DATA_DIR=/data \
    LANTERN_API_HOST=0.0.0.0
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force

COPY . .
# Production workers load this prebuilt workflow bundle (LANTERN_WORKFLOW_BUNDLE) instead of bundling at start.
RUN npm run build:workflows -- /app/dist/workflow-bundle.js \
 && mkdir -p /data && chown node:node /data

USER node
VOLUME ["/data"]
EXPOSE 8080
CMD ["node", "--import", "tsx", "api/main.ts"]
