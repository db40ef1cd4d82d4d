/** Subject and reference names: how event types and shared schemas are named in a registry. Pure. */
import type { SubjectNameStrategy } from '../core/config.js';

/**
 * Subject of an event type under a naming strategy (Confluent's serializer strategies):
 * RecordNameStrategy → `<eventType>` (the envelope's `title`), TopicRecordNameStrategy →
 * `<topic>-<eventType>`, TopicNameStrategy → `<topic>-value`.
 */
export function eventSubject(strategy: SubjectNameStrategy, event: { topic: string; eventType: string }): string {
  switch (strategy) {
    case 'RecordNameStrategy':
      return event.eventType;
    case 'TopicRecordNameStrategy':
      return `${event.topic}-${event.eventType}`;
    case 'TopicNameStrategy':
      return `${event.topic}-value`;
  }
}

/**
 * Reference name of a shared schema: `/` + its path relative to `schemas/`, e.g.
 * `/_shared/money.json`. This is the string written in `$ref` of registered schemas
 * (registries resolve `$ref` by name) and the referenced schema's `$id`; the leading `/`
 * makes it resolve to itself against any referrer's `$id`.
 */
export function sharedReferenceName(file: string): string {
  return '/' + (file.startsWith('schemas/') ? file.slice('schemas/'.length) : file);
}

/**
 * Subject of a shared schema: the reference name without `.json`, `/` → `.`,
 * e.g. `schemas/_shared/money.json` → `_shared.money`. No `/` so it survives every
 * registry's URL routing.
 */
export function sharedSubject(file: string): string {
  return sharedReferenceName(file)
    .slice(1)
    .replace(/\.json$/, '')
    .replace(/\//g, '.');
}
