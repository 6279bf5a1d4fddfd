/**
 * The bureau's weekly report, signed by an admin device like the rest of /admin: as JSON (for the bureau's
 * page), as an Excel workbook and as CSV (one table per file). `week` is any Beijing date of the week
 * (default: this week); files are named 禁煤区周报-<Monday>.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type ServerContext, signed } from '../app.ts';
import { errorSchema } from '../schemas.ts';
import { weeklyReport } from '../weekly-report.ts';
import { CSV_PARTS, type CsvPart, weeklyReportCsv } from '../weekly-report-csv.ts';
import { reportWeek } from '../weekly-report-week.ts';
import { weeklyReportXlsx } from '../weekly-report-xlsx.ts';

const weekQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    week: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'any Beijing date of the week' },
  },
} as const;

/** A download's name, in the form every browser reads (RFC 6266 / RFC 5987) with an ASCII fallback. */
function attachment(reply: FastifyReply, monday: string, part: { zh: string; en: string }, extension: string): void {
  const name = `禁煤区周报-${monday}${part.zh}${extension}`;
  reply.header(
    'content-disposition',
    `attachment; filename="coalzone-weekly-${monday}${part.en}${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
}

/** Registers /admin/reports/weekly(.xlsx|.csv). */
export async function reportExportRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const admin = { preValidation: signed(ctx, { admin: true }) };
  const make = (week: string | undefined) => {
    const now = ctx.now();
    return weeklyReport(ctx.db, reportWeek(week, now), now);
  };

  app.get<{ Querystring: { week?: string } }>(
    '/admin/reports/weekly',
    {
      ...admin,
      schema: {
        summary:
          "The weekly report: live records by kind, status and district; the week's new records and status steps",
        querystring: weekQuery,
        response: { '4xx': errorSchema },
      },
    },
    async (request) => make(request.query.week),
  );

  app.get<{ Querystring: { week?: string } }>(
    '/admin/reports/weekly.xlsx',
    {
      ...admin,
      schema: {
        summary: 'The weekly report as an Excel workbook',
        querystring: weekQuery,
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const report = await make(request.query.week);
      attachment(reply, report.week.monday, { zh: '', en: '' }, '.xlsx');
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await weeklyReportXlsx(report));
    },
  );

  app.get<{ Querystring: { week?: string; part?: CsvPart } }>(
    '/admin/reports/weekly.csv',
    {
      ...admin,
      schema: {
        summary:
          "The weekly report as CSV: part=counts (records by district, kind and status) or part=changes (the week's changes)",
        querystring: {
          ...weekQuery,
          properties: { ...weekQuery.properties, part: { enum: [...CSV_PARTS] } },
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const part = request.query.part ?? 'counts';
      const report = await make(request.query.week);
      attachment(
        reply,
        report.week.monday,
        part === 'counts' ? { zh: '-统计', en: '-counts' } : { zh: '-本周变化', en: '-changes' },
        '.csv',
      );
      return reply.type('text/csv; charset=utf-8').send(weeklyReportCsv(report, part));
    },
  );
}
