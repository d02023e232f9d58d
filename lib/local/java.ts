import { execFile } from 'node:child_process';

/** No usable Java: DynamoDB Local is a Java program, so the local runtime cannot start. */
export class JavaMissing extends Error {
  override name = 'JavaMissing';
  constructor(
    readonly javaPath: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `DynamoDB Local needs Java 17 or later, but "${javaPath}" ${detail}. ` +
        'Install it (Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; ' +
        'macOS: `brew install openjdk@17`), or pass the path of a java binary.',
      options,
    );
  }
}

/**
 * Runs `java -version` before starting anything, and resolves with what it printed. Spawning
 * the server with a missing binary would also fail with ENOENT, but a broken install (the macOS
 * `/usr/bin/java` stub without a JDK, say) exits with an error that would otherwise look like a
 * server crash.
 */
export function checkJava(javaPath: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(javaPath, ['-version'], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (!error) return resolve(`${stderr}${stdout}`);
      const code = (error as NodeJS.ErrnoException).code;
      const detail =
        code === 'ENOENT'
          ? 'was not found'
          : code === 'EACCES'
            ? 'is not executable'
            : `failed to run (${lastLines(stderr || error.message, 3)})`;
      reject(new JavaMissing(javaPath, detail, { cause: error }));
    });
  });
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' / ');
}
