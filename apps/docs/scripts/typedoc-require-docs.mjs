// TypeDoc plugin: the documentation rules of this repository, checked at build time.
//   1. Every export of a package has a description and an @example (see shared/DESIGN.md).
//   2. Every property, method and accessor of an exported class or interface has a description.
// Members of inline object types (a return type written as `{ X; labels }`, say) are described by
// their parent's comment and are not checked one by one; that is the difference from TypeDoc's own
// `validation.notDocumented`, which is turned off in typedoc.config.mjs in favour of this.
// Each finding is a warning, and treatWarningsAsErrors makes the docs build fail on it.
import { Converter, ReflectionKind } from 'typedoc';

const EXPORT =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.Function |
  ReflectionKind.Variable |
  ReflectionKind.TypeAlias |
  ReflectionKind.Enum;
const MEMBER =
  ReflectionKind.Property | ReflectionKind.Method | ReflectionKind.Accessor;

/** The comments that can describe a reflection: its own, its signatures', its accessors'. */
function comments(reflection) {
  return [
    reflection.comment,
    ...(reflection.signatures ?? []).map((signature) => signature.comment),
    reflection.getSignature?.comment,
    reflection.setSignature?.comment,
  ].filter(Boolean);
}

const hasSummary = (reflection) =>
  comments(reflection).some((comment) =>
    comment.summary.some((part) => part.text.trim()),
  );
const hasExample = (reflection) =>
  comments(reflection).some((comment) => comment.getTag('@example'));
const where = (reflection) => {
  const source =
    reflection.sources?.[0] ?? reflection.signatures?.[0]?.sources?.[0];
  return source ? ` (${source.fileName}:${source.line})` : '';
};

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const module = context.project.name;
    for (const reflection of Object.values(context.project.reflections)) {
      const parent = reflection.parent;
      if (
        reflection.kindOf(EXPORT) &&
        parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project)
      ) {
        if (!hasSummary(reflection))
          app.logger.warn(
            `${module}: ${reflection.name} has no description${where(reflection)}`,
          );
        if (!hasExample(reflection))
          app.logger.warn(
            `${module}: ${reflection.name} has no @example${where(reflection)}`,
          );
      } else if (
        reflection.kindOf(MEMBER) &&
        parent?.kindOf(ReflectionKind.Class | ReflectionKind.Interface) &&
        !reflection.inheritedFrom &&
        !hasSummary(reflection)
      ) {
        app.logger.warn(
          `${module}: ${parent.name}.${reflection.name} has no description${where(reflection)}`,
        );
      }
    }
  });
}
