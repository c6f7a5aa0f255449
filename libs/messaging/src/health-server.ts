import { createServer, Server } from 'node:http';

import { Logger } from '@nestjs/common';

import { LivenessReport } from './queue-liveness';

/**
 * A minimal HTTP endpoint for processes that serve no HTTP otherwise (planner, launcher), so
 * that an orchestrator such as Kubernetes can probe them: `GET /health` answers 200 while every
 * check is alive and 503 otherwise, with the reports as JSON.
 */
export async function startHealthServer(
  host: string,
  port: number,
  checks: () => Promise<LivenessReport[]>,
  logger: Logger,
): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/health') {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"statusCode":404,"code":"NOT_FOUND"}');
      return;
    }
    checks().then(
      (reports) => {
        const alive = reports.every((report) => report.alive);
        response
          .writeHead(alive ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: alive ? 'ok' : 'error', queues: reports }));
      },
      (error: Error) => {
        response
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'error', message: error.message }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  logger.log(
    `health endpoint listening on http://${host}:${typeof address === 'object' && address ? address.port : port}/health`,
  );

  return server;
}
