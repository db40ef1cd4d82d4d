/**
 * Maximum-cardinality bipartite matching (Confluent `MaximumCardinalityMatch`), deterministic: pairs
 * without any difference are taken first (so a schema matched against itself reports nothing), then
 * augmenting paths (Kuhn) in original order complete the matching.
 */
export function maximumMatching(rows: number, cols: number, edge: (i: number, j: number) => boolean, clean: (i: number, j: number) => boolean): number[] {
  const rowMatch = new Array<number>(rows).fill(-1);
  const colMatch = new Array<number>(cols).fill(-1);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (colMatch[j] === -1 && edge(i, j) && clean(i, j)) {
        rowMatch[i] = j;
        colMatch[j] = i;
        break;
      }
    }
  }
  const augment = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < cols; j++) {
      if (colMatch[j] === -1 && edge(i, j)) {
        rowMatch[i] = j;
        colMatch[j] = i;
        return true;
      }
    }
    for (let j = 0; j < cols; j++) {
      if (seen[j] || !edge(i, j)) continue;
      seen[j] = true;
      const other = colMatch[j]!;
      if (augment(other, seen)) {
        rowMatch[i] = j;
        colMatch[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < rows; i++) {
    if (rowMatch[i] === -1) augment(i, new Array<boolean>(cols).fill(false));
  }
  return rowMatch;
}
