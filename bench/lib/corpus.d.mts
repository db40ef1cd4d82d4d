type Json = any;
export function corpusSchema(i: number, rev: number): Record<string, Json>;
export function bundleWithMoney(schema: Record<string, Json>, money: Record<string, Json>): Record<string, Json>;
export function writeCorpus(
  dir: string,
  size: { types?: number; revisions?: number },
  tools: {
    canonicalize: (v: any) => any;
    schemaFingerprint: (v: any) => string;
    serializeLock: (lock: any) => string;
    bundle: (schema: Record<string, Json>, money: Record<string, Json>) => Record<string, Json>;
  },
): Promise<string[]>;
