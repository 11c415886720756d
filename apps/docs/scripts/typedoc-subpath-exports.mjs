// TypeDoc plugin: packages with subpath exports. A package whose typedoc.json lists more than one entry
// point (src/index.ts, plus e.g. src/numeric/index.ts for `@em/core/numeric`) would get one module per
// entry point, and its main exports would move from /api/<package>/ to /api/<package>/<path>/. This
// merges the module of src/index.ts into the package itself, so the main exports keep their pages and
// every other entry point is a sub-module (/api/core/numeric/): the same as `@mergeModuleWith <project>`
// in src/index.ts, without asking every package to carry a documentation-tool tag.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_BEGIN,
    (context) => {
      const project = context.project;
      const modules = (project.children ?? []).filter((child) =>
        child.kindOf(ReflectionKind.Module),
      );
      if (modules.length < 2) return;
      const main = modules.find((module) =>
        module.sources?.some((source) =>
          source.fullFileName.replaceAll('\\', '/').endsWith('/src/index.ts'),
        ),
      );
      if (!main) return;
      project.comment ??= main.comment;
      project.mergeReflections(main, project);
    },
    // Before TypeDoc's own @mergeModuleWith handling (priority 10000) and link resolution.
    20000,
  );
}
