# Build and run claimgate (api + workers, or the sandbox payer) on Node 20.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/codesets ./codesets
COPY package.json ./
USER node
CMD ["node", "dist/src/cli.js", "start"]
