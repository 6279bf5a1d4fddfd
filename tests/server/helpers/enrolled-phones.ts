/** Agencies and enrolled phones on a test server, made through the API as the bureau would. */
import { expect } from 'vitest';
import type { Role } from '../../../server/src/roles.ts';
import type { TestServer } from './server-targets.ts';
import { makePhone, type TestPhone } from './test-phone.ts';

/** The first admin phone, enrolled with the bootstrap code. */
export async function enrolAdmin(test: TestServer): Promise<TestPhone> {
  const admin = await makePhone(test.url, 'ecology');
  const answer = await admin.enrol(test.adminCode);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return admin;
}

/** Creates the agency when missing and enrols a phone of it. */
export async function enrolPhone(
  test: TestServer,
  admin: TestPhone,
  agency: { id: string; role: Role; area?: unknown },
): Promise<TestPhone> {
  const made = await admin.request('POST', '/admin/agencies', { name: `机构 ${agency.id}`, ...agency });
  expect([200, 409]).toContain(made.status);
  const code = await admin.request<{ code: string }>('POST', '/admin/enrolment-codes', { agencyId: agency.id });
  expect(code.status).toBe(200);
  const phone = await makePhone(test.url, agency.role === 'ecology' ? 'ecology' : (agency.role as 'police'));
  const answer = await phone.enrol(code.body.code);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return phone;
}
