// @ts-check
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The layering rule of DESIGN.md ("Processes and folders"), resolved on real paths so that
 * `../app/x.js` from src-main/core is caught as surely as `src-main/app/x.js`.
 * One table says which layer may import which; test/unit/layering.test.ts proves it bites.
 */
const LAYERS = [
  'src-main/core',
  'src-main/app',
  'src-main/host',
  'src-main/demo',
  'src-shared',
  'src-preload',
  'src-renderer',
  'src-server',
  'src-pti-gateway',
];

/** @type {Record<string, { may: string[], typeOnly?: string[], electron?: boolean, node?: boolean, react?: boolean }>} */
const RULES = {
  'src-shared': { may: ['src-shared'], node: false, react: false },
  'src-main/core': { may: ['src-shared', 'src-main/core'] },
  'src-main/demo': {
    may: [
      'src-shared',
      'src-main/core',
      'src-main/demo',
      'src-server/embedded.ts',
      'src-pti-gateway/embedded.ts',
    ],
  },
  'src-main/host': {
    may: ['src-shared', 'src-main/core', 'src-main/demo', 'src-main/host', '(root)'],
  },
  'src-main/app': {
    may: ['src-shared', 'src-main/core', 'src-main/demo', 'src-main/app', '(root)'],
    electron: true,
  },
  'src-preload': { may: ['src-shared', 'src-preload'], electron: true },
  'src-renderer': { may: ['src-shared', 'src-renderer'], typeOnly: ['src-preload'], node: false },
  'src-server': { may: ['src-shared', 'src-server'] },
  'src-pti-gateway': { may: ['src-shared', 'src-pti-gateway'] },
};

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** @param {string} rel a path relative to the repository root, with forward slashes */
function layerOf(rel) {
  if (rel.startsWith('..')) return '(outside)';
  const layer = LAYERS.find((l) => rel === l || rel.startsWith(l + '/'));
  if (layer) return layer;
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '(root)';
}

/** Does `target` (a repo-relative path) fall under one of the allowed entries? */
function permitted(target, entries) {
  const noExt = target.replace(/\.(js|ts|tsx|mjs|cjs)$/, '');
  return entries.some((entry) => {
    if (entry === '(root)') return !target.includes('/');
    if (/\.tsx?$/.test(entry)) return noExt === entry.replace(/\.tsx?$/, '');
    return target === entry || target.startsWith(entry + '/');
  });
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the process layering of DESIGN.md' },
    schema: [
      { type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false },
    ],
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const fromRel = relative(root, context.filename).split(sep).join('/');
    const fromLayer = layerOf(fromRel);
    const rule = RULES[fromLayer];
    if (!rule) return {};

    /** @param {any} node @param {any} source @param {boolean} typeOnly */
    function check(node, source, typeOnly) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const report = (why) =>
        context.report({ node, message: `${fromLayer} must not import "${spec}": ${why}` });
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = relative(root, resolve(dirname(context.filename), spec))
          .split(sep)
          .join('/');
        if (permitted(target, rule.may)) return;
        if (typeOnly && rule.typeOnly && permitted(target, rule.typeOnly)) return;
        const toLayer = layerOf(target);
        const hint =
          rule.typeOnly && permitted(target, rule.typeOnly)
            ? ' (only `import type` is allowed from there)'
            : '';
        return report(
          `${toLayer} is outside what ${fromLayer} may depend on (${rule.may.join(', ')})${hint}.`,
        );
      }
      const bare =
        spec.split('/')[0] === spec
          ? spec
          : spec.startsWith('@')
            ? spec.split('/').slice(0, 2).join('/')
            : spec.split('/')[0];
      if (bare === 'electron' && !rule.electron)
        return report('only src-main/app and src-preload may use Electron.');
      if (rule.node === false && (nodeBuiltins.has(spec) || nodeBuiltins.has(bare)))
        return report('this layer has no Node.js; keep it pure.');
      if (rule.react === false && (bare === 'react' || bare === 'react-dom'))
        return report('src-shared is UI-free.');
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
    };
  },
};
