import { ContractsError } from '../core/errors.js';

/**
 * A `$ref` that cannot be resolved inside the document or its supplied references (remote refs are
 * never fetched). Confluent throws too (`IllegalStateException("Unresolved $ref …")`), so a verdict
 * would be meaningless: the caller turns this into a diagnostic (it is a ContractsError, so the CLI
 * prints it with exit code 2 and no stack).
 */
export class UnresolvedRefError extends ContractsError {
  override name = 'UnresolvedRefError';
  constructor(
    /** The `$ref` value as written. */
    readonly ref: string,
    /** Which schema holds it: 'previous'/'next' from compareSchemas, 'original'/'update' from diffSchemas. */
    readonly document: string,
    /** JSON pointer of the object holding the `$ref` ('' for the root). */
    readonly pointer: string,
    /** Why it failed. */
    readonly reason: string,
    /** The supplied reference (`withReferences` name) holding the `$ref`; undefined when it is in the schema itself. */
    readonly reference?: string,
  ) {
    super(
      `Cannot resolve \`$ref\` "${ref}" at \`#${pointer}\` in ${reference === undefined ? `the ${document} schema` : `the referenced document "${reference}" of the ${document} schema`}: ${reason}.`,
      'Point the `$ref` at a definition in the same document (`#/$defs/…`) or pass the referenced schema in `references`; remote references are never fetched.',
    );
  }
}
