import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './cli.js';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Compiles src/ into `dir` file by file, laid out as the repository is (`dir/src/cli.js`, `dir/package.json`,
 * `dir/node_modules` linked back), so paths the CLI finds relative to itself resolve as they do in dist/.
 * Each file is compiled alone, without type checking (`npm run typecheck` does that): the project sets
 * verbatimModuleSyntax, so the output is what tsc emits. Returns the path of cli.js.
 */
export function buildCli(dir: string): string {
  const settings = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (settings === undefined) throw new Error('tsconfig.build.json could not be read');
  // transpileModule cannot see package.json's "type": "module" that NodeNext goes by; ESNext emits the same ESM.
  const compilerOptions: ts.CompilerOptions = { ...settings.options, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, sourceMap: false };
  const out = join(dir, 'src');
  rmSync(out, { recursive: true, force: true });
  for (const file of sourceFiles(join(repoRoot, 'src'))) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
    const target = join(out, relative(join(repoRoot, 'src'), file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  rmSync(join(dir, 'node_modules'), { force: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return join(out, 'cli.js');
}
