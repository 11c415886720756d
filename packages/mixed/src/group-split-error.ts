import { InvalidInputError } from '@em/core';

/**
 * A group (level of the grouping factor) whose rows are not together in a streamed or sharded fit.
 * The E-step of a mixed model solves each group's random effects from all of that group's rows, so
 * a group's rows must be consecutive within one source (they may run across chunk boundaries) and in
 * one shard only. Sort or partition the rows by group (`ORDER BY` / `PARTITION BY` the grouping
 * column) before streaming them.
 *
 * @example
 * ```ts
 * import { GroupSplitError, LinearMixedModel } from '@em/mixed';
 * const chunks = [
 *   { y: [1, 2], X: [[1], [1]], groups: ['a', 'b'] },
 *   { y: [3, 4], X: [[1], [1]], groups: ['a', 'c'] }, // 'a' again after 'b'
 * ];
 * const error = await new LinearMixedModel().fitStream(chunks).catch((e) => e);
 * error instanceof GroupSplitError; // true
 * [error.group, error.chunk, error.row]; // ['a', 1, 2]
 * ```
 */
export class GroupSplitError extends InvalidInputError {
  /** `'GroupSplitError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'GroupSplitError';
  /** The group's label. */
  readonly group: string;
  /** 0-based chunk (within its source) where the group's rows resume; undefined for a split across shards. */
  readonly chunk: number | undefined;
  /** 0-based shard that holds the group a second time; undefined for a split within one source. */
  readonly shard: number | undefined;

  constructor(group: string, where: { chunk: number; row: number } | { shard: number; firstShard: number }) {
    const withinSource = 'chunk' in where;
    super(
      withinSource ? `source chunk ${where.chunk}` : `shard ${where.shard}`,
      withinSource
        ? `the rows of group ${JSON.stringify(group)} together (it appeared earlier and another group came in between): sort the rows by group`
        : `each group in one shard only (group ${JSON.stringify(group)} is also in shard ${where.firstShard}): partition the rows by group`,
      group,
      withinSource ? { row: where.row } : {},
    );
    this.group = group;
    this.chunk = withinSource ? where.chunk : undefined;
    this.shard = withinSource ? undefined : where.shard;
  }
}
