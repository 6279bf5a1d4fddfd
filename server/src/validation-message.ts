/**
 * A schema refusal (Ajv's first error, as Fastify hands it over) in words, English and zh-CN, naming the
 * field: "body/location/lat must be <= 90" / "位置的纬度 (body/location/lat) 不能大于 90".
 */

/** The part of an Ajv error used here. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const FIELD_ZH: Record<string, string> = {
  location: '位置',
  lng: '经度',
  lat: '纬度',
  accuracyM: '定位精度',
  what: '举报事项',
  description: '情况描述',
  observedAt: '发现时间',
  phone: '联系电话',
  name: '名称',
  photo: '照片',
  installId: '安装编号',
  clientReportId: '举报编号',
  zoneAnswer: '禁煤区判断',
  head: '链头',
  entries: '审计条目',
  records: '记录',
  code: '登记码',
  publicKey: '公钥',
  deviceId: '设备编号',
};

/** English and Chinese for the error, with the field's path. */
export function describeSchemaError(
  error: SchemaError,
  context = 'body',
): { message: string; zh: string; field: string } {
  const field = `${context}${error.instancePath}`;
  const parts = error.instancePath.split('/').filter((p) => p && !/^\d+$/.test(p));
  const named = parts.map((p) => FIELD_ZH[p] ?? p).join('的');
  const p = error.params;
  const zhWhat = (() => {
    switch (error.keyword) {
      case 'required':
        return `缺少 ${FIELD_ZH[String(p.missingProperty)] ?? String(p.missingProperty)}（${String(p.missingProperty)}）`;
      case 'additionalProperties':
        return `含有不接受的字段 ${String(p.additionalProperty)}`;
      case 'maximum':
        return `不能大于 ${String(p.limit)}`;
      case 'minimum':
        return `不能小于 ${String(p.limit)}`;
      case 'maxLength':
        return `过长（最多 ${String(p.limit)} 个字符）`;
      case 'minLength':
        return `过短（至少 ${String(p.limit)} 个字符）`;
      case 'maxItems':
        return `条目过多（最多 ${String(p.limit)} 条）`;
      case 'enum':
        return `须为 ${(p.allowedValues as unknown[] | undefined)?.join('、') ?? ''} 之一`;
      case 'const':
        return `须为 ${String(p.allowedValue)}`;
      case 'type':
        return `类型不对（应为 ${String(p.type)}）`;
      case 'pattern':
        return '格式不对';
      default:
        return '不符合要求';
    }
  })();
  const subject = named ? `${named}（${field}）` : `请求内容（${field}）`;
  const extra = error.keyword === 'required' ? ` ${String(p.missingProperty)}` : '';
  const english =
    error.keyword === 'additionalProperties'
      ? `${field} has a member it does not take: ${String(p.additionalProperty)}`
      : `${field} ${error.message ?? 'is not valid'}${error.keyword === 'required' ? '' : extra}`;
  return { message: english, zh: `请求内容不符合格式：${subject}${zhWhat}`, field };
}
