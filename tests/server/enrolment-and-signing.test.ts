/**
 * The server's front door, on PGlite and on the real PostgreSQL + PostGIS: /health, /openapi.json from the
 * validating schemas, migrations applied once, the first admin, enrolment by one-time code with proof of the
 * key, revocation, and every way a signed request can be wrong (unsigned, forged, altered, replayed, stale).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/src/migrate.ts';
import { pushSchema } from '../../server/src/schemas.ts';
import { signRequest } from '../../server/src/sign-request.ts';
import { exportPublicKey, generateDeviceKey } from '../../src/records/device-key.ts';
import { deviceClient } from '../../src/sync/device-client.ts';
import { serverTargets, startTestServer, type TestServer } from './helpers/server-targets.ts';
import { makePhone, type TestPhone } from './helpers/test-phone.ts';

describe.each(serverTargets())('enrolment and signed requests on $name', (target) => {
  let test: TestServer;
  let admin: TestPhone;

  beforeAll(async () => {
    test = await startTestServer(target);
    admin = await makePhone(test.url, 'ecology');
  });
  afterAll(async () => test?.dispose());

  it('answers /health and says which store it runs on', async () => {
    const answer = await fetch(`${test.url}/health`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      ok: true,
      database: target.name,
      postgis: target.name === 'postgres',
    });
  });

  it('publishes /openapi.json built from the schemas that validate requests', async () => {
    const doc = (await (await fetch(`${test.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    };
    expect(doc.openapi).toBe('3.0.3');
    for (const path of [
      '/enrol',
      '/sync/push',
      '/sync/pull',
      '/reports',
      '/reports/{receipt}',
      '/photos/{sha256}',
      '/admin/devices/{id}/revoke',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    const push = doc.paths['/sync/push']?.post?.requestBody?.content['application/json']?.schema as {
      properties: Record<string, { maxItems?: number }>;
    };
    expect(push.properties.entries?.maxItems).toBe(pushSchema.properties.entries.maxItems);
    expect(Object.keys(push.properties).sort()).toEqual(Object.keys(pushSchema.properties).sort());
  });

  it('applies each migration once (a second run and a restart change nothing)', async () => {
    expect(await migrate(test.server.db)).toEqual([]);
    const before = await test.server.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(before.map((r) => r.name)).toEqual(
      target.name === 'postgres'
        ? ['0001-core.sql', '0002-locations.postgis.sql', '0003-assignments.sql']
        : ['0001-core.sql', '0003-assignments.sql'],
    );
  });

  it('enrols the first admin with the bootstrap code, once', async () => {
    const answer = await admin.enrol(test.adminCode.toLowerCase(), 'bureau phone');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ deviceId: admin.id, role: 'ecology', isAdmin: true, headSeq: 0 });
    // The same phone retrying after a lost answer gets the same answer …
    expect((await admin.enrol(test.adminCode)).status).toBe(200);
    // … anyone else is refused.
    const thief = await makePhone(test.url);
    const refused = await thief.enrol(test.adminCode);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'BAD_CODE' } });
    expect((refused.body as { error: { zh: string } }).error.zh).toContain('登记码');
  });

  it('refuses an enrolment not signed by the key it registers', async () => {
    const code = await newCode('police-1');
    const phone = await makePhone(test.url);
    const other = await generateDeviceKey();
    const body = { code, deviceId: phone.id, publicKey: await exportPublicKey(other.publicKey), label: 'x' };
    const answer = await phone.request('POST', '/enrol', body);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'BAD_SIGNATURE' } });
    // The code is still good for the phone that holds its key.
    expect((await phone.enrol(code)).status).toBe(200);
  });

  it('makes agencies and codes only for admin devices', async () => {
    const police = await enrolled('police-2', 'police');
    const answer = await police.request('POST', '/admin/enrolment-codes', { agencyId: 'police-2' });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const bad = await admin.request('POST', '/admin/agencies', { id: 'county-x', name: '某县', role: 'county' });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { zh: string } }).error.zh).toContain('辖区');
  });

  it('refuses unsigned, forged, altered, replayed and stale requests', async () => {
    const police = await enrolled('police-3', 'police');
    expect((await police.request('GET', '/me')).status).toBe(200);

    const unsigned = await fetch(`${test.url}/me`);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: 'UNSIGNED' } });

    // Forged: signed by a key that is not the enrolled one, in the device's name.
    const forger = await generateDeviceKey();
    const forged = await deviceClient(test.url, police.id, forger.privateKey).request('GET', '/me');
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { code: 'BAD_SIGNATURE' } });

    // Altered: a signature over one path used for another, and over one body sent with another.
    const headers = await signRequest(police.privateKey, police.id, 'GET', '/me');
    const moved = await fetch(`${test.url}/sync/pull?after=0`, { headers });
    expect(moved.status).toBe(401);
    const bodyHeaders = await signRequest(police.privateKey, police.id, 'POST', '/sync/push', '{"a":1}');
    const swapped = await fetch(`${test.url}/sync/push`, {
      method: 'POST',
      headers: { ...bodyHeaders, 'content-type': 'application/json' },
      body: JSON.stringify(await police.pushBody()),
    });
    expect(swapped.status).toBe(401);
    expect(await swapped.json()).toMatchObject({ error: { code: 'BAD_SIGNATURE' } });

    // Replayed: the very same signed request twice.
    const once = await signRequest(police.privateKey, police.id, 'GET', '/me');
    expect((await fetch(`${test.url}/me`, { headers: once })).status).toBe(200);
    const replay = await fetch(`${test.url}/me`, { headers: once });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: 'REPLAYED' } });

    // Stale: signed ten minutes ago (a captured request kept for later).
    const old = await signRequest(police.privateKey, police.id, 'GET', '/me', '', new Date(Date.now() - 600_000));
    const stale = await fetch(`${test.url}/me`, { headers: old });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ error: { code: 'CLOCK_SKEW' } });
  });

  it('refuses every request of a revoked phone, and an unknown one', async () => {
    const police = await enrolled('police-4', 'police');
    await police.create('checkpoint');
    const revoke = await admin.request('POST', `/admin/devices/${police.id}/revoke`);
    expect(revoke.status).toBe(200);
    for (const answer of [
      await police.request('GET', '/me'),
      await police.push(),
      await police.request('GET', '/sync/pull'),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: 'REVOKED' } });
    }
    const stranger = await makePhone(test.url);
    const unknown = await stranger.request('GET', '/me');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error: { code: 'UNKNOWN_DEVICE' } });
  });

  it('keeps the devices after a restart', async () => {
    await test.restart();
    admin.baseUrl = test.url;
    const me = await admin.request('GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ isAdmin: true });
    expect(test.server.adminCode).toBeNull();
  });

  async function newCode(agencyId: string, role = 'police'): Promise<string> {
    const made = await admin.request('POST', '/admin/agencies', { id: agencyId, name: `机构 ${agencyId}`, role });
    expect(made.status).toBe(200);
    const answer = await admin.request<{ code: string }>('POST', '/admin/enrolment-codes', { agencyId, label: 'p' });
    expect(answer.status).toBe(200);
    return answer.body.code;
  }

  async function enrolled(agencyId: string, role: string): Promise<TestPhone> {
    const phone = await makePhone(test.url, role as 'police');
    expect((await phone.enrol(await newCode(agencyId, role))).status).toBe(200);
    return phone;
  }
});
