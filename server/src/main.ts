/**
 * `npm run server`: the sync server on PORT (default 8787), data in COALZONE_SERVER_DATA (default
 * ~/.local/share/coalzone-server), on PostgreSQL when DATABASE_URL is set, else the embedded PGlite there.
 * HOST defaults to 0.0.0.0 (phones reach it over the network); COALZONE_ADMIN_CODE sets the first admin's code.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appDirectory } from './serve-app.ts';
import { startServer } from './start-server.ts';

const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT} / PORT 须为端口号`);
  process.exit(2);
}
const appDir = appDirectory(process.env.COALZONE_APP_DIR || undefined);
const dataDir = process.env.COALZONE_SERVER_DATA ?? join(homedir(), '.local', 'share', 'coalzone-server');

try {
  const server = await startServer({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    port,
    host: process.env.HOST ?? '0.0.0.0',
    adminCode: process.env.COALZONE_ADMIN_CODE,
    logger: process.env.COALZONE_LOG === '1',
    trustProxy: process.env.COALZONE_TRUST_PROXY === '1',
    // Comma-separated origins the app is served from (the browser's CORS check), e.g. http://localhost:4173.
    allowedOrigins: (process.env.COALZONE_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    appDir,
  });
  const store =
    server.db.kind === 'postgres' ? `PostgreSQL${server.db.postgis ? ' + PostGIS' : ''}` : `PGlite in ${dataDir}`;
  console.log(`coalzone server listening on ${server.url} (${store}); photos in ${join(dataDir, 'photos')}`);
  console.log(`OpenAPI: ${server.url}/openapi.json`);
  console.log(
    appDir
      ? `app / 应用: ${server.url}/ (from ${appDir})`
      : 'app not served: no built app (npm run build, or COALZONE_APP_DIR) / 未提供应用页面：尚未构建',
  );
  if (server.adminCode) {
    console.log('');
    console.log(`首个管理员登记码 / first admin enrolment code: ${server.adminCode}`);
    console.log('（仅显示这一次，7 天内有效；用它登记生态环境局的第一台手机 / shown once, valid 7 days)');
  }
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`coalzone server did not start: ${(error as Error).message}`);
  process.exit(1);
}
