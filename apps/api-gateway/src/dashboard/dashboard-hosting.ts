import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

import { HEALTH_PATHS } from '../health/health.controller';

/** Path of the status service's socket.io endpoint, passed through to the status service. */
export const STATUS_SOCKET_PATH = '/socket.io';
/** Paths that belong to the API, health checks or the status socket, never to the dashboard's routes. */
const SERVER_PATHS = [
  '/api',
  STATUS_SOCKET_PATH,
  ...HEALTH_PATHS.map((path) => `/${path.replace(/^\//, '')}`),
];

/** Finds `dist/dashboard` of the repository (or image) that this file runs from. */
export function findDashboardDir(start: string = __dirname): string | null {
  let directory = resolve(start);
  for (;;) {
    if (existsSync(join(directory, 'package.json'))) {
      const candidate = join(directory, 'dist', 'dashboard');
      return existsSync(join(candidate, 'index.html')) ? candidate : null;
    }
    const parent = dirname(directory);
    if (parent === directory) {
      return null;
    }
    directory = parent;
  }
}

/**
 * Passes the dashboard's socket.io traffic (long polling and the WebSocket upgrade) through to
 * the status service, so that a browser needs only the gateway's origin. Mount it before the
 * audit recorder and rate limits: the status service authenticates each socket itself.
 */
export function mountStatusSocketProxy(app: NestExpressApplication, statusUrl: string): void {
  const logger = new Logger('StatusSocketProxy');
  const proxy = createProxyMiddleware<Request, Response>({
    target: statusUrl,
    pathFilter: STATUS_SOCKET_PATH,
    ws: true,
    on: {
      error: (error, _request, target) => {
        logger.warn(`status service at ${statusUrl} did not respond: ${error.message}`);
        // For a WebSocket upgrade the target is the raw socket, which has no status line to send.
        if ('writeHead' in target && !target.headersSent) {
          target.writeHead(502, { 'Content-Type': 'application/json' });
          target.end(
            JSON.stringify({
              statusCode: 502,
              code: 'STATUS_UNAVAILABLE',
              message: 'The status service is not reachable',
            }),
          );
        } else {
          target.destroy();
        }
      },
    },
  });
  app.use(proxy);
  (app.getHttpServer() as Server).on('upgrade', (request, socket, head) => {
    if (request.url?.startsWith(`${STATUS_SOCKET_PATH}/`)) {
      // Node hands every upgrade a net.Socket, typed as its Duplex base.
      proxy.upgrade(request, socket as Socket, head);
    }
  });
}

/**
 * Serves the built dashboard: its assets, and index.html for every other GET outside the API so
 * that a reload on a client-side route such as /plans/42 works. Does nothing when the dashboard
 * was not built.
 */
export function mountDashboard(app: NestExpressApplication, dashboardDir: string | null): void {
  const logger = new Logger('Dashboard');
  if (dashboardDir === null) {
    logger.warn(
      'The dashboard is not built, so the gateway serves the API only; run "npm run build" to build it',
    );
    return;
  }

  const indexFile = join(dashboardDir, 'index.html');
  // File names under assets/ carry a content hash, so browsers may keep them; index.html never.
  app.use(
    '/assets',
    express.static(join(dashboardDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
    }),
  );
  app.use(express.static(dashboardDir, { index: false, maxAge: 0 }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isPageRequest = request.method === 'GET' || request.method === 'HEAD';
    const isServerPath = SERVER_PATHS.some(
      (path) => request.path === path || request.path.startsWith(`${path}/`),
    );
    // A missing asset or file gets the API's 404, not the page: a stale page would load HTML as a script.
    const isFileRequest = request.path.startsWith('/assets/') || /\.[A-Za-z0-9]+$/.test(request.path);
    if (!isPageRequest || isServerPath || isFileRequest || !request.accepts('html')) {
      next();
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexFile);
  });
  logger.log(`serving the dashboard from ${dashboardDir}`);
}
