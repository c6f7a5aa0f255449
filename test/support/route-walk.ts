import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

export interface RegisteredRoute {
  method: string;
  /** Express path pattern, such as `/api/v1/executions/:id`. */
  path: string;
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the app registered with Express, read from its router rather than listed by hand. */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const routes: RegisteredRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) {
      continue;
    }
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (enabled && method !== '_all') {
        routes.push({ method: method.toUpperCase(), path: layer.route.path });
      }
    }
  }

  return routes;
}

/**
 * Routes that anonymous callers may use: health, the OpenAPI document and Swagger UI, the JWKS,
 * and sign-in with the list of its methods and the OpenID Connect code exchange.
 */
export function isPublicRoute(route: RegisteredRoute): boolean {
  const key = `${route.method} ${route.path}`;
  const listed = [
    'GET /health',
    'GET /api/v1/health',
    'POST /api/v1/auth/token',
    'GET /api/v1/auth/jwks',
    'GET /api/v1/auth/providers',
    'POST /api/v1/auth/oidc/token',
  ];

  return listed.includes(key) || (route.method === 'GET' && route.path.startsWith('/api/docs'));
}

/** The route's path with every parameter replaced, by default with a random UUID. */
export function concretePath(route: RegisteredRoute, value: string = randomUUID()): string {
  return route.path.replace(/:[A-Za-z_]+/g, value);
}

export function routeKey(route: RegisteredRoute): string {
  return `${route.method} ${route.path}`;
}
