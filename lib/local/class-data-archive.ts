import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive } from './data-folder.js';
import { copyJarWithoutClassPath, type JarLaunch } from './jar-class-path.js';

/**
 * Class-data sharing for DynamoDB Local (Java 17 AppCDS): the first start records the classes
 * it loads into an archive when it exits, and every later start maps them from that archive
 * instead of reading, parsing and verifying them out of 160 jars again. Measured on a 2-core
 * box: first answer in about 1.2 s instead of 2.0 s, and less CPU taken from whatever runs
 * beside it. Nothing here is needed for DynamoDB Local to work: when any step fails, the
 * server starts the plain way, and java itself ignores an archive that no longer matches its
 * jars or its own version.
 */

/** Under the project, gitignored, like the prebuilt CLI: one folder per java version and jar. */
export const DEFAULT_CLASS_DATA_DIR = fileURLToPath(new URL('../../.build/dynamodb-local', import.meta.url));

export type ClassDataUse =
  /** Started from the archive. */
  | 'shared'
  /** No archive yet: this start writes it when it exits. */
  | 'recording'
  /** No archive (another start is recording it, or it could not be prepared). */
  | 'none';

export interface JavaLaunchPlan {
  use: ClassDataUse;
  /** What follows the JVM flags on java's command line: the class path and the main class. */
  args: string[];
  /** Called once the JVM has exited; keeps a recorded archive only after an orderly exit. */
  exited(orderly: boolean): void;
}

export function plainLaunch(jarDir: string): JavaLaunchPlan {
  return { use: 'none', args: ['-jar', join(jarDir, 'DynamoDBLocal.jar')], exited: () => {} };
}

/**
 * How to launch the jar in `jarDir` with `java` (whose `-version` text is `javaVersion`),
 * keeping the archive and the jar copy it needs under `root`.
 */
export function classDataLaunch(jarDir: string, javaVersion: string, root: string): JavaLaunchPlan {
  try {
    const archive = classDataArchivePath(jarDir, javaVersion, root);
    const dir = dirname(archive);
    mkdirSync(dir, { recursive: true });
    const launch = jarLaunch(join(jarDir, 'DynamoDBLocal.jar'), dir);
    const args = ['-cp', [join(dir, 'DynamoDBLocal.jar'), ...launch.libraries].join(delimiter), launch.mainClass];
    if (existsSync(archive)) return { use: 'shared', args: [`-XX:SharedArchiveFile=${archive}`, ...args], exited: () => {} };
    const partialOf = (pid: number) => `${archive}.${pid}.tmp`;
    const release = takeRecording(join(dir, 'recording'), (pid) => rmSync(partialOf(pid), { force: true }));
    if (!release) return { use: 'none', args, exited: () => {} };
    const partial = partialOf(process.pid);
    let settled = false;
    return {
      use: 'recording',
      args: [`-XX:ArchiveClassesAtExit=${partial}`, ...args],
      exited(orderly) {
        // A child can report both 'error' and 'exit': the first report decides.
        if (settled) return;
        settled = true;
        try {
          if (orderly && existsSync(partial)) renameSync(partial, archive);
        } finally {
          rmSync(partial, { force: true });
          release();
        }
      },
    };
  } catch {
    return plainLaunch(jarDir);
  }
}

/** Where the archive for this java and this jar is (or will be): a folder per pair under `root`. */
export function classDataArchivePath(jarDir: string, javaVersion: string, root: string): string {
  const jar = join(jarDir, 'DynamoDBLocal.jar');
  const { size, mtimeMs } = statSync(jar);
  const key = createHash('sha256').update(JSON.stringify([javaVersion, jar, size, mtimeMs])).digest('hex').slice(0, 16);
  return join(root, key, 'classes.jsa');
}

/** The jar copy without Class-Path (made once per folder) and what its manifest said. */
function jarLaunch(jar: string, dir: string): JarLaunch {
  const recorded = join(dir, 'launch.json');
  if (existsSync(recorded) && existsSync(join(dir, 'DynamoDBLocal.jar'))) return JSON.parse(readFileSync(recorded, 'utf8')) as JarLaunch;
  const launch = copyJarWithoutClassPath(jar, join(dir, 'DynamoDBLocal.jar'));
  const temporary = `${recorded}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(launch));
  renameSync(temporary, recorded);
  return launch;
}

/**
 * One recording at a time (each writes a ~50 MB archive as its JVM exits): the marker names
 * the recording process, and a marker left by a process that died is taken over, after
 * `forget` removes what that process may have left half written.
 */
function takeRecording(marker: string, forget: (pid: number) => void): (() => void) | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(marker, String(process.pid), { flag: 'wx' });
      return () => rmSync(marker, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      const pid = Number(readFileSync(marker, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) return undefined;
      if (Number.isInteger(pid) && pid > 0) forget(pid);
      rmSync(marker, { force: true });
    }
  }
  return undefined;
}
