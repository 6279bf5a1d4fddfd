import { describe, expect, it } from 'vitest';
import { readPlate } from '../../src/checkpoints/plate.ts';

describe('readPlate', () => {
  it.each([
    ['晋B·12345', '晋B12345', '晋B·12345', 'ordinary'],
    ['晋b 12345', '晋B12345', '晋B·12345', 'ordinary'],
    ['晋B-1234O', '晋B12340', '晋B·12340', 'ordinary'],
    ['晋BI2345', '晋B12345', '晋B·12345', 'ordinary'],
    ['晋ＢＤ１２３４５', '晋BD12345', '晋B·D12345', 'new-energy-small'],
    ['晋B12345F', '晋B12345F', '晋B·12345F', 'new-energy-large'],
    ['晋B1234挂', '晋B1234挂', '晋B·1234挂', 'trailer'],
    ['冀G·A8K21', '冀GA8K21', '冀G·A8K21', 'ordinary'],
  ])('%s → %s', (text, plate, display, type) => {
    expect(readPlate(text)).toMatchObject({ ok: true, plate, display, type });
  });

  it.each([
    ['晋B1234警', 'POLICE_PLATE'],
    ['WJ12345', 'MILITARY_PLATE'],
    ['使123456', 'DIPLOMATIC_PLATE'],
    ['晋B1234学', 'COACH_PLATE'],
    ['X B12345', 'BAD_PROVINCE'],
    ['晋I12345', 'BAD_LETTER'],
    ['晋B1234', 'BAD_SERIAL'],
    ['晋B1234567', 'BAD_SERIAL'],
    ['', 'EMPTY'],
  ])('refuses %s with %s', (text, code) => {
    const r = readPlate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.code).toBe(code);
  });
});
