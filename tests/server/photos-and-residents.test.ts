/**
 * Photos and residents on PGlite and on the real PostgreSQL + PostGIS: photos by SHA-256 with resumable
 * uploads (a wrong offset told where to go on, a cut upload continued), type sniffed from the bytes, size
 * capped; residents' reports without an account, a receipt that shows only its status, retries that store
 * nothing twice, rate limits per install and per IP, 413 for oversized bodies.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldRecord } from '../../src/records/record.ts';
import { enrolAdmin, enrolPhone } from './helpers/enrolled-phones.ts';
import { residentReport } from './helpers/resident-report.ts';
import { serverTargets, startTestServer, type TestServer } from './helpers/server-targets.ts';
import type { TestPhone } from './helpers/test-phone.ts';

/** A JPEG by its first bytes, with random content after (the server sniffs, it does not decode). */
function jpeg(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  crypto.getRandomValues(bytes.subarray(0, Math.min(size, 65536)));
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return bytes;
}
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const report = residentReport;

describe.each(serverTargets())('photos and residents on $name', (target) => {
  let test: TestServer;
  let admin: TestPhone;
  let police: TestPhone;
  let market: TestPhone;

  beforeAll(async () => {
    test = await startTestServer(target, {
      limits: {
        reportPerInstall: { max: 4, windowS: 3600 },
        reportPerIp: { max: 12, windowS: 3600 },
        photoPartBytes: 1024 * 1024,
      },
    });
    admin = await enrolAdmin(test);
    police = await enrolPhone(test, admin, { id: 'police', role: 'police' });
    market = await enrolPhone(test, admin, { id: 'market', role: 'market-regulation' });
  });
  afterAll(async () => test?.dispose());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${test.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('takes a photo in parts, resumes after a cut, and names the photos a push still needs', async () => {
    const bytes = jpeg(300_000);
    const hash = sha(bytes);
    const record = await police.create('checkpoint');
    await police.edit(record.id, (r) => ({
      ...r,
      photos: [{ id: randomUUID(), sha256: hash, type: 'image/jpeg', size: bytes.length }],
    }));
    const pushed = await police.push();
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ missingPhotos: [hash] });

    const part = (from: number, to: number, offset = from) =>
      police.request<Record<string, unknown>>(
        'PUT',
        `/photos/${hash}?offset=${offset}&total=${bytes.length}`,
        bytes.slice(from, to),
      );
    expect((await part(0, 100_000)).body).toEqual({ stored: false, bytes: 100_000 });
    // The connection was cut and the phone lost track: a wrong offset is told where the server is.
    const wrong = await part(150_000, 200_000);
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ error: { code: 'UPLOAD_OFFSET', detail: { received: 100_000 } } });
    const status = await police.request<{ bytes: number; stored: boolean }>('GET', `/photos/${hash}/upload`);
    expect(status.body).toEqual({ stored: false, bytes: 100_000 });
    expect((await part(100_000, bytes.length)).body).toEqual({ stored: true, bytes: bytes.length });
    // Sending it again is harmless.
    expect((await part(0, bytes.length)).body).toEqual({ stored: true, bytes: bytes.length });

    const fetched = await admin.request<Uint8Array>('GET', `/photos/${hash}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/jpeg');
    expect(sha(fetched.body)).toBe(hash);
    expect((await police.request('POST', '/sync/push', await police.pushBody(0))).body).toMatchObject({
      missingPhotos: [],
    });
  });

  it('refuses a photo that is not an image, does not hash to its name, or is too large', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const asHtml = await police.request('PUT', `/photos/${sha(html)}?total=${html.length}`, html);
    expect(asHtml.status).toBe(415);
    expect(asHtml.body).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const bytes = jpeg(1000);
    const misnamed = await police.request('PUT', `/photos/${'a'.repeat(64)}?total=1000`, bytes);
    expect(misnamed.status).toBe(422);
    expect(misnamed.body).toMatchObject({ error: { code: 'BAD_PHOTO' } });
    const big = jpeg(1024 * 1024 + 1);
    const tooBig = await police.request('PUT', `/photos/${sha(big)}?total=${big.length}`, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
    expect((await police.request('GET', `/photos/${sha(html)}`)).status).toBe(404);
  });

  it('takes a resident report without an account and shows only its status by receipt', async () => {
    const photo = jpeg(20_000);
    const sent = await post('/reports', report({ photo: { base64: Buffer.from(photo).toString('base64') } }));
    expect(sent.status).toBe(200);
    const receipt = (await sent.json()) as { receipt: string; status: string; zh: string; en: string };
    expect(receipt.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(receipt).toMatchObject({ status: 'received', zh: '已收到，等待分派' });

    const status = await fetch(`${test.url}/reports/${receipt.receipt.toLowerCase()}`);
    const seen = (await status.json()) as Record<string, unknown>;
    expect(Object.keys(seen).sort()).toEqual(['en', 'receipt', 'status', 'updatedAt', 'zh']);
    expect(JSON.stringify(seen)).not.toContain('13900002222');

    // The bureau sees it with the phone; market regulation without; police not at all.
    const bureau = (await admin.pull()).find(
      (r) => r.kind === 'violation-report' && r.author.role === 'resident',
    ) as FieldRecord<'violation-report'>;
    expect(bureau.fields.contact?.phone).toBe('13900002222');
    expect(bureau.photos[0]?.sha256).toBe(sha(photo));
    expect(bureau.zoneAnswer?.zoneVersion).toBe('2024-106.trace-1');
    const regulator = (await market.pull()).find((r) => r.id === bureau.id) as FieldRecord<'violation-report'>;
    expect(regulator.fields.contact).toBeNull();
    expect((await police.pull()).some((r) => r.id === bureau.id)).toBe(false);
    expect((await police.request('GET', `/photos/${sha(photo)}`)).status).toBe(403);

    // The bureau assigns it, then marks it handled: the resident sees each step.
    expect(
      (await admin.request('POST', `/admin/records/${bureau.id}/status`, { status: 'assigned', note: '交市场监管' }))
        .status,
    ).toBe(200);
    expect(((await (await fetch(`${test.url}/reports/${receipt.receipt}`)).json()) as { status: string }).status).toBe(
      'assigned',
    );
    expect((await admin.request('POST', `/admin/records/${bureau.id}/status`, { status: 'handled' })).status).toBe(200);
    const handled = (await (await fetch(`${test.url}/reports/${receipt.receipt}`)).json()) as {
      status: string;
      zh: string;
    };
    expect(handled).toMatchObject({ status: 'handled', zh: '已处理' });
    const backwards = await admin.request<{ error: { zh: string } }>('POST', `/admin/records/${bureau.id}/status`, {
      status: 'received',
    });
    expect(backwards.status).toBe(400);
  });

  it('gives a retried report the same receipt and stores it once', async () => {
    const body = report({ installId: 'install-retry-0000000000', description: "x'); DROP TABLE reports; --" });
    const first = (await (await post('/reports', body)).json()) as { receipt: string };
    const second = (await (await post('/reports', body)).json()) as { receipt: string };
    expect(second.receipt).toBe(first.receipt);
    const rows = await test.server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM records WHERE body->'fields'->>'description' = $1",
      ["x'); DROP TABLE reports; --"],
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('tells a resident what is wrong, in Chinese and English', async () => {
    const answer = await post('/reports', report({ installId: 'install-bad-00000000000', phone: '12345' }));
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { message: string; zh: string } };
    expect(error.zh).toContain('联系电话');
    expect(error.message).toContain('fields.contact.phone');
    const swapped = await post(
      '/reports',
      report({
        installId: 'install-bad-00000000000',
        location: { lng: 40.09, lat: 113.3, accuracyM: 5, source: 'map' },
      }),
    );
    expect(swapped.status).toBe(400);
    expect(((await swapped.json()) as { error: { zh: string } }).error.zh).toContain('位置');
    const nul = await post('/reports', report({ installId: 'install-bad-00000000000', description: 'a\u0000b' }));
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { error: { zh: string } }).error.zh).toContain('空字符');
    const missing = await post('/reports', { ...report({ installId: 'install-bad-00000000000' }), what: undefined });
    expect(((await missing.json()) as { error: { zh: string } }).error.zh).toContain('缺少 举报事项');
    const notJson = await post('/reports', '{"installId": ');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { zh: string } }).error.zh).toContain('JSON');
    const html = await post(
      '/reports',
      report({
        installId: 'install-bad-00000000000',
        photo: { base64: Buffer.from('<svg onload=alert(1)>').toString('base64') },
      }),
    );
    expect(html.status).toBe(415);
  });

  it('refuses oversized bodies with 413 before reading them whole', async () => {
    const huge = await post(
      '/reports',
      report({ installId: 'install-huge-0000000000', description: 'x'.repeat(5 * 1024 * 1024) }),
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string; zh: string } }).error).toMatchObject({
      code: 'BODY_TOO_LARGE',
      zh: '请求内容过大',
    });
    const pushTooBig = await police.request('POST', '/sync/push', {
      head: {},
      entries: [],
      records: [],
      pad: 'x'.repeat(17 * 1024 * 1024),
    });
    expect(pushTooBig.status).toBe(413);
  });

  it('rate-limits reports per install and per IP, saying when to try again', async () => {
    const install = 'install-flood-000000000';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post('/reports', report({ installId: install }))).status);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    const limited = await post('/reports', report({ installId: install }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { zh: string } }).error.zh).toContain('请求过于频繁');
    // Other installs from the same address run into the per-IP limit soon after.
    const others: number[] = [];
    for (let i = 0; i < 8; i++)
      others.push((await post('/reports', report({ installId: `install-other-${i}0000000000` }))).status);
    expect(others).toContain(429);
  });

  it('lets a resident read nothing but a receipt', async () => {
    expect((await fetch(`${test.url}/reports/ZZZZZ-ZZZZZ`)).status).toBe(404);
    expect((await fetch(`${test.url}/reports/${encodeURIComponent("' OR 1=1 --")}`)).status).toBe(404);
    for (const path of ['/sync/pull', '/admin/devices', '/admin/conflicts', '/me', `/photos/${'0'.repeat(64)}`])
      expect((await fetch(`${test.url}${path}`)).status).toBe(401);
    expect((await post('/sync/push', { head: {}, entries: [], records: [] })).status).toBe(401);
  });
});
