// TypeDoc plugin: every exported symbol of a package must show an @example (a team rule; see
// shared/DESIGN.md). With treatWarningsAsErrors, a missing example fails the docs build.
import { Converter, ReflectionKind } from 'typedoc';

const NEEDS_EXAMPLE =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.Function |
  ReflectionKind.Variable |
  ReflectionKind.TypeAlias |
  ReflectionKind.Enum;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (!reflection.kindOf(NEEDS_EXAMPLE)) continue;
      // Top-level exports only: members of a class or interface are documented with it.
      if (!reflection.parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project)) continue;
      const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
      if (comments.some((comment) => comment?.getTag('@example'))) continue;
      app.logger.warn(`${reflection.getFriendlyFullName()} has no @example in its TSDoc`);
    }
  });
}
