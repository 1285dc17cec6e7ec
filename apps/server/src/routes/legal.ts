/**
 * The instance's legal pages (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit):
 * Markdown files in `LEGAL_DIR` (`impressum.md`, and `impressum.en.md` for English), rendered
 * like posts (no raw HTML, only http(s) and mailto links). Read at each request, so an operator
 * changes a text without a restart. Public: they must be reachable without signing in.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { LEGAL_PAGES, LegalPage, LegalPageParams, type LegalPageName } from '@rotes-netz/shared';
import { NotFoundError, renderMarkdown } from '@rotes-netz/core';
import { requestLocale } from '../plugins/problems.ts';

async function readText(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

/** The pages whose German file exists (the English one is optional). */
export async function legalPagesOf(dir: string | undefined): Promise<LegalPageName[]> {
  if (!dir) return [];
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return LEGAL_PAGES.filter((page) => names.includes(`${page}.md`));
}

const problem = Type.Ref('Problem');

export const legalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/legal/:page',
    {
      schema: {
        tags: ['instance'],
        summary: 'A legal page of this instance (Impressum, Datenschutzerklärung, Barrierefreiheit)',
        params: LegalPageParams,
        response: { 200: LegalPage, 404: problem },
      },
    },
    async (request, reply) => {
      const dir = app.ctx.config.legalDir;
      const { page } = request.params;
      if (!dir) throw new NotFoundError('page');
      const wanted = requestLocale(request);
      const english = wanted === 'en' ? await readText(path.join(dir, `${page}.en.md`)) : undefined;
      const text = english ?? (await readText(path.join(dir, `${page}.md`)));
      if (text === undefined) throw new NotFoundError('page');
      const locale = english === undefined ? 'de' : 'en';
      void reply.header('cache-control', 'public, max-age=300').header('content-language', locale);
      return { page, locale, html: renderMarkdown(text) } as const;
    },
  );
};
