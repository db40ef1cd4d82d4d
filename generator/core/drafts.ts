import type { Draft } from './config.js';

export const DRAFTS: readonly Draft[] = ['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12'];

/** Canonical meta-schema URI per draft (what a `$schema` should say). */
export const DRAFT_URI: Record<Draft, string> = {
  'draft-04': 'http://json-schema.org/draft-04/schema#',
  'draft-06': 'http://json-schema.org/draft-06/schema#',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

/**
 * The draft a `$schema` URI names; http/https and a trailing `#` are accepted for every
 * draft (both spellings are common). undefined for anything else.
 */
export function draftFromSchemaUri(uri: string): Draft | undefined {
  const normalized = uri
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/#$/, '');
  switch (normalized) {
    case 'json-schema.org/draft-04/schema':
      return 'draft-04';
    case 'json-schema.org/draft-06/schema':
      return 'draft-06';
    case 'json-schema.org/draft-07/schema':
      return 'draft-07';
    case 'json-schema.org/draft/2019-09/schema':
      return '2019-09';
    case 'json-schema.org/draft/2020-12/schema':
      return '2020-12';
    default:
      return undefined;
  }
}

/** `$defs` from 2019-09 on, `definitions` before. */
export function definitionsKeyword(draft: Draft): '$defs' | 'definitions' {
  return draft === '2019-09' || draft === '2020-12' ? '$defs' : 'definitions';
}

/** `id` in draft-04, `$id` after. */
export function idKeyword(draft: Draft): 'id' | '$id' {
  return draft === 'draft-04' ? 'id' : '$id';
}
