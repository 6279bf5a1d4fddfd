/** The server's pure parts: photo sniffing, codes and receipts as people type them, the county test with a
 *  hole, redaction that never mutates, migration splitting, schema errors in words. */
import { describe, expect, it } from 'vitest';
import { codeHash, newEnrolmentCode, normaliseCode } from '../../server/src/enrolment-code.ts';
import { splitStatements } from '../../server/src/migrate.ts';
import { newReceipt, normaliseReceipt } from '../../server/src/resident-reports.ts';
import { pointInArea, redactForRole } from '../../server/src/roles.ts';
import { sniffPhotoType } from '../../server/src/sniff-photo.ts';
import { describeSchemaError } from '../../server/src/validation-message.ts';

describe('server pure parts', () => {
  it('knows a photo by its first bytes, whatever it claims', () => {
    expect(sniffPhotoType(Uint8Array.from([0xff, 0xd8, 0xff, 0xdb, 0]))).toBe('image/jpeg');
    expect(sniffPhotoType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffPhotoType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
    expect(sniffPhotoType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBeNull();
    expect(sniffPhotoType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffPhotoType(Uint8Array.from([0xff, 0xd8]))).toBeNull();
  });

  it('reads codes and receipts as people type them', () => {
    const code = newEnrolmentCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(codeHash(code.toLowerCase().replace(/-/g, ' '))).toBe(codeHash(code));
    expect(normaliseCode('abcd-efgh-oil0')).toBe('ABCDEFGH0110');
    expect(normaliseCode('ABCD-EFGH-JKM')).toBeNull();
    expect(normaliseCode('ABCD-EFGH-JKMU')).toBeNull();
    const receipt = newReceipt();
    expect(normaliseReceipt(receipt.toLowerCase())).toBe(receipt);
    expect(normaliseReceipt("' OR 1=1 --")).toBeNull();
    expect(new Set(Array.from({ length: 200 }, newReceipt)).size).toBe(200);
  });

  it('tests a county area with its hole, and redacts without touching the stored record', () => {
    const area = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [4, 4],
          [6, 4],
          [6, 6],
          [4, 6],
          [4, 4],
        ],
      ],
    };
    expect(pointInArea(2, 2, area)).toBe(true);
    expect(pointInArea(5, 5, area)).toBe(false);
    expect(pointInArea(11, 5, area)).toBe(false);
    const record = {
      kind: 'violation-report',
      fields: { what: 'burning', contact: { name: '张三', phone: '13900001111' } },
    };
    const copy = structuredClone(record);
    expect(redactForRole(record, 'police').fields).toEqual({ what: 'burning', contact: null });
    expect(redactForRole(record, 'ecology')).toBe(record);
    expect(record).toEqual(copy);
  });

  it('splits migrations at line-ending semicolons and drops comment lines', () => {
    expect(splitStatements('-- a comment; here\nCREATE TABLE a (x int);\n\nINSERT INTO a VALUES (1);\n')).toEqual([
      'CREATE TABLE a (x int)',
      'INSERT INTO a VALUES (1)',
    ]);
  });

  it('says what a schema refused, naming the field in both languages', () => {
    const lat = describeSchemaError({
      keyword: 'maximum',
      instancePath: '/location/lat',
      params: { limit: 90 },
      message: 'must be <= 90',
    });
    expect(lat).toEqual({
      message: 'body/location/lat must be <= 90',
      zh: '请求内容不符合格式：位置的纬度（body/location/lat）不能大于 90',
      field: 'body/location/lat',
    });
    const missing = describeSchemaError({
      keyword: 'required',
      instancePath: '',
      params: { missingProperty: 'what' },
      message: "must have required property 'what'",
    });
    expect(missing.zh).toBe('请求内容不符合格式：请求内容（body）缺少 举报事项（what）');
    expect(missing.message).toBe("body must have required property 'what'");
  });
});
