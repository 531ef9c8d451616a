import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { ConfigError } from './config/env.js';
import { loadConfig, type AppConfig } from './config/app-config.js';

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(err.message + '\n');
  process.exit(1);
}

const app = await createApp(config);
await app.listen({ port: config.port, host: config.host });
