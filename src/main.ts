import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.factory.js';
import { ConfigError } from './config/env.js';
import { loadConfig, type AppConfig } from './config/app-config.js';

/** How long a graceful shutdown may take before the process gives up waiting and exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(err.message + '\n');
  process.exit(1);
}

const app = await createApp(config);
// SIGTERM or SIGINT: stop listening, let the requests in flight finish, stop the outbox dispatcher
// (it finishes the batch in hand), close the database, then exit 0. A shutdown stuck for longer
// than the grace period exits 1.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms: exiting\n`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`shutdown failed: ${err.name}: ${err.message}\n`);
        process.exit(1);
      },
    );
  });
}
await app.listen({ port: config.port, host: config.host });
// One line that says where to go (and where mailed links point, which PUBLIC_URL decides).
const { address, port } = app.getHttpServer().address() as AddressInfo;
const shown = address.includes(':') ? `[${address}]` : address;
new Logger('Main').log(`listening on http://${shown}:${port} (links in mails: ${config.publicUrl}, data: ${config.dataDir})`);
