import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@sessionscope/shared/errors';
import type { StackLog } from './system-daemons';

/** Paths of the launcher project in tools/opensearch (its target/ is git-ignored). */
export function launcherPaths(rootDir: string) {
  const toolDir = path.join(rootDir, 'tools', 'opensearch');
  return {
    toolDir,
    pom: path.join(toolDir, 'pom.xml'),
    source: path.join(toolDir, 'src', 'LocalOpenSearch.java'),
    libDir: path.join(toolDir, 'target', 'lib'),
    classesDir: path.join(toolDir, 'target', 'classes'),
    compiledClass: path.join(toolDir, 'target', 'classes', 'LocalOpenSearch.class'),
    /** Written after a complete `mvn dependency:copy-dependencies`; holds the pom's hash. */
    resolvedMarker: path.join(toolDir, 'target', 'lib', '.resolved'),
  };
}

export type PomDependency = { groupId: string; artifactId: string; version: string };

/** The direct dependencies of a pom, with `${property}` versions substituted. */
export function directDependencies(pomXml: string): PomDependency[] {
  const properties = new Map<string, string>();
  const propertiesBlock = /<properties>([\s\S]*?)<\/properties>/.exec(pomXml)?.[1] ?? '';
  for (const match of propertiesBlock.matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)) properties.set(match[1], match[2].trim());
  const substitute = (value: string) => value.replace(/\$\{([\w.-]+)\}/g, (whole, name: string) => properties.get(name) ?? whole);
  const dependencies: PomDependency[] = [];
  for (const match of pomXml.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const field = (name: string) => substitute(new RegExp(`<${name}>([^<]*)</${name}>`).exec(match[1])?.[1]?.trim() ?? '');
    dependencies.push({ groupId: field('groupId'), artifactId: field('artifactId'), version: field('version') });
  }
  return dependencies;
}

/** Jars of direct dependencies that are not in `jarNames`. */
export function missingJars(dependencies: PomDependency[], jarNames: string[]): string[] {
  const present = new Set(jarNames);
  return dependencies.map((dependency) => `${dependency.artifactId}-${dependency.version}.jar`).filter((jar) => !present.has(jar));
}

/**
 * True when target/lib holds what the pom asks for: either a marker of a complete resolution of this
 * very pom, or (a resolution done by hand, without a marker) every direct dependency's jar.
 */
export function jarsAreComplete(rootDir: string): boolean {
  const paths = launcherPaths(rootDir);
  const pomXml = fs.readFileSync(paths.pom, 'utf8');
  let jarNames: string[];
  try {
    jarNames = fs.readdirSync(paths.libDir).filter((name) => name.endsWith('.jar'));
  } catch {
    return false;
  }
  if (fs.existsSync(paths.resolvedMarker)) return fs.readFileSync(paths.resolvedMarker, 'utf8').trim() === hashOf(pomXml);
  return missingJars(directDependencies(pomXml), jarNames).length === 0;
}

/** Resolves the jars with Maven when needed and compiles the launcher when its class is missing or old. */
export function prepareLauncher(rootDir: string, log: StackLog): void {
  const paths = launcherPaths(rootDir);
  if (!jarsAreComplete(rootDir)) {
    log('resolving the OpenSearch jars from Maven Central (mvn dependency:copy-dependencies; a minute on a cold cache)');
    requireTool('mvn', 'Maven is needed to fetch the OpenSearch jars: apt-get install -y maven');
    fs.rmSync(paths.libDir, { recursive: true, force: true });
    runIn(paths.toolDir, 'mvn', ['-B', '-q', '-f', 'pom.xml', 'dependency:copy-dependencies', '-DoutputDirectory=target/lib']);
    // Maven also copies the log4j-core that OpenSearch declares; two log4j-core versions on one
    // classpath break logging, and the pom pins the newer one.
    for (const name of fs.readdirSync(paths.libDir)) {
      if (/^log4j-core-2\.21.*\.jar$/.test(name)) fs.rmSync(path.join(paths.libDir, name));
    }
    fs.writeFileSync(paths.resolvedMarker, `${hashOf(fs.readFileSync(paths.pom, 'utf8'))}\n`);
    log(`OpenSearch jars ready in ${path.relative(rootDir, paths.libDir)}`);
  }
  const compiledMs = fs.existsSync(paths.compiledClass) ? fs.statSync(paths.compiledClass).mtimeMs : 0;
  if (compiledMs < fs.statSync(paths.source).mtimeMs) {
    log('compiling tools/opensearch/src/LocalOpenSearch.java');
    requireTool('javac', 'a JDK 17 is needed to compile the OpenSearch launcher: apt-get install -y openjdk-17-jdk-headless');
    runIn(paths.toolDir, 'javac', ['-d', 'target/classes', '-cp', 'target/lib/*', 'src/LocalOpenSearch.java']);
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function requireTool(command: string, hint: string): void {
  const probe = spawnSync(command, ['-version'], { stdio: 'ignore' });
  if (probe.error) throw new AppError('unavailable', 'OPENSEARCH_TOOL_MISSING', `${command} was not found; ${hint}`, { cause: probe.error });
}

function runIn(cwd: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new AppError('unavailable', 'OPENSEARCH_PREPARE_FAILED', `${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${output}`, {
      cause: result.error,
    });
  }
}
