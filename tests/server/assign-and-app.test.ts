/**
 * The bureau's page on the server: a resident's report assigned to an agency reaches that agency's phones
 * (even a role that would not see reports), its contact still hidden, the step naming the agency; refusals
 * name what is wrong. And the server serves the built app at `/` without shadowing the API.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldRecord } from '../../src/records/record.ts';
import { enrolAdmin, enrolPhone } from './helpers/enrolled-phones.ts';
import { residentReport } from './helpers/resident-report.ts';
import { serverTargets, startTestServer, type TestServer } from './helpers/server-targets.ts';
import type { TestPhone } from './helpers/test-phone.ts';

const report = (installId: string) =>
  residentReport({ installId, description: '平城区某小区茶水炉烧煤', phone: '139 0000 3333' });

describe.each(serverTargets())('assigning reports on $name', (target) => {
  let test: TestServer;
  let admin: TestPhone;
  let police: TestPhone;
  let otherPolice: TestPhone;

  beforeAll(async () => {
    test = await startTestServer(target);
    admin = await enrolAdmin(test);
    police = await enrolPhone(test, admin, { id: 'police-pingcheng', role: 'police' });
    otherPolice = await enrolPhone(test, admin, { id: 'police-yunzhou', role: 'police' });
  });
  afterAll(async () => test?.dispose());

  const send = async (installId: string) => {
    const sent = await fetch(`${test.url}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report(installId)),
    });
    expect(sent.status).toBe(200);
    const mine = (await admin.pull()).filter((r) => r.kind === 'violation-report');
    return {
      receipt: ((await sent.json()) as { receipt: string }).receipt,
      record: mine[mine.length - 1] as FieldRecord,
    };
  };

  it("passes a report to the police: their phones pull it without the reporter's phone", async () => {
    const { receipt, record } = await send('install-assign-000000001');
    expect((await police.pull()).some((r) => r.id === record.id)).toBe(false);
    const assigned = await admin.request('POST', `/admin/records/${record.id}/assign`, {
      agencyId: 'police-pingcheng',
      note: '请核查',
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', agencyId: 'police-pingcheng' });

    const seen = (await police.pull()).find((r) => r.id === record.id) as FieldRecord<'violation-report'>;
    expect(seen.status).toBe('assigned');
    expect(seen.fields.contact).toBeNull();
    expect(seen.statusHistory.at(-1)?.note).toBe('交办：机构 police-pingcheng（police-pingcheng）。请核查');
    expect((await otherPolice.pull()).some((r) => r.id === record.id)).toBe(false);
    const bureau = (await admin.pull()).find((r) => r.id === record.id) as FieldRecord<'violation-report'>;
    expect(bureau.fields.contact?.phone).toBe('13900003333');
    const status = (await (await fetch(`${test.url}/reports/${receipt}`)).json()) as { status: string };
    expect(status.status).toBe('assigned');

    // Passed on to the other station: they pull it; it stays assigned.
    const again = await admin.request('POST', `/admin/records/${record.id}/assign`, { agencyId: 'police-yunzhou' });
    expect(again.status).toBe(200);
    expect((await otherPolice.pull()).find((r) => r.id === record.id)?.status).toBe('assigned');
  });

  it("takes a pulled version pushed back behind the bureau's change as behind, not as a conflict", async () => {
    const inspection = await police.create('checkpoint-inspection');
    expect((await police.push()).status).toBe(200);
    expect((await admin.request('POST', `/admin/records/${inspection.id}/status`, { status: 'reviewed' })).status).toBe(
      200,
    );
    // The phone sends what it holds again (a retry, or its chain re-sent from the start): nothing new from it.
    const again = await police.request<{ unchanged: number; conflicts: string[] }>(
      'POST',
      '/sync/push',
      await police.pushBody(0),
    );
    expect(again.status).toBe(200);
    expect(again.body.conflicts).toEqual([]);
    expect((await police.pull()).find((r) => r.id === inspection.id)?.status).toBe('reviewed');
    const open = await admin.request<unknown[]>('GET', '/admin/conflicts');
    expect(open.body).toEqual([]);
  });

  it('refuses what cannot be assigned, naming why, and changes nothing', async () => {
    const { record } = await send('install-assign-000000002');
    const unknown = await admin.request<{ error: { code: string; zh: string } }>(
      'POST',
      `/admin/records/${record.id}/assign`,
      { agencyId: 'no-such-agency' },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.zh).toContain('no-such-agency');
    const inspection = await police.create('checkpoint-inspection');
    expect((await police.push()).status).toBe(200);
    const notReport = await admin.request<{ error: { message: string } }>(
      'POST',
      `/admin/records/${inspection.id}/assign`,
      { agencyId: 'police-pingcheng' },
    );
    expect(notReport.status).toBe(400);
    expect(notReport.body.error.message).toContain('checkpoint-inspection');
    expect((await admin.request('POST', `/admin/records/${record.id}/status`, { status: 'closed' })).status).toBe(200);
    const closed = await admin.request<{ error: { zh: string } }>('POST', `/admin/records/${record.id}/assign`, {
      agencyId: 'police-pingcheng',
    });
    expect(closed.status).toBe(400);
    expect(closed.body.error.zh).toContain('结案');
    const byPolice = await police.request('POST', `/admin/records/${record.id}/assign`, {
      agencyId: 'police-pingcheng',
    });
    expect(byPolice.status).toBe(403);
    expect((await police.pull()).some((r) => r.id === record.id)).toBe(false);
  });
});

describe('the app served by the server', () => {
  let test: TestServer;
  let appDir: string;
  beforeAll(async () => {
    appDir = mkdtempSync(join(tmpdir(), 'coalzone-app-'));
    mkdirSync(join(appDir, 'assets'));
    writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>禁煤区</title>');
    writeFileSync(join(appDir, 'assets', 'main-Ab12Cd34.js'), 'console.log(1)');
    writeFileSync(join(appDir, 'sw.js'), 'self.x = 1');
    test = await startTestServer(serverTargets()[0] as never, { appDir });
  });
  afterAll(async () => {
    await test?.dispose();
    rmSync(appDir, { recursive: true, force: true });
  });

  it('serves the page, revalidated, and hashed assets for a year; the API stays the API', async () => {
    const page = await fetch(`${test.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('禁煤区');
    const asset = await fetch(`${test.url}/assets/main-Ab12Cd34.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${test.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
    expect(await (await fetch(`${test.url}/health`)).json()).toMatchObject({ ok: true });
    const missing = await fetch(`${test.url}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const traversal = await fetch(`${test.url}/..%2f..%2fetc%2fpasswd`);
    expect(traversal.status).toBe(404);
    // A file published into the folder later is served without a restart.
    mkdirSync(join(appDir, 'zones'));
    writeFileSync(join(appDir, 'zones', 'latest.json'), '{"a":1}');
    expect(await (await fetch(`${test.url}/zones/latest.json`)).json()).toEqual({ a: 1 });
  });
});
