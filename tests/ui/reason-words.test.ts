/** The messages of the core in Chinese: the real errors the core throws are translated (so a reworded English
 *  message breaks this test, not the Chinese UI), and nothing falls back to English alone. */
import { describe, expect, it } from 'vitest';
import { findColumns } from '../../src/io/find-columns.ts';
import { readTrackFile } from '../../src/io/read-file.ts';
import { validateRecordInput } from '../../src/records/validate-record.ts';
import { checkPmtilesFile } from '../../src/store/basemap-store.ts';
import { problemText } from '../../src/ui/i18n.ts';
import { errorWords, messageWords, recordReasonWords } from '../../src/ui/reason-words.ts';

const thrown = async (run: () => unknown): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};
const CJK = /[\u3400-\u9fff]/;
const englishClause = /[A-Za-z]{2,}(?:[\s,.'’/()-]+[A-Za-z]+){2,}/;

describe('errorWords on what the core throws', () => {
  it.each([
    [
      'a text file as a basemap',
      () => checkPmtilesFile(Object.assign(new Blob(['hello world']), { name: 'a.pmtiles' })),
      'a.pmtiles 不是 PMTiles 底图文件',
    ],
    [
      'a PMTiles v2 file',
      () =>
        checkPmtilesFile(
          Object.assign(new Blob([new Uint8Array([80, 77, 84, 105, 108, 101, 115, 2])]), { name: 'old.pmtiles' }),
        ),
      'old.pmtiles 是 PMTiles 第 2 版，需要第 3 版',
    ],
    ['a .txt as a track', () => readTrackFile(new Blob(['x']), 'notes.doc'), 'notes.doc：不支持的文件类型'],
    ['a KML named .gpx', () => readTrackFile(new Blob(['<kml></kml>']), 't.gpx'), '不是 GPX 文件：根元素是 <kml>'],
    ['a GPX without a track', () => readTrackFile(new Blob(['<gpx></gpx>']), 't.gpx'), '文件里没有轨迹'],
    ['a CSV without coordinates', () => findColumns(['hello']), '找不到经度、纬度列'],
  ])('%s', async (_, run, zh) => {
    const error = await thrown(run);
    const words = errorWords(error, 'zh');
    expect(words).toContain(zh);
    expect(words).not.toMatch(englishClause);
    expect(errorWords(error, 'en')).toBe((error as Error).message);
  });

  it('marks an English message it has no Chinese for as untranslated (the zh-CN browser test fails on it)', () => {
    const words = messageWords('Cannot read properties of undefined', 'zh');
    expect(words).toBe('未译的英文消息：Cannot read properties of undefined');
    expect(words.replace(/（[^）]*）/g, '')).toMatch(englishClause);
    expect(messageWords('已是中文', 'zh')).toBe('已是中文');
  });

  it('makes problemText Chinese for an error without its own Chinese', () => {
    expect(problemText('zh', new Error('the CSV is empty'))).toBe('CSV 文件是空的');
  });
});

describe('recordReasonWords on what the validator returns', () => {
  it('names the field in Chinese: name is required, phone is wrong', () => {
    const { errors } = validateRecordInput({
      kind: 'sales-point',
      location: { lng: 113.3, lat: 40.09, accuracyM: 5, source: 'map' },
      fields: { name: '', mode: 'fixed', phone: '12345', operator: '', address: '', sells: [] },
    } as never);
    const words = errors.map((e) => recordReasonWords(e, 'zh'));
    expect(words).toContain('名称为必填项');
    expect(words.some((w) => w.startsWith('电话不是电话号码'))).toBe(true);
    for (const w of words) expect(w).toMatch(CJK);
    expect(errors.map((e) => recordReasonWords(e, 'en'))).toContain('name is required');
  });
});
