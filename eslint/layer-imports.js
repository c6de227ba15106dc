/**
 * The layer rule (ARCHITECTURE.md, "Layers"): which folders a file may import from, decided by the
 * folder it sits in. Relative specifiers are resolved against the importing file, so every spelling
 * of a path (`../storage/db.ts`, `../../src/storage/db.ts`) counts the same; package imports are
 * not this rule's business. Type-only imports count too: a type ties two layers together as well.
 */
import path from 'node:path';

/**
 * @typedef {{ from: string; allow?: string[]; deny?: string[]; why: string }} Layer
 * `from`, `allow` and `deny` are folders relative to `root`; a layer has `allow` (nothing else) or `deny`.
 */

/** Whether `file` (relative to the root, `/`-separated) is `folder` or inside it. */
function inside(file, folder) {
  return file === folder || file.startsWith(`${folder}/`);
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports pointing the way the layers allow' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string' },
                allow: { type: 'array', items: { type: 'string' } },
                deny: { type: 'array', items: { type: 'string' } },
                why: { type: 'string' },
              },
              required: ['from', 'why'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: { crossing: '{{from}} may not import {{target}}: {{why}}' },
  },
  create(context) {
    const { root, layers } = /** @type {{ root: string; layers: Layer[] }} */ (context.options[0]);
    const relative = (absolute) => path.relative(root, absolute).split(path.sep).join('/');
    const file = relative(context.physicalFilename);
    // The innermost layer wins, so a sub-folder can be given rules of its own.
    const layer = layers.filter((l) => inside(file, l.from)).sort((a, b) => b.from.length - a.from.length)[0];
    if (!layer) return {};

    function check(node) {
      const specifier = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
      if (!specifier?.startsWith('.')) return;
      // `?raw`, `?worker` and the like name the same file.
      const target = relative(path.resolve(path.dirname(context.physicalFilename), specifier.replace(/\?.*$/, '')));
      if (target.startsWith('../')) return;
      const allowed = layer.allow
        ? layer.allow.some((folder) => inside(target, folder))
        : !(layer.deny ?? []).some((folder) => inside(target, folder));
      if (!allowed) context.report({ node, messageId: 'crossing', data: { from: layer.from, target, why: layer.why } });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
