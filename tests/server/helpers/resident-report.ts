/** The body of a resident's violation report (POST /reports) as the app sends it, with overrides. */
import { randomUUID } from 'node:crypto';

export function residentReport(overrides: Record<string, unknown> = {}) {
  return {
    installId: 'install-0123456789abcdef',
    clientReportId: randomUUID(),
    what: 'burning',
    description: '小区锅炉房冒黑烟',
    observedAt: '2026-12-02T07:40:00+08:00',
    location: { lng: 113.3, lat: 40.09, accuracyM: 12, source: 'gps' },
    zoneAnswer: {
      status: 'inside',
      traced: 'inside',
      signedDistanceM: -2100,
      uncertaintyM: 200,
      zoneId: 'datong-city',
      zoneVersion: '2024-106.trace-1',
    },
    phone: '139 0000 2222',
    ...overrides,
  };
}
