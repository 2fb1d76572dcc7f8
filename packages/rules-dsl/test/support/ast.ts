/** Comparing syntax trees by meaning. */

/** A tree with its positions and comments left out (source ranges, comments, statement ranges): what two spellings of one rubric share. */
export const stripPositions = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(stripPositions)
    : x && typeof x === "object"
      ? Object.fromEntries(
          Object.entries(x)
            .filter(([k]) => !/range|Range|comments|statementRanges/.test(k))
            .map(([k, v]) => [k, stripPositions(v)]),
        )
      : x;
