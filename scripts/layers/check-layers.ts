/**
 * The dependency rule: every import in the tree, at any folder depth, points down the layer graph
 * (scripts/layers/layer-graph.ts). `node --import tsx scripts/layers/check-layers.ts [root]` prints
 * each violation with the fix and exits 1; `--matrix` prints the folder-to-folder import counts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ENTRY_POINTS, LAYERS, PACKAGE_OWNERS, WORKFLOW_VALUE_IMPORTS } from './layer-graph.js';

const SKIPPED = new Set(['node_modules', '.git', '.tools', '.keel', 'dist', 'coverage', 'test-artifacts']);

export interface ImportEdge {
  file: string;
  line: number;
  specifier: string;
  /** Top-level folder of the imported file, or the package name for a bare specifier. */
  target: string;
  relative: boolean;
  typeOnly: boolean;
}

export interface Violation {
  file: string;
  line: number;
  /** What breaks the rule: the import, or the SQL call. */
  what: string;
  reason: string;
}

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(root);
  return files;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** Every import and re-export of a file, static or dynamic. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (literal: ts.StringLiteralLike, typeOnly: boolean) => {
    const specifier = literal.text;
    const relative = specifier.startsWith('.');
    const target = relative
      ? (path.relative(root, path.resolve(path.dirname(file), specifier)).split(path.sep)[0] ?? '')
      : packageName(specifier);
    const line = source.getLineAndCharacterOfPosition(literal.getStart()).line + 1;
    edges.push({ file: path.relative(root, file), line, specifier, target, relative, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
      add(node.moduleSpecifier, isTypeOnlyImport(node));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      add(node.moduleSpecifier, node.isTypeOnly);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      add(node.arguments[0], false);
    else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      add(node.argument.literal, true);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const rank = (folder: string): number => {
  const index = (LAYERS as readonly string[]).indexOf(folder);
  if (index >= 0) return index;
  return folder in ENTRY_POINTS ? LAYERS.length : -1;
};

/** Why `edge` breaks the graph, or null when it points down (or stays in its folder). */
export function violationOf(edge: ImportEdge): string | null {
  const from = edge.file.split(path.sep)[0] ?? '';
  if (rank(from) < 0) return null; // root-level config files (eslint, vitest) are not part of the graph
  if (!edge.relative) {
    const owners = PACKAGE_OWNERS[edge.target];
    if (owners && !owners.includes(from) && !edge.typeOnly)
      return `only ${owners.join(', ')} may import '${edge.target}': reach it through store/ (export a function there)`;
    if (owners && !owners.includes(from) && edge.typeOnly && edge.target === 'pg')
      return `only ${owners.join(', ')} may import '${edge.target}': import its types from store/db.js`;
    return null;
  }
  const to = edge.target;
  if (to === from) return null;
  if (rank(to) < 0)
    return `imports ${to}/, which is not a layer: move the code into one (scripts/layers/layer-graph.ts)`;
  if (from === 'workflows' && !edge.typeOnly && !WORKFLOW_VALUE_IMPORTS.includes(to))
    return `workflow code may import values only from ${WORKFLOW_VALUE_IMPORTS.join('/, ')}/ (and types from the layers below): move the definition into contracts/`;
  if (from in ENTRY_POINTS) {
    if (to in ENTRY_POINTS && !(ENTRY_POINTS[from] ?? []).includes(to))
      return `entry point ${from}/ may not import entry point ${to}/: move the shared code into a layer`;
    return null;
  }
  if (rank(to) > rank(from))
    return `${from}/ is below ${to}/ in the layer graph (${LAYERS.join(' → ')}): move the shared piece down, or the importer up`;
  return null;
}

const SQL_CALL =
  /\.query(?:<[^>]*>)?\(\s*[`'"]\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT|ROLLBACK|ANALYZE|LOCK|CREATE|DROP|ALTER)\b/gi;

/** SQL run outside store/ (and the places PACKAGE_OWNERS lets use pg): each call is a violation. */
export function sqlOutsideStore(root: string, file: string): Violation[] {
  const relative = path.relative(root, file);
  const folder = relative.split(path.sep)[0] ?? '';
  if ((PACKAGE_OWNERS.pg ?? []).includes(folder) || rank(folder) < 0) return [];
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SQL_CALL)].map((match) => ({
    file: relative,
    line: text.slice(0, match.index).split('\n').length,
    what: 'runs SQL',
    reason: 'SQL lives in store/: move the statement into a store/ function of its table family',
  }));
}

export function checkLayers(root: string): { edges: ImportEdge[]; violations: Violation[] } {
  const files = sourceFiles(root);
  const edges = files.flatMap((file) => importsOf(root, file));
  const violations = edges.flatMap((edge) => {
    const reason = violationOf(edge);
    return reason ? [{ file: edge.file, line: edge.line, what: `imports '${edge.specifier}'`, reason }] : [];
  });
  violations.push(...files.flatMap((file) => sqlOutsideStore(root, file)));
  return { edges, violations };
}

/** Imports between top-level folders, counted per importing file (a file importing a folder twice counts once). */
export function folderMatrix(edges: readonly ImportEdge[]): string {
  const pairs = new Set<string>();
  const counts = new Map<string, number>();
  for (const edge of edges) {
    const from = edge.file.split(path.sep)[0] ?? '';
    if (!edge.relative || edge.target === from || rank(from) < 0) continue;
    const key = `${edge.file}\0${edge.target}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    counts.set(`${from}\0${edge.target}`, (counts.get(`${from}\0${edge.target}`) ?? 0) + 1);
  }
  const folders = [...LAYERS, ...Object.keys(ENTRY_POINTS)];
  const width = Math.max(...folders.map((folder) => folder.length)) + 1;
  const cell = (text: string) => text.padStart(width);
  const rows = [cell('from \\ to') + folders.map(cell).join('')];
  for (const from of folders)
    rows.push(cell(from) + folders.map((to) => cell(String(counts.get(`${from}\0${to}`) ?? '.'))).join(''));
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const root = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? '.');
  const { edges, violations } = checkLayers(root);
  if (args.includes('--matrix')) console.log(folderMatrix(edges));
  for (const { file, line, what, reason } of violations) console.error(`${file}:${line}: ${what}: ${reason}`);
  if (violations.length > 0) {
    console.error(`layers: ${violations.length} import(s) break the layer graph`);
    process.exit(1);
  }
  console.log(`layers: ${edges.length} imports checked, all point down the graph`);
}
