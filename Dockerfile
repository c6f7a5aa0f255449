# One image for every app; the command chooses the app, for example
#   node --max-old-space-size=128 dist/apps/planner/src/main.js
# The four services run with a 128 MiB V8 old-space limit: without it V8 lets garbage grow far
# past their live heap (about 50 MiB) before a full collection.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
COPY scenarios ./scenarios
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scenarios ./scenarios
COPY --from=build /app/apps/drs-emulator/model ./apps/drs-emulator/model
USER node
CMD ["node", "--max-old-space-size=128", "dist/apps/api-gateway/src/main.js"]
